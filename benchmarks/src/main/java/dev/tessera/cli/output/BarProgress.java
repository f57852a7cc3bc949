package dev.tessera.cli.output;

import dev.tessera.progress.Progress;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link Progress} as a redrawn terminal bar with count, rate and ETA (the progressbar library), for people
 * watching a terminal. Use {@link ConsoleProgress#forStderr} to choose between this and {@link LogProgress}.
 */
public final class BarProgress implements Progress {
    private final PrintStream out;

    /** @param out the terminal stream (stderr) */
    public BarProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public Task start(String name, long total, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out));
        if (total >= 0) {
            // A rate and ETA only mean something for counted work; one-shot tasks show elapsed time.
            if (unit.equals("B")) {
                // Files and downloads: MiB with one decimal, not 79244186 B at 11320598.0 B/s.
                b.setUnit(" MiB", 1 << 20).showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            } else {
                b.setUnit(" " + unit, 1).showSpeed();
            }
        } else {
            b.hideEta();
        }
        ProgressBar bar = b.build();
        return new Task() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void message(String text) {
                bar.setExtraMessage(text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
