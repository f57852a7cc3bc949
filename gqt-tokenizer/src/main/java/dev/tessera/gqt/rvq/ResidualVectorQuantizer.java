package dev.tessera.gqt.rvq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.TesseraException;
import dev.tessera.djl.Scalars;
import java.util.SplittableRandom;

/**
 * Residual vector quantization (RVQ; Zeghidour et al., SoundStream, 2021) with EMA codebooks, as the tokenizer of GQT
 * (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025).
 *
 * <p>For node embeddings {@code Z [N, d]} and K codebooks {@code E_k [C, d]}:
 *
 * <pre>
 *   R_1 = Z,   i_k = argmin_c ||R_k − E_k[c]||²,   Q_k = E_k[i_k],   R_{k+1} = R_k − Q_k
 *   quantized = Σ_k Q_k,   tokens = [i_1 … i_K]  (int [N, K])
 *   output    = Z + sg(quantized − Z)                          (straight-through: ∂output/∂Z = I)
 *   L_commit  = β · Σ_k mean((R_k − sg(Q_k))²)                  (mean over N·d; gradient to Z only)
 * </pre>
 *
 * <p>The codebooks are not trained by gradient. Each is initialized by k-means on the first clean batch (level k on
 * the residuals left by the already-initialized levels 1..k−1) and then follows exponential moving averages of its
 * cluster sizes and sums with Laplace smoothing ({@link EmaCodebook}). Codes are assigned with the codebooks as they
 * were before the call's update, as the reference library does. After an update, codes whose EMA cluster size fell
 * below the dead-code threshold are re-seeded to random residuals of their level.
 *
 * <p>Defaults follow the GQT reference code (3 levels are its choice, not a default here): EMA decay 0.8 and
 * commitment weight β = 1.0, the values of the vector-quantization library it calls with default arguments (the older
 * tokenizer scripts of the same repository used 0.25). Two deliberate departures: k-means initialization is always on
 * (a flag, off by default, in the reference), and dead-code replacement is on with threshold 10⁻³ (the reference has
 * it off); with decay 0.8 an unused code falls below 10⁻³ after about 30 updates from a cluster size of 1, before the
 * Laplace-smoothed EMA drags it towards the origin.
 *
 * <p>Not thread-safe: {@link #quantize} mutates the codebooks and the random generator. Deterministic given the seed
 * and the sequence of calls (for a fixed engine and device).
 */
public final class ResidualVectorQuantizer {

    /** EMA decay γ of the codebook statistics (reference: 0.8). */
    public static final double DEFAULT_DECAY = 0.8;
    /** Commitment weight β (reference: 1.0). */
    public static final double DEFAULT_COMMITMENT_WEIGHT = 1.0;
    /** EMA cluster size below which a code is dead and re-seeded; 0 turns replacement off. */
    public static final double DEFAULT_DEAD_CODE_THRESHOLD = 1e-3;
    /** Laplace smoothing ε of the EMA cluster sizes. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** Lloyd iterations of the k-means initialization (reference library: 10). */
    public static final int DEFAULT_KMEANS_ITERATIONS = 10;
    /** Rows used for k-means++ seeding (bounds its O(S·C·d) cost and its [S, d] device array). */
    public static final int DEFAULT_KMEANS_SEEDING_SAMPLE = 16_384;
    /** Most distance values held at once by the nearest-code search (64 MiB of float32). */
    public static final long DEFAULT_MAX_BLOCK_ELEMENTS = 1L << 24;
    public static final long DEFAULT_SEED = 42L;

    private final int levels;
    private final int codebookSize;
    private final int dim;
    private final double decay;
    private final double commitmentWeight;
    private final double deadCodeThreshold;
    private final double epsilon;
    private final int kmeansIterations;
    private final int kmeansSeedingSample;
    private final long maxBlockElements;
    private final long seed;
    private final EmaCodebook[] codebooks;
    private final SplittableRandom rng;
    private boolean initialized;

