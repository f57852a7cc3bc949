package dev.tessera.generate;

/**
 * The options every synthetic-graph generator shares, for {@link SbmGenerator.Builder} and
 * {@link RmatGenerator.Builder}: N nodes, C classes and average degree D are required; the feature dimension F
 * (default 16), the class-mean scale s (default 2, see {@link ClassFeatures}), the seed (default 0) and the
 * dataset's name are optional. Each generator adds its own options and checks.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class GeneratorBuilder<B extends GeneratorBuilder<B>> {
    int numNodes = -1;
    int numClasses = -1;
    double averageDegree = -1;
    int numFeatures = 16;
    double featureSignal = 2.0;
    long seed;
    String name;

    /** @param defaultName the dataset's name unless {@link #optName} gives one */
    GeneratorBuilder(String defaultName) {
        this.name = defaultName;
    }

    /** @return this builder as its concrete type */
    abstract B self();

    /**
     * @param n N, at least 2
     * @return this builder
     */
    public B setNumNodes(int n) {
        this.numNodes = n;
        return self();
    }

    /**
     * @param c C, at least 1 (at most N for the stochastic block model, whose classes must not be empty)
     * @return this builder
     */
    public B setNumClasses(int c) {
        this.numClasses = c;
        return self();
    }

    /**
     * @param d D, the average number of neighbours (E = N·D stored directed edges)
     * @return this builder
     */
    public B setAverageDegree(double d) {
        this.averageDegree = d;
        return self();
    }

    /**
     * @param f F, the feature dimension (default 16; 0 for none)
     * @return this builder
     */
    public B optNumFeatures(int f) {
        this.numFeatures = f;
        return self();
    }

    /**
     * @param s the class-mean scale s (default 2; see {@link ClassFeatures}); 0 makes features pure noise
     * @return this builder
     */
    public B optFeatureSignal(double s) {
        this.featureSignal = s;
        return self();
    }

    /**
     * @param seed the random seed (default 0)
     * @return this builder
     */
    public B optSeed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * @param name the dataset's name (default: the generator's, {@code sbm} or {@code rmat})
     * @return this builder
     */
    public B optName(String name) {
        this.name = name;
        return self();
    }

    /**
     * Checks N, C and D; the generator checks its own options after this and calls {@link #checkFeatures()} last
     * (the order decides which message a builder with several mistakes gets).
     *
     * @param classesAtMostNodes whether C must not exceed N
     * @throws IllegalArgumentException when a required parameter is missing or out of range
     */
    void checkShape(boolean classesAtMostNodes) {
        if (numNodes < 2) {
            throw new IllegalArgumentException("setNumNodes: need at least 2 nodes, got " + numNodes);
        }
        if (classesAtMostNodes && (numClasses < 1 || numClasses > numNodes)) {
            throw new IllegalArgumentException("setNumClasses: need 1..N classes, got " + numClasses);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("setNumClasses: need at least 1 class, got " + numClasses);
        }
        if (!(averageDegree >= 0) || averageDegree > numNodes - 1) {
            throw new IllegalArgumentException("setAverageDegree: need 0..N-1, got " + averageDegree);
        }
    }

    /** @return the options as set, for the generator to keep (after the checks) */
    GeneratorOptions options() {
        return new GeneratorOptions(numNodes, numClasses, averageDegree, numFeatures, featureSignal, seed, name);
    }

    /** @throws IllegalArgumentException when F or s is negative (or s is NaN) */
    void checkFeatures() {
        if (numFeatures < 0 || !(featureSignal >= 0)) {
            throw new IllegalArgumentException("optNumFeatures/optFeatureSignal: must not be negative");
        }
    }
}
