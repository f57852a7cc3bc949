package dev.tessera.generate;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.ordering.RandomOrder;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A stochastic block model node-classification dataset: N nodes in C classes of equal size (sizes differ by
 * at most one; class members are a random permutation), M = round(N·D/2) distinct undirected edges stored in
 * both directions (E = 2M, average degree D), of which a share h (the homophily) joins nodes of the same class.
 *
 * <p>Each edge is drawn as: u uniform over all nodes; with probability h, v uniform over u's class, otherwise v
 * uniform over a uniformly chosen other class (self-loops redrawn, duplicates removed and redrawn, see
 * {@link UndirectedEdges}). Features are class-correlated Gaussians ({@link ClassFeatures}); the split
 * {@code random} is a uniform 60/20/20 split. Deterministic given the seed ({@link SplittableRandom}, parallel
 * where it does not change the result). O(E log d) time, about 12 bytes of temporary memory per undirected edge.
 *
 * <pre>{@code
 * GraphDataset ds = SbmGenerator.builder().setNumNodes(10_000).setNumClasses(5).setAverageDegree(10)
 *         .optHomophily(0.8).optNumFeatures(32).optSeed(7).build().generate();
 * }</pre>
 */
public final class SbmGenerator {
    private final GeneratorOptions o;
    private final double homophily;

    private SbmGenerator(Builder b) {
        this.o = b.options();
        this.homophily = b.homophily;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the parameters as one line, e.g. {@code sbm(nodes=1000, classes=4, ...)}; the dataset's source */
    public String describe() {
        return String.format(Locale.ROOT, "sbm(nodes=%d, classes=%d, degree=%s, homophily=%s, features=%d, signal=%s, seed=%d)",
                o.numNodes(), o.numClasses(), o.averageDegree(), homophily, o.numFeatures(), o.featureSignal(), o.seed());
    }

    /** @return a new dataset; the same parameters always give the same dataset */
    public GraphDataset generate() {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        int n = o.numNodes();
        int c = o.numClasses();
        // Equal-size classes over a random permutation; members[classStart[k] ..] lists class k.
        int[] perm = RandomOrder.permutation(n, rnd);
        int[] labels = new int[n];
        int[] classStart = new int[c + 1];
        for (int i = 0; i < n; i++) {
            labels[perm[i]] = i % c;
            classStart[i % c + 1]++;
        }
        for (int k = 0; k < c; k++) {
            classStart[k + 1] += classStart[k];
        }
        int[] members = new int[n];
        int[] fill = classStart.clone();
        for (int v = 0; v < n; v++) {
            members[fill[labels[v]]++] = v;
        }
        double h = homophily;
        UndirectedEdges.PairSampler sampler = r -> {
            int u = r.nextInt(n);
            int cu = labels[u];
            int cv = cu;
            if (c > 1 && r.nextDouble() >= h) {
                cv = r.nextInt(c - 1);
                if (cv >= cu) {
                    cv++;
                }
            }
            int v = members[classStart[cv] + r.nextInt(classStart[cv + 1] - classStart[cv])];
            return ((long) u << 32) | (v & 0xffffffffL);
        };
        CsrGraph graph = UndirectedEdges.draw(n, o.undirectedEdges(), sampler, rnd);
        return o.dataset(graph, labels, null, rnd, describe());
    }

    /** Builder: nodes, classes (at most N) and average degree are required; see {@link GeneratorBuilder}. */
    public static final class Builder extends GeneratorBuilder<Builder> {
        private double homophily = 0.8;

        private Builder() {
            super("sbm");
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param h the share of edges inside a class, in {@code [0, 1]} (default 0.8); 1/C is no community structure
         * @return this builder
         */
        public Builder optHomophily(double h) {
            this.homophily = h;
            return this;
        }

        /**
         * @return the generator
         * @throws IllegalArgumentException when a required parameter is missing or a value is out of range
         */
        public SbmGenerator build() {
            checkShape(true);
            if (!(homophily >= 0 && homophily <= 1)) {
                throw new IllegalArgumentException("optHomophily: need 0..1, got " + homophily);
            }
            if (homophily == 1 && numNodes / numClasses < 2) {
                throw new IllegalArgumentException("optHomophily(1) needs at least 2 nodes per class");
            }
            checkFeatures();
            return new SbmGenerator(this);
        }
    }
}