    private ResidualVectorQuantizer(Builder b) {
        this.levels = b.levels;
        this.codebookSize = b.codebookSize;
        this.dim = b.dim;
        this.decay = b.decay;
        this.commitmentWeight = b.commitmentWeight;
        this.deadCodeThreshold = b.deadCodeThreshold;
        this.epsilon = b.epsilon;
        this.kmeansIterations = b.kmeansIterations;
        this.kmeansSeedingSample = b.kmeansSeedingSample;
        this.maxBlockElements = b.maxBlockElements;
        this.seed = b.seed;
        this.codebooks = new EmaCodebook[levels];
        for (int k = 0; k < levels; k++) {
            codebooks[k] = new EmaCodebook(codebookSize, dim);
        }
        this.rng = new SplittableRandom(seed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Quantizes {@code z} and, when {@code update} is true, updates the codebooks from it (after k-means
     * initialization on the first such call).
     *
     * <p>Pass {@code update = true} only for the clean view of the graph. The reference code also ran the quantizer with
     * updates on the DGI-corrupted (feature-permuted) view, so its codebooks partly tracked embeddings of corrupted
     * graphs, which the tokens never have to represent; here corrupted or augmented views are quantized with frozen
     * codebooks.
     *
     * @param z      float32 {@code [N, d]}; the outputs live in its manager
     * @param update whether to update the codebooks (EMA, dead-code replacement) from this batch
     * @throws IllegalStateException if the codebooks are not initialized and {@code update} is false
     */
    public RvqOutput quantize(NDArray z, boolean update) {
        return quantize(z, update, true);
    }

    /**
     * {@link #quantize(NDArray, boolean)}, with the commitment loss only when asked for (it is the one part with
     * [K, N, d] engine arithmetic and a gradient; views whose loss does not use it skip it).
     *
     * @param commitment whether to compute {@link RvqOutput#commitmentLoss()} (else it is null)
     */
    public RvqOutput quantize(NDArray z, boolean update, boolean commitment) {
        Shape shape = z.getShape();
        if (shape.dimension() != 2 || shape.get(1) != dim) {
            throw new IllegalArgumentException("expected input [N, " + dim + "], got " + shape);
        }
        if (z.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected float32 input, got " + z.getDataType());
        }
        if (!initialized && !update) {
            throw new IllegalStateException("codebooks are not initialized: the first call must have update = true");
        }
        int n = Math.toIntExact(shape.get(0));
        NDManager manager = z.getManager();
        float[] x = z.toFloatArray();
        if (!initialized) {
            initialize(manager, x, n);
        }

        float[] residual = x.clone();
        float[] quantized = new float[n * dim];
        float[] prefixes = commitment ? new float[levels * n * dim] : null;
        int[] tokens = new int[n * levels];
        int[][] assignments = new int[levels][];
        float[][] residuals = update ? new float[levels][] : null;
        double[] usage = new double[levels];
        double[] perplexity = new double[levels];
        double[] error = new double[levels];
        for (int k = 0; k < levels; k++) {
            EmaCodebook book = codebooks[k];
            int[] idx = NearestCode.assign(manager, residual, n, dim, book.embed, codebookSize, maxBlockElements);
            assignments[k] = idx;
            if (update) {
                residuals[k] = residual.clone();
            }
            double sq = 0;
            for (int i = 0; i < n; i++) {
                tokens[i * levels + k] = idx[i];
                int co = idx[i] * dim;
                int ro = i * dim;
                for (int j = 0; j < dim; j++) {
                    float q = book.embed[co + j];
                    quantized[ro + j] += q;
                    residual[ro + j] -= q;
                    double r = residual[ro + j];
                    sq += r * r;
                }
            }
            if (commitment) {
                System.arraycopy(quantized, 0, prefixes, k * n * dim, n * dim);
            }
            error[k] = n == 0 ? 0 : sq / ((double) n * dim);
            int[] counts = new int[codebookSize];
            for (int i : idx) {
                counts[i]++;
            }
            int used = 0;
            double entropy = 0;
            for (int c : counts) {
                if (c > 0) {
                    used++;
                    double p = (double) c / n;
                    entropy -= p * Math.log(p);
                }
            }
            usage[k] = (double) used / codebookSize;
            perplexity[k] = Math.exp(entropy);
        }

        int[] replaced = new int[levels];
        if (update) {
            for (int k = 0; k < levels; k++) {
                codebooks[k].update(residuals[k], n, assignments[k], decay, epsilon);
                if (deadCodeThreshold > 0) {
                    replaced[k] = codebooks[k].replaceDead(residuals[k], n, deadCodeThreshold, rng);
                }
            }
        }

        NDArray q = manager.create(quantized, new Shape(n, dim));
        NDArray output = z.add(q.sub(z).stopGradient());
        NDArray loss = null;
        if (commitment) {
            // R_k − Q_k = Z − Σ_{j≤k} Q_j, so the K per-level means are one mean over [K, N, d] times K.
            NDArray prefix = manager.create(prefixes, new Shape(levels, n, dim));
            NDArray mse = z.expandDims(0).sub(prefix).square().mean();
            loss = mse.mul(Scalars.of(mse, commitmentWeight * levels));
        }
        NDArray tokenArray = manager.create(tokens, new Shape(n, levels));
        return new RvqOutput(output, q, tokenArray, loss,
            new RvqStats(usage, perplexity, error, replaced, update));
    }

    /** k-means per level, on the residuals of the levels before it. */
    private void initialize(NDManager manager, float[] x, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("cannot initialize codebooks from an empty batch");
        }
        float[] residual = x.clone();
        for (int k = 0; k < levels; k++) {
            KMeans.Result km = KMeans.fit(manager, residual, n, dim, codebookSize, kmeansIterations,
                kmeansSeedingSample, rng, maxBlockElements);
            codebooks[k].initialize(km.centres(), km.counts());
            int[] a = km.assignment();
            for (int i = 0; i < n; i++) {
                int co = a[i] * dim;
                for (int j = 0; j < dim; j++) {
                    residual[i * dim + j] -= km.centres()[co + j];
                }
            }
        }
        initialized = true;
    }

    /** Whether the codebooks have been initialized (by a first call with {@code update = true} or {@link #restore}). */
    public boolean isInitialized() {
        return initialized;
    }

    /** The codebooks as float32 {@code [K, C, d]} in {@code manager}. */
    public NDArray codebooks(NDManager manager) {
        float[] all = new float[levels * codebookSize * dim];
        for (int k = 0; k < levels; k++) {
            System.arraycopy(codebooks[k].embed, 0, all, k * codebookSize * dim, codebookSize * dim);
        }
        return manager.create(all, new Shape(levels, codebookSize, dim));
    }

    /** A copy of the codebooks and EMA statistics. */
    public RvqState state() {
        float[][] e = new float[levels][];
        float[][] cs = new float[levels][];
        float[][] es = new float[levels][];
        for (int k = 0; k < levels; k++) {
            e[k] = codebooks[k].embed;
            cs[k] = codebooks[k].clusterSize;
            es[k] = codebooks[k].embedSum;
        }
        return new RvqState(e, cs, es, initialized);
    }

    /** Replaces the codebooks and EMA statistics (not the random generator) by those of {@code state}. */
    public void restore(RvqState state) {
        float[][] e = state.codebooks();
        float[][] cs = state.clusterSizes();
        float[][] es = state.embedSums();
        if (e.length != levels || cs.length != levels || es.length != levels) {
            throw new TesseraException("RVQ state has " + e.length + " levels, the quantizer " + levels);
        }
        for (int k = 0; k < levels; k++) {
            if (e[k].length != codebookSize * dim || es[k].length != codebookSize * dim
                || cs[k].length != codebookSize) {
                throw new TesseraException("RVQ state level " + k + " does not match codebook size "
                    + codebookSize + " and dimension " + dim);
            }
            System.arraycopy(e[k], 0, codebooks[k].embed, 0, e[k].length);
            System.arraycopy(cs[k], 0, codebooks[k].clusterSize, 0, cs[k].length);
            System.arraycopy(es[k], 0, codebooks[k].embedSum, 0, es[k].length);
        }
        initialized = state.initialized();
    }

    public int levels() {
        return levels;
    }

    public int codebookSize() {
        return codebookSize;
    }

    public int dim() {
        return dim;
    }

    public double decay() {
        return decay;
    }

    public double commitmentWeight() {
        return commitmentWeight;
    }

    public double deadCodeThreshold() {
        return deadCodeThreshold;
    }

    public long seed() {
        return seed;
    }

    /** The configuration as a one-line JSON object (for export metadata). */
    public String configJson() {
        return "{\"levels\":" + levels + ",\"codebook_size\":" + codebookSize + ",\"dim\":" + dim
            + ",\"decay\":" + decay + ",\"commitment_weight\":" + commitmentWeight
            + ",\"dead_code_threshold\":" + deadCodeThreshold + ",\"epsilon\":" + epsilon
            + ",\"kmeans_iterations\":" + kmeansIterations + ",\"kmeans_seeding_sample\":" + kmeansSeedingSample
            + ",\"seed\":" + seed + "}";
    }

    /** Builder: {@code setLevels}, {@code setCodebookSize} and {@code setDim} are required. */
    public static final class Builder {
        private int levels;
        private int codebookSize;
        private int dim;
        private double decay = DEFAULT_DECAY;
        private double commitmentWeight = DEFAULT_COMMITMENT_WEIGHT;
        private double deadCodeThreshold = DEFAULT_DEAD_CODE_THRESHOLD;
        private double epsilon = DEFAULT_EPSILON;
        private int kmeansIterations = DEFAULT_KMEANS_ITERATIONS;
        private int kmeansSeedingSample = DEFAULT_KMEANS_SEEDING_SAMPLE;
        private long maxBlockElements = DEFAULT_MAX_BLOCK_ELEMENTS;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        /** Number of levels K. */
        public Builder setLevels(int levels) {
            this.levels = levels;
            return this;
        }

        /** Codes per level C. */
        public Builder setCodebookSize(int codebookSize) {
            this.codebookSize = codebookSize;
            return this;
        }

        /** Embedding dimension d. */
        public Builder setDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** EMA decay γ in [0, 1). */
        public Builder optDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /** Commitment weight β ≥ 0. */
        public Builder optCommitmentWeight(double commitmentWeight) {
            this.commitmentWeight = commitmentWeight;
            return this;
        }

        /** EMA cluster size below which a code is re-seeded; 0 turns dead-code replacement off. */
        public Builder optDeadCodeThreshold(double deadCodeThreshold) {
            this.deadCodeThreshold = deadCodeThreshold;
            return this;
        }

        /** Laplace smoothing ε > 0. */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Lloyd iterations of the k-means initialization (≥ 0). */
        public Builder optKmeansIterations(int kmeansIterations) {
            this.kmeansIterations = kmeansIterations;
            return this;
        }

        /** Rows sampled for k-means++ seeding (≥ 1). */
        public Builder optKmeansSeedingSample(int kmeansSeedingSample) {
            this.kmeansSeedingSample = kmeansSeedingSample;
            return this;
        }

        /** Most distance values held at once by the nearest-code search (≥ 1). */
        public Builder optMaxBlockElements(long maxBlockElements) {
            this.maxBlockElements = maxBlockElements;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public ResidualVectorQuantizer build() {
            require(levels >= 1, "levels must be at least 1, got " + levels);
            require(codebookSize >= 1, "codebook size must be at least 1, got " + codebookSize);
            require(dim >= 1, "dim must be at least 1, got " + dim);
            require((long) codebookSize * dim <= Integer.MAX_VALUE, "codebook size × dim is too large");
            require(decay >= 0 && decay < 1, "decay must be in [0, 1), got " + decay);
            require(commitmentWeight >= 0, "commitment weight must be non-negative, got " + commitmentWeight);
            require(deadCodeThreshold >= 0, "dead-code threshold must be non-negative, got " + deadCodeThreshold);
            require(epsilon > 0, "epsilon must be positive, got " + epsilon);
            require(kmeansIterations >= 0, "k-means iterations must be non-negative, got " + kmeansIterations);
            require(kmeansSeedingSample >= 1, "k-means seeding sample must be at least 1, got " + kmeansSeedingSample);
            require(maxBlockElements >= 1, "max block elements must be at least 1, got " + maxBlockElements);
            return new ResidualVectorQuantizer(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new TesseraException("RVQ: " + message);
            }
        }
    }
}
