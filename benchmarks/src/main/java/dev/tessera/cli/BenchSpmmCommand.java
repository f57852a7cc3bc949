package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.bench.UniformGraph;
import dev.tessera.cli.output.Json;
import dev.tessera.graph.CsrGraph;
import dev.tessera.sparse.SpMM;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera bench spmm}: Y = A·X with {@link SpMM} on the uniform random graph of {@link UniformGraph}
 * (E pairs over N nodes, duplicates summed, weights U(0, 1)) and X [N, C] uniform in (-1, 1). Runs {@code --warmup}
 * untimed products, then {@code --runs} timed ones into the same output buffer, and prints the median; GB/s
 * follows the gather model of {@link SpMM#bytesMoved}. JMH ({@code SpmmBench}) is the reference measurement;
 * this is the quick one.
 */
@Command(name = "spmm",
        description = {"Time the sparse x dense product Y = A·X on a seeded uniform random graph.",
            "Prints the median of --runs timed products after --warmup untimed ones, and the achieved memory bandwidth "
                    + "(row pointers + columns + weights + one X row per nonzero + Y)."})
final class BenchSpmmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "200000", description = "Nodes (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--edges", paramLabel = "E", defaultValue = "2000000",
            description = "(source, target) pairs drawn uniformly; repeats are summed (default: ${DEFAULT-VALUE}).")
    private int edges;

    @Option(names = "--cols", paramLabel = "C", defaultValue = "64", description = "Columns of X (default: ${DEFAULT-VALUE}).")
    private int cols;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: available processors).")
    private Integer threads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--warmup", paramLabel = "K", defaultValue = "5", description = "Untimed products first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "10", description = "Timed products (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        check(t);
        CsrGraph g = UniformGraph.generate(nodes, edges, seed);
        float[] x = UniformGraph.matrix(nodes, cols, seed + 1);
        float[] y = new float[nodes * cols]; // allocated once, reused by every run
        double[] ms = new double[runs];
        String kernel;
        try (SpMM spmm = SpMM.builder().setGraph(g).optThreads(t).build()) {
            kernel = spmm.kernelName();
            for (int i = 0; i < warmup; i++) {
                spmm.multiply(x, cols, y);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                spmm.multiply(x, cols, y);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        long bytes = SpMM.bytesMoved(nodes, g.numEdges(), cols, true);
        double gbps = bytes / (median / 1e3) / 1e9;
        var out = spec.commandLine().getOut();
        if (output.json) {
            var o = Json.object().put("nodes", nodes).put("edges", g.numEdges()).put("cols", cols).put("threads", t);
            Json.putNumber(o, "median_ms", median);
            Json.putNumber(o, "gbps", gbps);
            Json.putNumber(o, "min_ms", sorted[0]);
            o.put("runs", runs).put("kernel", kernel).put("bytes_per_run", bytes);
            Json.print(out, o);
        } else {
            out.println(String.format(Locale.ROOT,
                    "spmm N=%d E=%d (stored) C=%d T=%d [%s]: median %.2f ms (min %.2f, max %.2f, %d runs), %.2f GB/s",
                    nodes, g.numEdges(), cols, t, kernel, median, sorted[0], sorted[runs - 1], runs, gbps));
            out.flush();
        }
        return 0;
    }

    private void check(int t) {
        if (nodes < 1) {
            throw new TesseraException("--nodes: need at least 1, got " + nodes);
        }
        if (edges < 0) {
            throw new TesseraException("--edges: need 0 or more, got " + edges);
        }
        if (cols < 1) {
            throw new TesseraException("--cols: need at least 1, got " + cols);
        }
        if ((long) nodes * cols > Integer.MAX_VALUE - 8) {
            throw new TesseraException("--nodes x --cols: " + (long) nodes * cols + " floats do not fit one Java array");
        }
        if (t < 1) {
            throw new TesseraException("--threads: need at least 1, got " + t);
        }
        if (warmup < 0) {
            throw new TesseraException("--warmup: need 0 or more, got " + warmup);
        }
        if (runs < 1) {
            throw new TesseraException("--runs: need at least 1, got " + runs);
        }
    }
}
