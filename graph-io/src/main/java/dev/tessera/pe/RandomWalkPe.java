package dev.tessera.pe;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random-walk structural encodings (Dwivedi et al., "Graph Neural Networks with Learnable Structural and
 * Positional Representations", ICLR 2022; PyG's {@code AddRandomWalkPE}): for each node {@code v} and
 * {@code k = 1..K}, the probability that a k-step random walk from {@code v} is back at {@code v},
 * {@code RW[v, k-1] = ((D^-1 A)^k)_vv}. Output float32 [N, K] row-major.
 *
 * <p>Conventions, as PyG's: {@code A} holds the stored edges, self-loops included (repeated edges summed), with
 * their weights when the graph has them and {@link Builder#optUseWeights(boolean)} is on (the default;
 * otherwise every edge weighs 1); {@code D} is the weighted out-degree. A node without out-edges has a zero row
 * in {@code D^-1 A}: an isolated node's encoding is all zeros, and on a directed graph a walk that reaches a
 * node without out-edges ends there. Weights must be finite and non-negative.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@link Method#EXACT}, float64: propagates {@code x_m = e_s (D^-1 A)^m} from every source, either
 *   sparsely over each source's m-hop ball or for blocks of {@value ReturnProbabilities#BLOCK} sources at once
 *   as dense node-major vectors, whichever the cost model below finds cheaper. On a symmetric A the walk is
 *   reversible ({@code d_u P^m_uv = d_v P^m_vu}), so {@code P^(a+b)_ss = sum_v x_a(v) x_b(v) d_s / d_v} and
 *   only {@code ceil(K / 2)} steps are propagated: half the radius, which on a sparse graph shrinks the balls by
 *   orders of magnitude. Otherwise K steps, reading {@code x_k(s)}. Memory O(N) per thread for the sparse
 *   kernel, {@code 2 * 64 * 8} bytes per node and thread for the dense one.
 *   <li>{@link Method#MONTE_CARLO}: W seeded walks per node. On a symmetric A they take {@code ceil(K / 2)}
 *   steps and feed the unbiased pair estimator of the same identity (over the W(W - 1) ordered pairs of distinct
 *   walks, far less noisy than a return frequency when the probability is small); on a directed A they take K
 *   steps and the estimate is the return frequency, standard error {@code sqrt(p (1 - p) / W)}.
 * </ul>
 *
 * <p>Cost model, in edge visits of the sparse kernel: the sparse kernel's work is estimated from
 * {@value #ESTIMATE_SOURCES} seeded sources as N times the mean summed out-degree of their balls of radius
 * {@code 0 .. steps - 1} (an upper bound: it ignores that a walk's support can be smaller than the ball); the
 * dense kernel's as {@code steps * E * N / }{@value #DENSE_SPEEDUP}, its measured speed advantage per
 * multiply-add (contiguous, vectorized, no scattered writes), and only up to {@value #DENSE_MAX_NODES} nodes
 * (memory). {@link Method#EXACT} runs the cheaper kernel; {@link Method#AUTO} (the default) runs it when its
 * cost is at most {@link Builder#optExactBudget(long) the budget}, default {@value #DEFAULT_EXACT_BUDGET},
 * and Monte Carlo otherwise. For example with K = 16: Cora and tolokers run exact (dense kernel), a random graph
 * of 100,000 nodes and average degree 10 runs Monte Carlo (exact with K = 8: sparse kernel).
 *
 * <p>Deterministic: each node's row is computed by one thread alone, from its own random stream (seed and node
 * id) for Monte Carlo, so the result does not depend on the thread count.
 *
 * <pre>{@code
 * RandomWalkPe.Result rw = RandomWalkPe.builder().setWalkLength(16).build().compute(graph);
 * float[] pe = rw.values(); // [N, 16]
 * }</pre>
 */
public final class RandomWalkPe {
    /**
     * Default budget of {@link Method#AUTO}, in estimated edge visits of the sparse exact kernel: up to about a
     * minute on two cores (a visit costs 10-50 ns, more on graphs that do not fit the caches).
     */
    public static final long DEFAULT_EXACT_BUDGET = 4_000_000_000L;
    /** Default Monte-Carlo walks per node. */
    public static final int DEFAULT_WALKS_PER_NODE = 1024;
    /** Default seed of the Monte-Carlo walks and of the sources sampled by the cost estimate. */
    public static final long DEFAULT_SEED = 0;
    /** Sources sampled to estimate the sparse exact kernel's work. */
    public static final int ESTIMATE_SOURCES = 64;
    /**
     * Speed of the dense exact kernel per multiply-add relative to the sparse kernel per edge visit (measured: 21x
     * on Cora, over 40x on tolokers).
     */
    public static final int DENSE_SPEEDUP = 32;
    /** Largest N for the dense exact kernel (its two [N, 64] float64 blocks per thread). */
    public static final int DENSE_MAX_NODES = 1 << 17;

    private static final String WHO = "RandomWalkPe";

    /** How the return probabilities are computed. */
    public enum Method {
        /** Exact when its estimated cost fits the budget, Monte Carlo otherwise. */
        AUTO,
        /** Exact propagation in float64. */
        EXACT,
        /** Seeded random walks. */
        MONTE_CARLO
    }

    /**
     * The encodings.
     *
     * @param numNodes N
     * @param walkLength K
     * @param values float32 [N, K] row-major: {@code values[v * K + k - 1]} is the k-step return probability of v
     * @param method the method that ran ({@link Method#EXACT} or {@link Method#MONTE_CARLO})
     * @param work what the method did: edge visits of the sparse exact kernel, multiply-adds of the dense one
     *     (per source), or walk steps of Monte Carlo
     */
    public record Result(int numNodes, int walkLength, float[] values, Method method, long work) {
        public Result {
            Objects.requireNonNull(values, "values");
            if (values.length != (long) numNodes * walkLength) {
                throw new IllegalArgumentException("values hold " + values.length + " entries, not " + numNodes + " x " + walkLength);
            }
        }

        /**
         * @param v a node
         * @param k a walk length in {@code [1, K]}
         * @return the k-step return probability of v
         */
        public float get(int v, int k) {
            return values[v * walkLength + k - 1];
        }
    }

    /** The exact method's cheaper kernel and its estimated cost in sparse edge visits. */
    record ExactPlan(boolean dense, double cost) {
    }

    private final int walkLength;
    private final Method method;
    private final long exactBudget;
    private final int walksPerNode;
    private final long seed;
    private final int threads;
    private final boolean useWeights;

    private RandomWalkPe(Builder b) {
        this.walkLength = b.walkLength;
        this.method = b.method;
        this.exactBudget = b.exactBudget;
        this.walksPerNode = b.walksPerNode;
        this.seed = b.seed;
        this.threads = b.threads;
        this.useWeights = b.useWeights;
    }

    /** @return a builder; {@link Builder#setWalkLength(int)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param graph the graph
     * @return the encodings [N, K]
     * @throws TesseraException on a negative or non-finite edge weight (while weights are used)
     */
    public Result compute(CsrGraph graph) {
        PeGraph g = PeGraph.of(graph, useWeights, false, WHO);
        Method m = method;
        boolean dense = false;
        if (m != Method.MONTE_CARLO) {
            // AUTO may stop the sample early once the budget is exceeded; EXACT needs the full estimate.
            ExactPlan plan = plan(g, walkLength, m == Method.AUTO ? exactBudget : Long.MAX_VALUE, seed);
            dense = plan.dense();
            if (m == Method.AUTO) {
                m = plan.cost() <= exactBudget ? Method.EXACT : Method.MONTE_CARLO;
            }
        }
        return run(g, m, dense);
    }

    /** The exact method with the chosen kernel (dense blocks or sparse balls): for tests that compare them. */
    Result exact(CsrGraph graph, boolean dense) {
        return run(PeGraph.of(graph, useWeights, false, WHO), Method.EXACT, dense);
    }

    private Result run(PeGraph g, Method m, boolean dense) {
        float[] out = new float[Math.multiplyExact(g.n, walkLength)];
        AtomicLong work = new AtomicLong();
        int block = ReturnProbabilities.BLOCK;
        if (m == Method.EXACT && dense) {
            work.set(ReturnProbabilities.dense(g, walkLength, out, threads));
        } else if (m == Method.EXACT) {
            Parallel.forBlocks(g.n, block, threads, "rw-pe", t -> new ReturnProbabilities.Ball(g, walkLength, out, work));
        } else {
            double[] cumulative = ReturnWalks.cumulativeWeights(g);
            Parallel.forBlocks(g.n, block, threads, "rw-pe",
                    t -> new ReturnWalks(g, cumulative, walkLength, walksPerNode, seed, out, work));
        }
        return new Result(g.n, walkLength, out, m, work.get());
    }

    /**
     * The exact method's plan: the sparse kernel's estimated edge visits, N times the mean over
     * {@value #ESTIMATE_SOURCES} seeded sources of {@code sum_{m < steps} vol(ball_m(s))}, where {@code ball_m}
     * holds the nodes within m hops and {@code vol} sums their out-degrees; the dense kernel's
     * {@code steps * E * N / DENSE_SPEEDUP} (up to {@value #DENSE_MAX_NODES} nodes); the cheaper wins. The
     * sample stops early once its work alone shows the sparse cost above {@code limit}.
     */
    static ExactPlan plan(PeGraph g, int walkLength, long limit, long seed) {
        int n = g.n;
        int steps = ReturnProbabilities.steps(g, walkLength);
        double dense = n <= DENSE_MAX_NODES ? (double) steps * g.numEdges() * n / DENSE_SPEEDUP : Double.POSITIVE_INFINITY;
        double sparse = sparseVisits(g, steps, Math.min(limit, dense), seed);
        return dense < sparse ? new ExactPlan(true, dense) : new ExactPlan(false, sparse);
    }

    /** The sparse kernel's estimated edge visits, or +infinity once the sample shows it above {@code limit}. */
    static double sparseVisits(PeGraph g, int steps, double limit, long seed) {
        int n = g.n;
        if (n == 0) {
            return 0;
        }
        int samples = Math.min(n, ESTIMATE_SOURCES);
        // The sample's summed work above this means the estimate N * mean exceeds the limit.
        double allowance = limit * samples / n;
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        double total = 0;
        for (int i = 0; i < samples; i++) {
            int s = samples == n ? i : rnd.nextInt(n);
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            seen[s] = true;
            double volume = 0; // out-edges of the ball so far
            for (int level = 0; level < steps && total <= allowance; level++) {
                int levelEnd = tail;
                for (int q = head; q < levelEnd; q++) {
                    int u = queue[q];
                    volume += g.rowPtr[u + 1] - g.rowPtr[u];
                    if (level + 1 < steps) {
                        for (int e = g.rowPtr[u]; e < g.rowPtr[u + 1]; e++) {
                            int v = g.col[e];
                            if (!seen[v]) {
                                seen[v] = true;
                                queue[tail++] = v;
                            }
                        }
                    }
                }
                head = levelEnd;
                total += volume; // step `level` propagates from the ball of radius `level`
            }
            for (int q = 0; q < tail; q++) {
                seen[queue[q]] = false;
            }
            if (total > allowance) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return total * n / samples;
    }

    /** Builder: {@code setWalkLength} is required, the rest optional. */
    public static final class Builder {
        private int walkLength;
        private Method method = Method.AUTO;
        private long exactBudget = DEFAULT_EXACT_BUDGET;
        private int walksPerNode = DEFAULT_WALKS_PER_NODE;
        private long seed = DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean useWeights = true;

        private Builder() {
        }

        /**
         * @param walkLength K &gt;= 1, the number of encodings per node (walk lengths 1..K; PyG's {@code walk_length})
         * @return this builder
         * @throws TesseraException when K &lt; 1
         */
        public Builder setWalkLength(int walkLength) {
            if (walkLength < 1) {
                throw new TesseraException(WHO + ": walk length must be at least 1, got " + walkLength);
            }
            this.walkLength = walkLength;
            return this;
        }

        /**
         * @param method {@link Method#AUTO} (default), or force {@link Method#EXACT} or {@link Method#MONTE_CARLO}
         * @return this builder
         */
        public Builder optMethod(Method method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * @param exactBudget the most estimated edge visits for which {@link Method#AUTO} runs the exact method,
         *     &gt;= 0; default {@link #DEFAULT_EXACT_BUDGET}
         * @return this builder
         */
        public Builder optExactBudget(long exactBudget) {
            if (exactBudget < 0) {
                throw new TesseraException(WHO + ": exact budget must be non-negative, got " + exactBudget);
            }
            this.exactBudget = exactBudget;
            return this;
        }

        /**
         * @param walksPerNode Monte-Carlo walks per node, &gt;= 2 (the pair estimator needs two); default {@link #DEFAULT_WALKS_PER_NODE}
         * @return this builder
         */
        public Builder optWalksPerNode(int walksPerNode) {
            if (walksPerNode < 2) {
                throw new TesseraException(WHO + ": walks per node must be at least 2, got " + walksPerNode);
            }
            this.walksPerNode = walksPerNode;
            return this;
        }

        /**
         * @param seed seed of the Monte-Carlo walks and of the sources sampled for the work estimate; default
         *     {@link #DEFAULT_SEED}
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param threads worker threads, &gt;= 1; default: the available processors (the result does not depend on it)
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new TesseraException(WHO + ": threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param useWeights whether the stored edge weights set the transition probabilities (default true, as
         *     PyG); false treats every edge as weight 1
         * @return this builder
         */
        public Builder optUseWeights(boolean useWeights) {
            this.useWeights = useWeights;
            return this;
        }

        /** @return the configured encoder */
        public RandomWalkPe build() {
            if (walkLength < 1) {
                throw new IllegalStateException("setWalkLength is required");
            }
            return new RandomWalkPe(this);
        }
    }
}
