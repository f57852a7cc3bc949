package dev.tessera.generate;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.ordering.RandomOrder;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An R-MAT power-law graph (Chakrabarti, Zhan and Faloutsos, "R-MAT: A Recursive Model for Graph Mining",
 * SDM 2004) as a node-classification dataset: N nodes, M = round(N·D/2) distinct undirected edges stored in both
 * directions (E = 2M, average degree D), labels uniform over C classes and class-correlated Gaussian features
 * ({@link ClassFeatures}), so the task is learnable from features; the split {@code random} is a uniform
 * 60/20/20 split.
 *
 * <p>Each edge descends k = ⌈log<sub>2</sub> N⌉ levels of the 2<sup>k</sup> x 2<sup>k</sup> adjacency matrix,
 * picking the top-left, top-right, bottom-left or bottom-right quadrant with probabilities (a, b, c, d), default
 * (0.57, 0.19, 0.19, 0.05) as in Graph500. A pair with an id &ge; N is <b>rejected and redrawn</b> (not folded,
 * which would bend the degree distribution), as are self-loops; duplicates are removed and the shortfall redrawn
 * ({@link UndirectedEdges}). Node ids are then relabelled by a random permutation so that the hubs are not all
 * near id 0. Deterministic given the seed; O(E·log N) time, about 12 bytes of temporary memory per undirected edge.
 *
 * <pre>{@code
 * GraphDataset ds = RmatGenerator.builder().setNumNodes(1 << 20).setAverageDegree(16).setNumClasses(10)
 *         .optSeed(1).build().generate();
 * }</pre>
 */
public final class RmatGenerator {
    private final GeneratorOptions o;
    private final double a;
    private final double b;
    private final double c;

    private RmatGenerator(Builder bld) {
        this.o = bld.options();
        this.a = bld.a;
        this.b = bld.b;
        this.c = bld.c;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the parameters as one line; the dataset's source */
    public String describe() {
        return String.format(Locale.ROOT, "rmat(nodes=%d, classes=%d, degree=%s, a=%s, b=%s, c=%s, d=%s, features=%d, signal=%s, seed=%d)",
                o.numNodes(), o.numClasses(), o.averageDegree(), a, b, c, 1 - a - b - c, o.numFeatures(), o.featureSignal(),
                o.seed());
    }

    /** @return a new dataset; the same parameters always give the same dataset */
    public GraphDataset generate() {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        int n = o.numNodes();
        int numClasses = o.numClasses();
        int levels = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        int[] relabel = RandomOrder.permutation(n, rnd);
        double ab = a + b;
        double abc = a + b + c;
        UndirectedEdges.PairSampler sampler = r -> {
            while (true) {
                int u = 0;
                int v = 0;
                for (int l = 0; l < levels; l++) {
                    double p = r.nextDouble();
                    int ub = p < ab ? 0 : 1;
                    int vb = (p < a || (p >= ab && p < abc)) ? 0 : 1;
                    u = (u << 1) | ub;
                    v = (v << 1) | vb;
                }
                if (u < n && v < n) {
                    return ((long) relabel[u] << 32) | (relabel[v] & 0xffffffffL);
                }
            }
        };
        CsrGraph graph = UndirectedEdges.draw(n, o.undirectedEdges(), sampler, rnd);
        int[] labels = new int[n];
        for (int v = 0; v < n; v++) {
            labels[v] = rnd.nextInt(numClasses);
        }
        String[] classNames = new String[numClasses];
        for (int k = 0; k < numClasses; k++) {
            classNames[k] = Integer.toString(k);
        }
        return o.dataset(graph, labels, List.of(classNames), rnd, describe());
    }

    /** Builder: nodes, classes and average degree are required; see {@link GeneratorBuilder}. */
    public static final class Builder extends GeneratorBuilder<Builder> {
        private double a = 0.57;
        private double b = 0.19;
        private double c = 0.19;

        private Builder() {
            super("rmat");
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param a top-left quadrant probability (default 0.57)
         * @param b top-right (default 0.19)
         * @param c bottom-left (default 0.19); d = 1 - a - b - c (default 0.05)
         * @return this builder
         */
        public Builder optProbabilities(double a, double b, double c) {
            this.a = a;
            this.b = b;
            this.c = c;
            return this;
        }

        /**
         * @return the generator
         * @throws IllegalArgumentException when a required parameter is missing or a value is out of range
         */
        public RmatGenerator build() {
            checkShape(false);
            double d = 1 - a - b - c;
            if (!(a > 0 && b >= 0 && c >= 0 && d >= -1e-9) || !(b + c > 0)) {
                throw new IllegalArgumentException("optProbabilities: need a > 0, b, c, d >= 0 summing to 1, b + c > 0, got "
                        + a + ", " + b + ", " + c + ", " + d);
            }
            checkFeatures();
            return new RmatGenerator(this);
        }
    }
}
