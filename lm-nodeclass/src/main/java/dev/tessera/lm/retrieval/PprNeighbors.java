package dev.tessera.lm.retrieval;

import dev.tessera.graph.CsrGraph;
import dev.tessera.ppr.PersonalizedPageRank;
import dev.tessera.ppr.PprResult;
import java.util.Arrays;

/**
 * Topological retrieval: each target's top-K personalized-PageRank neighbours, strongest first, the target itself
 * excluded, equal scores ordered by node id. The scores are graph-io's forward-push estimates
 * ({@link PersonalizedPageRank}: teleport alpha, tolerance eps), computed for all targets in one call, in parallel
 * over the targets. A target that reaches fewer than K nodes gets fewer. The graph is used as given: symmetrise a
 * directed citation graph first if "cited by" should count as much as "cites".
 */
public final class PprNeighbors {
    /** Default K, neighbours per target. */
    public static final int DEFAULT_TOP_K = 3;
    /** Default teleport probability. */
    public static final double DEFAULT_ALPHA = PersonalizedPageRank.DEFAULT_ALPHA;
    /** Default push tolerance. */
    public static final double DEFAULT_EPSILON = PersonalizedPageRank.DEFAULT_EPSILON;

    private final int topK;
    private final double alpha;
    private final double epsilon;
    private final int threads;

    private PprNeighbors(Builder b) {
        this.topK = b.topK;
        this.alpha = b.alpha;
        this.epsilon = b.epsilon;
        this.threads = b.threads;
    }

    /** @return a builder; every option has a default */
    public static Builder builder() {
        return new Builder();
    }

    /** @return K */
    public int topK() {
        return topK;
    }

    /**
     * @param graph the graph (edge weights ignored)
     * @param targets target nodes
     * @return row i: up to K neighbours of {@code targets[i]}, strongest first, never {@code targets[i]} itself
     */
    public int[][] neighbors(CsrGraph graph, int[] targets) {
        int[][] out = new int[targets.length][];
        if (topK == 0) {
            Arrays.fill(out, new int[0]);
            return out;
        }
        PprResult r = PersonalizedPageRank.builder().setAlpha(alpha).optEpsilon(epsilon).optTopK(topK)
                .optThreads(threads).optIncludeSelf(false).build().compute(graph, targets);
        for (int i = 0; i < targets.length; i++) {
            int k = 0;
            while (k < topK && r.neighbor(i, k) >= 0) {
                k++;
            }
            out[i] = new int[k];
            for (int j = 0; j < k; j++) {
                out[i][j] = r.neighbor(i, j);
            }
        }
        return out;
    }

    /** Builds {@link PprNeighbors}. */
    public static final class Builder {
        private int topK = DEFAULT_TOP_K;
        private double alpha = DEFAULT_ALPHA;
        private double epsilon = DEFAULT_EPSILON;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /**
         * @param k neighbours per target, 0 for none (default {@value PprNeighbors#DEFAULT_TOP_K})
         * @return this
         */
        public Builder optTopK(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("top-k must be >= 0, got " + k);
            }
            this.topK = k;
            return this;
        }

        /**
         * @param alpha teleport probability in (0, 1) (default {@value PprNeighbors#DEFAULT_ALPHA})
         * @return this
         */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * @param epsilon push tolerance (default {@value PprNeighbors#DEFAULT_EPSILON})
         * @return this
         */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * @param threads worker threads (default: the available processors); the result does not depend on it
         * @return this
         */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** @return the retriever */
        public PprNeighbors build() {
            return new PprNeighbors(this);
        }
    }
}
