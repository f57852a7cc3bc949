package dev.tessera.gqt.tokenizer;

import dev.tessera.gqt.rvq.RvqStats;
import java.util.Locale;

/**
 * One training epoch of the tokenizer: the weighted total and each loss unweighted (NaN when off), the quantizer's
 * statistics on the clean view, and the epoch's wall time.
 */
public record EpochLog(int epoch, double loss, double dgi, double reconstruction, double distillation,
                       double commitment, RvqStats rvq, double millis) {

    /** @return e.g. {@code epoch 3 loss 2.1 dgi 1.3 rec 0.41 bgrl 0.22 commit 0.05 usage 0.98/0.95/0.93 ppl 201/180/170} */
    public String line() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d loss %.4f", epoch, loss));
        append(b, "dgi", dgi);
        append(b, "rec", reconstruction);
        append(b, "bgrl", distillation);
        append(b, "commit", commitment);
        b.append(" usage");
        double[] u = rvq.usage();
        double[] p = rvq.perplexity();
        for (int k = 0; k < u.length; k++) {
            b.append(k == 0 ? " " : "/").append(String.format(Locale.ROOT, "%.2f", u[k]));
        }
        b.append(" ppl");
        for (int k = 0; k < p.length; k++) {
            b.append(k == 0 ? " " : "/").append(String.format(Locale.ROOT, "%.0f", p[k]));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String name, double v) {
        if (!Double.isNaN(v)) {
            b.append(String.format(Locale.ROOT, " %s %.4f", name, v));
        }
    }
}
