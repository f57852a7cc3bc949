package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.ppr.ExactPpr;
import dev.tessera.ppr.PersonalizedPageRank;
import dev.tessera.ppr.PprResult;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera bench ppr --dataset D}: times the push PPR of all nodes (top-k kept) and, on sampled sources,
 * checks it against exact PPR by power iteration: max over v of (exact - push) / deg(v) (deg 0 counted as 1),
 * the smallest error (negative would mean an overestimate), mean L1 error, and the recall of the exact top-k
 * within the push top-k, the measures of PyG's {@code peers/ppr.py}.
 */
@Command(name = "ppr",
        description = {"Time the push personalized PageRank of every node (top-k kept) and check it against exact PPR "
                + "(power iteration) on sampled sources.",
            "Prints nodes, edges, top-k, median seconds (load and warm-up excluded), mean push operations per node "
                + "and the accuracy check."})
final class BenchPprCommand implements Callable<Integer> {
    private static final double EXACT_TOLERANCE = 1e-10;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Mixin
    private PprOptions ppr;

    @Option(names = "--dataset", paramLabel = "D", required = true,
            description = "A dataset folder or file, or a dataset name.")
    private String dataset;

    @Option(names = "--topk", paramLabel = "K", defaultValue = "32", description = "Neighbours kept per node (default: ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "3", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "1", description = "Untimed runs first, for the JIT (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--check", paramLabel = "S", defaultValue = "200",
            description = "Sampled sources checked against exact PPR; 0 skips the check (default: ${DEFAULT-VALUE}).")
    private int check;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed for the checked sources (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        if (topK < 1 || repeat < 1 || warmup < 0 || check < 0) {
            throw new TesseraException("--topk and --repeat must be at least 1, --warmup and --check at least 0");
        }
        PersonalizedPageRank push = ppr.build(topK);
        GraphDataset ds = data.loader(spec.commandLine().getErr()).load(dataset);
        CsrGraph g = ds.graph();
        for (int i = 0; i < warmup; i++) {
            push.compute(g);
        }
        double[] seconds = new double[repeat];
        PprResult result = null;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            result = push.compute(g);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        double median = median(seconds);
        Check c = check > 0 && g.numNodes() > 0 ? check(push, g, result) : null;

        var out = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode o = Json.object().put("dataset", ds.name()).put("nodes", g.numNodes()).put("edges", g.numEdges())
                    .put("topk", topK).put("alpha", push.alpha()).put("eps", push.epsilon()).put("threads", push.threads());
            Json.putNumber(o, "seconds", median);
            ArrayNode runs = o.putArray("seconds_runs");
            for (double s : seconds) {
                runs.add(s);
            }
            Json.putNumber(o, "mean_push_ops", result.meanPushOps());
            if (c != null) {
                ObjectNode j = o.putObject("check");
                j.put("sources", c.sources);
                Json.putNumber(j, "max_err_over_deg", c.maxErrOverDeg);
                Json.putNumber(j, "min_err", c.minErr);
                Json.putNumber(j, "mean_l1", c.meanL1);
                Json.putNumber(j, "topk_recall", c.recall);
            }
            Json.print(out, o);
        } else {
            TextTable t = new TextTable();
            t.row("dataset", ds.name());
            t.row("nodes", Integer.toString(g.numNodes()));
            t.row("edges", Long.toString(g.numEdges()));
            t.row("alpha / eps / top-k", push.alpha() + " / " + push.epsilon() + " / " + topK);
            t.row("threads", Integer.toString(push.threads()));
            t.row("seconds (median)", String.format(Locale.ROOT, "%.3f of %s", median, Arrays.toString(round(seconds))));
            t.row("push ops per node", String.format(Locale.ROOT, "%.1f", result.meanPushOps()));
            if (c != null) {
                t.row("checked sources", Integer.toString(c.sources));
                t.row("max (exact - push) / deg", String.format(Locale.ROOT, "%.3g", c.maxErrOverDeg));
                t.row("min (exact - push)", String.format(Locale.ROOT, "%.3g", c.minErr));
                t.row("mean L1 error", String.format(Locale.ROOT, "%.4f", c.meanL1));
                t.row("top-" + topK + " recall", String.format(Locale.ROOT, "%.4f", c.recall));
            }
            t.print(out);
        }
        return 0;
    }

    private record Check(int sources, double maxErrOverDeg, double minErr, double meanL1, double recall) {
    }

    private Check check(PersonalizedPageRank push, CsrGraph g, PprResult result) {
        int n = g.numNodes();
        int m = Math.min(check, n);
        // m distinct sources, seeded: a partial Fisher-Yates shuffle.
        int[] ids = IntStream.range(0, n).toArray();
        Random rnd = new Random(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int tmp = ids[i];
            ids[i] = ids[j];
            ids[j] = tmp;
        }
        int[] sources = Arrays.copyOf(ids, m);
        Arrays.sort(sources);
        // Exact vectors in blocks of 32 sources, the blocks in parallel.
        double[][] exact = new double[m][];
        int blocks = (m + 31) / 32;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int[] part = Arrays.copyOfRange(sources, b * 32, Math.min(m, b * 32 + 32));
            double[][] e = ExactPpr.compute(g, part, push.alpha(), EXACT_TOLERANCE);
            System.arraycopy(e, 0, exact, b * 32, e.length);
        });
        double maxErr = Double.NEGATIVE_INFINITY;
        double minErr = Double.POSITIVE_INFINITY;
        double l1 = 0;
        double recall = 0;
        for (int i = 0; i < m; i++) {
            int s = sources[i];
            double[] p = push.vector(g, s);
            double[] x = exact[i];
            for (int v = 0; v < n; v++) {
                double err = x[v] - p[v];
                maxErr = Math.max(maxErr, err / Math.max(1, g.degree(v)));
                minErr = Math.min(minErr, err);
                l1 += Math.abs(err);
            }
            Set<Integer> got = new HashSet<>();
            for (int j = 0; j < topK; j++) {
                int v = result.neighbor(s, j);
                if (v >= 0) {
                    got.add(v);
                }
            }
            int[] best = IntStream.range(0, n).filter(v -> x[v] > 0 && (push.includeSelf() || v != s)).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(v -> -x[v]).thenComparingInt(v -> v))
                    .limit(topK).mapToInt(Integer::intValue).toArray();
            int hit = 0;
            for (int v : best) {
                hit += got.contains(v) ? 1 : 0;
            }
            recall += best.length == 0 ? 1 : (double) hit / best.length;
        }
        return new Check(m, maxErr, minErr, l1 / m, recall / m);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int k = s.length / 2;
        return s.length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }

    private static double[] round(double[] xs) {
        double[] r = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            r[i] = Math.round(xs[i] * 1000) / 1000.0;
        }
        return r;
    }
}
