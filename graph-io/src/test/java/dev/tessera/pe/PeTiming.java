package dev.tessera.pe;

import dev.tessera.datasets.DatasetLoader;
import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the encodings on one graph (not a test: run by hand, see docs/benchmarks.md). Arguments: a dataset
 * directory, or {@code random:N:D} for an Erdos-Renyi-like graph (a two-block SBM with homophily 1/2) of N nodes
 * and average degree D; then the number of timed runs (after one untimed warm-up run, skipped when it is 1).
 * Prints one line per configuration: the median seconds and what the method did.
 */
public final class PeTiming {
    private PeTiming() {
    }

    public static void main(String[] args) {
        CsrGraph g;
        if (args[0].startsWith("random:")) {
            String[] p = args[0].split(":");
            g = SbmGenerator.builder().setNumNodes(Integer.parseInt(p[1])).setNumClasses(2).optHomophily(0.5)
                    .setAverageDegree(Double.parseDouble(p[2])).optNumFeatures(1).optSeed(1).build().generate().graph();
        } else {
            g = DatasetLoader.builder().build().load(args[0]).graph();
        }
        int runs = Integer.parseInt(args[1]);
        String only = args.length > 2 ? args[2] : "";
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%s, %d threads%n", g, threads);
        for (int k : new int[] {8, 16}) {
            time("rw K=" + k + " auto", only, runs, () -> {
                RandomWalkPe.Result r = RandomWalkPe.builder().setWalkLength(k).build().compute(g);
                return r.method() + ", work " + r.work();
            });
        }
        RandomWalkPe rw = RandomWalkPe.builder().setWalkLength(16).build();
        time("rw K=16 exact sparse", only, runs, () -> "edge visits " + rw.exact(g, false).work());
        time("rw K=16 exact dense", only, runs, () -> "multiply-adds " + rw.exact(g, true).work());
        time("rw K=16 monte-carlo", only, runs, () -> "steps " + RandomWalkPe.builder().setWalkLength(16)
                .optMethod(RandomWalkPe.Method.MONTE_CARLO).build().compute(g).work());
        for (int k : new int[] {8, 16}) {
            for (LaplacianPe.Method m : new LaplacianPe.Method[] {LaplacianPe.Method.ITERATIVE, LaplacianPe.Method.DENSE}) {
                if (m == LaplacianPe.Method.DENSE && g.numNodes() > 5000) {
                    continue; // N^2 doubles
                }
                time("lap k=" + k + " " + m.name().toLowerCase(Locale.ROOT), only, runs, () -> {
                    LaplacianPe.Result r = LaplacianPe.builder().setK(k).optMethod(m).build().compute(g);
                    double worst = Arrays.stream(r.residuals()).max().orElse(0);
                    return String.format(Locale.ROOT, "iterations %d, max residual %.1e, eigenvalues %.5f..%.5f",
                            r.iterations(), worst, r.eigenvalues()[0], r.eigenvalues()[k - 1]);
                });
            }
        }
    }

    private interface Job {
        String run();
    }

    private static void time(String name, String only, int runs, Job job) {
        if (!only.isEmpty() && !name.matches(only)) {
            return;
        }
        if (runs > 1) {
            job.run();
        }
        double[] t = new double[runs];
        String what = "";
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            what = job.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%-24s %8.3f s  (%s)  [%s]%n", name, t[runs / 2], what,
                String.join(" ", Arrays.stream(t).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toList()));
    }
}
