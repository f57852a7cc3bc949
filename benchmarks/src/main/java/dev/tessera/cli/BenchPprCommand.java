package dev.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
 * within the push top-k, the measures of PyG's {@code peers/ppr.py}; the last two also for the bare push estimate
 * {@code p} (PyG's weights). {@code --eps-list} sweeps tolerances over the same exact vectors.
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

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "5", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "3", description = "Untimed runs first, for the JIT (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--check", paramLabel = "S", defaultValue = "200",
            description = "Sampled sources checked against exact PPR; 0 skips the check (default: ${DEFAULT-VALUE}).")
    private int check;

    @Option(names = "--eps-list", paramLabel = "E1,E2", split = ",",
            description = "Sweep these tolerances instead of --eps, reusing the exact vectors; prints one row each.")
    private double[] epsList;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed for the checked sources (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        if (topK < 1 || repeat < 1 || warmup < 0 || check < 0) {
            throw new TesseraException("--topk and --repeat must be at least 1, --warmup and --check at least 0");
        }
        ppr.build(topK); // checks the options before the dataset is read
        GraphDataset ds = data.loader(spec.commandLine().getErr()).load(dataset);
        CsrGraph g = ds.graph();
        double[] tolerances = epsList == null ? new double[] {ppr.eps} : epsList;
        List<ObjectNode> rows = new ArrayList<>();
        for (double e : tolerances) {
            ppr.eps = e;
            rows.add(measure(ppr.build(topK), g));
        }
        var out = spec.commandLine().getOut();
        ObjectNode first = rows.get(0);
        if (output.json) {
            ObjectNode o = Json.object().put("dataset", ds.name()).put("nodes", g.numNodes()).put("edges", g.numEdges())
                    .put("topk", topK).put("alpha", ppr.alpha).put("threads", first.get("threads").asInt());
            if (epsList == null) {
                o.setAll(first);
            } else {
                ArrayNode runs = o.putArray("runs");
                rows.forEach(runs::add);
            }
            Json.print(out, o);
        } else if (epsList == null) {
            TextTable t = new TextTable();
            t.row("dataset", ds.name());
            t.row("nodes", g.numNodes());
            t.row("edges", g.numEdges());
            t.row("alpha / eps / top-k", ppr.alpha + " / " + first.get("eps").asDouble() + " / " + topK);
            t.row("threads", first.get("threads").asInt());
            t.row("seconds (median)", fmt("%.3f", first.get("seconds").asDouble()) + " of " + first.get("seconds_runs"));
            t.row("push ops per node", fmt("%.1f", first.get("mean_push_ops").asDouble()));
            JsonNode c = first.get("check");
            if (c != null) {
                t.row("checked sources", c.get("sources").asInt());
                t.row("max (exact - push) / deg", fmt("%.3g", c.get("max_err_over_deg").asDouble()));
                t.row("min (exact - push)", fmt("%.3g", c.get("min_err").asDouble()));
                t.row("mean L1 error", fmt("%.4f", c.get("mean_l1").asDouble()));
                t.row("top-" + topK + " recall", fmt("%.4f", c.get("topk_recall").asDouble()));
                t.row("with bare p: L1 / recall", fmt("%.4f", c.get("mean_l1_bare_p").asDouble()) + " / "
                        + fmt("%.4f", c.get("topk_recall_bare_p").asDouble()));
            }
            t.print(out);
        } else {
            out.println(ds.name() + ": " + g.numNodes() + " nodes, " + g.numEdges() + " edges, alpha " + ppr.alpha
                    + ", top-" + topK + ", " + first.get("threads").asInt() + " threads");
            TextTable t = new TextTable("eps", "seconds", "push ops/node", "max err/deg", "L1", "recall", "L1 bare p",
                    "recall bare p");
            for (ObjectNode r : rows) {
                JsonNode c = r.get("check");
                t.row(r.get("eps").asDouble(), fmt("%.3f", r.get("seconds").asDouble()),
                        fmt("%.1f", r.get("mean_push_ops").asDouble()),
                        c == null ? "" : fmt("%.3g", c.get("max_err_over_deg").asDouble()),
                        c == null ? "" : fmt("%.4f", c.get("mean_l1").asDouble()),
                        c == null ? "" : fmt("%.4f", c.get("topk_recall").asDouble()),
                        c == null ? "" : fmt("%.4f", c.get("mean_l1_bare_p").asDouble()),
                        c == null ? "" : fmt("%.4f", c.get("topk_recall_bare_p").asDouble()));
            }
            t.print(out);
        }
        return 0;
    }

    /** Times one configuration (median of the timed runs after the warm-up) and checks it. */
    private ObjectNode measure(PersonalizedPageRank push, CsrGraph g) {
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
        ObjectNode o = Json.object().put("eps", push.epsilon()).put("threads", push.threads());
        Json.putNumber(o, "seconds", median(seconds));
        ArrayNode runs = o.putArray("seconds_runs");
        for (double x : round(seconds)) {
            runs.add(x);
        }
        Json.putNumber(o, "mean_push_ops", result.meanPushOps());
        if (check > 0 && g.numNodes() > 0) {
            Check c = check(push, g, result);
            ObjectNode j = o.putObject("check");
            j.put("sources", c.sources);
            Json.putNumber(j, "max_err_over_deg", c.maxErrOverDeg);
            Json.putNumber(j, "min_err", c.minErr);
            Json.putNumber(j, "mean_l1", c.meanL1);
            Json.putNumber(j, "topk_recall", c.recall);
            Json.putNumber(j, "mean_l1_bare_p", c.meanL1Bare);
            Json.putNumber(j, "topk_recall_bare_p", c.recallBare);
        }
        return o;
    }

    private static String fmt(String f, double x) {
        return String.format(Locale.ROOT, f, x);
    }

    private record Check(int sources, double maxErrOverDeg, double minErr, double meanL1, double recall,
            double meanL1Bare, double recallBare) {
    }

    private int[] checkSources;
    private double[][] exact;

    private Check check(PersonalizedPageRank push, CsrGraph g, PprResult result) {
        if (exact == null) {
            exactVectors(push.alpha(), g);
        }
        int n = g.numNodes();
        int[] sources = checkSources;
        int m = sources.length;
        PersonalizedPageRank bare = push.residualEstimate() ? PersonalizedPageRank.builder().setAlpha(push.alpha())
                .optEpsilon(push.epsilon()).optTopK(topK).optIncludeSelf(push.includeSelf())
                .optResidualEstimate(false).optThreads(1).build() : push;
        double maxErr = Double.NEGATIVE_INFINITY;
        double minErr = Double.POSITIVE_INFINITY;
        double l1 = 0;
        double recall = 0;
        double l1Bare = 0;
        double recallBare = 0;
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
            int[] best = top(x, s, push.includeSelf());
            recall += recall(best, got);
            double[] pb = bare.vector(g, s);
            for (int v = 0; v < n; v++) {
                l1Bare += Math.abs(x[v] - pb[v]);
            }
            Set<Integer> gotBare = new HashSet<>();
            for (int v : top(pb, s, push.includeSelf())) {
                gotBare.add(v);
            }
            recallBare += recall(best, gotBare);
        }
        return new Check(m, maxErr, minErr, l1 / m, recall / m, l1Bare / m, recallBare / m);
    }

    /** The k strongest positive entries of a vector, ties by id. */
    private int[] top(double[] x, int s, boolean includeSelf) {
        return IntStream.range(0, x.length).filter(v -> x[v] > 0 && (includeSelf || v != s)).boxed()
                .sorted(Comparator.<Integer>comparingDouble(v -> -x[v]).thenComparingInt(v -> v))
                .limit(topK).mapToInt(Integer::intValue).toArray();
    }

    private static double recall(int[] best, Set<Integer> got) {
        int hit = 0;
        for (int v : best) {
            hit += got.contains(v) ? 1 : 0;
        }
        return best.length == 0 ? 1 : (double) hit / best.length;
    }

    private void exactVectors(double alpha, CsrGraph g) {
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
        double[][] ex = new double[m][];
        int blocks = (m + 31) / 32;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int[] part = Arrays.copyOfRange(sources, b * 32, Math.min(m, b * 32 + 32));
            double[][] e = ExactPpr.compute(g, part, alpha, EXACT_TOLERANCE);
            System.arraycopy(e, 0, ex, b * 32, e.length);
        });
        checkSources = sources;
        exact = ex;
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
