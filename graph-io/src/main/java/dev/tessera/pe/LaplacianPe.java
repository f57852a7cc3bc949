package dev.tessera.pe;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Laplacian eigenvector positional encodings (Dwivedi et al., "Benchmarking Graph Neural Networks", JMLR 2023;
 * PyG's {@code AddLaplacianEigenvectorPE}): the k eigenvectors of the symmetric normalized Laplacian
 * {@code L = I - D^-1/2 A D^-1/2} with the smallest eigenvalues, leaving out the trivial ones. Output float32
 * [N, k] row-major, column j the eigenvector of the (j+1)-th smallest non-trivial eigenvalue.
 *
 * <p>Conventions: A must be symmetric (every edge stored both ways with the same weight; apply
 * {@code ToUndirected} first), self-loops are left out and D is the weighted degree, as PyG's
 * {@code get_laplacian}; weights are used unless {@link Builder#optUseWeights(boolean)} turns them off. A node
 * without edges has {@code L_vv = 1} (PyG's convention: {@code D^-1/2} is 0 there), so its unit vector is an
 * eigenvector of eigenvalue 1.
 *
 * <p>Trivial eigenvectors: {@code L}'s null space is spanned by {@code z_C = D^1/2 1_C / ||D^1/2 1_C||}, one per
 * connected component C with an edge. All of them are left out (PyG leaves out the first eigenvector only,
 * which is the same thing on a connected graph): on a graph with many components the smallest eigenvalues
 * would otherwise all be 0 and the encodings an arbitrary rotation of component indicators. The encodings are
 * the k smallest eigenpairs of L on the orthogonal complement of the null space, i.e. the union of the
 * components' non-trivial spectra; an eigenvector of one component is zero on the others. So
 * {@code k <= N - c} is required (c components with an edge).
 *
 * <p>Methods: {@link Method#DENSE} forms L (plus {@code 3 z_C z_C^T}, which moves the null space above the
 * spectrum, {@code <= 2}) and reduces it to tridiagonal form (O(N^2) memory, about {@code 4/3 N^3} time);
 * {@link Method#ITERATIVE} runs a Chebyshev-filtered subspace iteration on the sparse L (filters bounded on the
 * unwanted part of {@code [0, 2]}, Rayleigh-Ritz after each), deflating the {@code z_C}, with block size
 * {@code k + max(4, k/2)}, from seeded start vectors, until every residual {@code ||L v - lambda v||} is at most
 * the tolerance; an iteration cap bounds it, and not converging is an error naming the options. {@link Method#AUTO}
 * (the default) is dense up to {@link #DEFAULT_DENSE_MAX_NODES} nodes.
 *
 * <p>Signs: each eigenvector is flipped so that its entry of largest magnitude (the first one within a relative
 * 1e-6 of it) is positive. The sign of an eigenvector, and the basis of an eigenspace of a repeated eigenvalue,
 * are otherwise arbitrary; models flip signs at random during training for that reason. Deterministic given the
 * seed, whatever the thread count.
 *
 * <pre>{@code
 * LaplacianPe.Result lap = LaplacianPe.builder().setK(8).build().compute(graph);
 * float[] pe = lap.values(); // [N, 8]
 * }</pre>
 */
public final class LaplacianPe {
    /**
     * Largest N for which {@link Method#AUTO} uses the dense method: about 0.2 s there, where the iterative method
     * is already as fast (and 30 times faster at N = 2000).
     */
    public static final int DEFAULT_DENSE_MAX_NODES = 500;
    /** Default tolerance on each residual norm {@code ||L v - lambda v||} (with ||v|| = 1, ||L|| &lt;= 2). */
    public static final double DEFAULT_TOLERANCE = 1e-5;
    /** Default iteration cap of the iterative method (each a polynomial filter of degree at most 64 and a Ritz step). */
    public static final int DEFAULT_MAX_ITERATIONS = 1000;
    /** Default seed of the start vectors. */
    public static final long DEFAULT_SEED = 0;

    private static final String WHO = "LaplacianPe";
    /** Null-space shift of the dense method: above the largest eigenvalue of L (at most 2). */
    private static final double NULL_SHIFT = 3;
    /** The normalized Laplacian's eigenvalues lie in [0, 2]. */
    private static final double SPECTRUM_BOUND = 2;
    private static final double SIGN_TIE = 1e-6;

    /** How the eigenvectors are computed. */
    public enum Method {
        /** Dense up to {@link Builder#optDenseMaxNodes(int)} nodes, iterative above. */
        AUTO,
        /** Dense tridiagonal reduction, bisection and inverse iteration. */
        DENSE,
        /** Chebyshev-filtered subspace iteration on the sparse Laplacian. */
        ITERATIVE
    }

    /**
     * The encodings.
     *
     * @param numNodes N
     * @param k the number of eigenvectors
     * @param values float32 [N, k] row-major: {@code values[v * k + j]} is entry v of eigenvector j
     * @param eigenvalues [k] ascending
     * @param residuals [k] residual norms {@code ||L v - lambda v||} of the float64 vectors
     * @param method the method that ran ({@link Method#DENSE} or {@link Method#ITERATIVE})
     * @param iterations iterations of the iterative method (0 for dense)
     * @param trivial c, the number of trivial eigenvectors left out (components with an edge)
     */
    public record Result(int numNodes, int k, float[] values, double[] eigenvalues, double[] residuals, Method method,
            int iterations, int trivial) {
        public Result {
            Objects.requireNonNull(values, "values");
            if (values.length != (long) numNodes * k || eigenvalues.length != k || residuals.length != k) {
                throw new IllegalArgumentException("sizes do not match N = " + numNodes + ", k = " + k);
            }
        }

        /**
         * @param v a node
         * @param j an eigenvector index in {@code [0, k)}
         * @return entry v of eigenvector j
         */
        public float get(int v, int j) {
            return values[v * k + j];
        }
    }

    private final int k;
    private final Method method;
    private final int denseMaxNodes;
    private final double tolerance;
    private final int maxIterations;
    private final long seed;
    private final int threads;
    private final boolean useWeights;

    private LaplacianPe(Builder b) {
        this.k = b.k;
        this.method = b.method;
        this.denseMaxNodes = b.denseMaxNodes;
        this.tolerance = b.tolerance;
        this.maxIterations = b.maxIterations;
        this.seed = b.seed;
        this.threads = b.threads;
        this.useWeights = b.useWeights;
    }

    /** @return a builder; {@link Builder#setK(int)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param graph an undirected graph
     * @return the encodings [N, k]
     * @throws TesseraException when the graph is not symmetric, has a negative or non-finite weight, has too few
     *     non-trivial eigenvectors for k, or the iterative method does not converge
     */
    public Result compute(CsrGraph graph) {
        PeGraph g = PeGraph.of(graph, useWeights, true, WHO);
        int n = g.n;
        if (k >= n) {
            throw new TesseraException(WHO + ": k = " + k + " must be less than the number of nodes N = " + n);
        }
        String asym = g.firstAsymmetricEdge();
        if (asym != null) {
            throw new TesseraException(WHO + ": the graph must be undirected, but edge " + asym
                    + " has no reverse of the same weight (apply ToUndirected first)");
        }
        Laplacian lap = new Laplacian(g);
        if (k > n - lap.components) {
            throw new TesseraException(WHO + ": k = " + k + " exceeds the " + (n - lap.components)
                    + " non-trivial eigenvectors of a graph with N = " + n + " and " + lap.components + " components");
        }
        Method m = method == Method.AUTO ? (n <= denseMaxNodes ? Method.DENSE : Method.ITERATIVE) : method;
        double[] values;
        double[][] vectors;
        int iterations = 0;
        if (m == Method.DENSE) {
            SymmetricEigen.Eigenpairs e = SymmetricEigen.smallest(lap.dense(NULL_SHIFT), k, seed, threads);
            values = e.values();
            vectors = e.vectors();
        } else {
            int block = Math.min(n - lap.components, k + Math.max(4, k / 2));
            ChebyshevSubspace.Output out = ChebyshevSubspace.smallest(n, lap::apply, lap::deflate, k, block, SPECTRUM_BOUND,
                    tolerance, maxIterations, seed, threads);
            if (!out.converged()) {
                double worst = 0;
                int bad = 0;
                for (double r : out.residuals()) {
                    worst = Math.max(worst, r);
                    bad += r > tolerance ? 1 : 0;
                }
                throw new TesseraException(String.format(Locale.ROOT,
                        "%s: %d of %d eigenvectors did not reach tolerance %.1e in %d iterations (largest residual %.1e);"
                                + " raise optMaxIterations or optTolerance",
                        WHO, bad, k, tolerance, out.iterations(), worst));
            }
            values = out.values();
            vectors = out.vectors();
            iterations = out.iterations();
        }
        double[] residuals = new double[k];
        double[] lv = new double[n];
        float[] pe = new float[Math.multiplyExact(n, k)];
        for (int j = 0; j < k; j++) {
            double[] v = vectors[j];
            fixSign(v);
            lap.apply(v, lv);
            double s = 0;
            for (int i = 0; i < n; i++) {
                double r = lv[i] - values[j] * v[i];
                s += r * r;
                pe[i * k + j] = (float) v[i];
            }
            residuals[j] = Math.sqrt(s);
        }
        return new Result(n, k, pe, values, residuals, m, iterations, lap.components);
    }

    /** Flips v so that its largest-magnitude entry (the first within a relative 1e-6 of the maximum) is positive. */
    static void fixSign(double[] v) {
        double big = 0;
        for (double x : v) {
            big = Math.max(big, Math.abs(x));
        }
        for (double x : v) {
            if (Math.abs(x) >= big * (1 - SIGN_TIE)) {
                if (x < 0) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = -v[i];
                    }
                }
                return;
            }
        }
    }

    /** The normalized Laplacian of a symmetric graph without self-loops, and its null space. */
    static final class Laplacian {
        final int n;
        final int[] rowPtr;
        final int[] col;
        /** A_uv / sqrt(d_u d_v) per edge. */
        final double[] value;
        /** Component of each node, -1 for a node without (positive-weight) edges. */
        final int[] component;
        /** Entry of the component's unit null vector z_C at each node: sqrt(d_v / vol C). */
        final double[] z;
        final int components;

        Laplacian(PeGraph g) {
            n = g.n;
            rowPtr = g.rowPtr;
            col = g.col;
            double[] invSqrt = new double[n];
            for (int v = 0; v < n; v++) {
                invSqrt[v] = g.degree[v] > 0 ? 1 / Math.sqrt(g.degree[v]) : 0;
            }
            value = new double[g.numEdges()];
            for (int u = 0; u < n; u++) {
                for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) {
                    value[e] = g.weight(e) * invSqrt[u] * invSqrt[col[e]];
                }
            }
            component = new int[n];
            Arrays.fill(component, -1);
            int[] queue = new int[n];
            int c = 0;
            double[] volumes = new double[n];
            for (int s = 0; s < n; s++) {
                if (component[s] >= 0 || g.degree[s] <= 0) {
                    continue;
                }
                int head = 0;
                int tail = 0;
                queue[tail++] = s;
                component[s] = c;
                double vol = 0;
                while (head < tail) {
                    int u = queue[head++];
                    vol += g.degree[u];
                    for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) {
                        int v = col[e];
                        if (component[v] < 0 && g.weight(e) > 0) {
                            component[v] = c;
                            queue[tail++] = v;
                        }
                    }
                }
                volumes[c++] = vol;
            }
            components = c;
            z = new double[n];
            for (int v = 0; v < n; v++) {
                if (component[v] >= 0) {
                    z[v] = Math.sqrt(g.degree[v] / volumes[component[v]]);
                }
            }
        }

        /** y = L x = x - D^-1/2 A D^-1/2 x. */
        void apply(double[] x, double[] y) {
            for (int u = 0; u < n; u++) {
                double s = 0;
                for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) {
                    s += value[e] * x[col[e]];
                }
                y[u] = x[u] - s;
            }
        }

        /** x <- x - sum_C z_C (z_C^T x). */
        void deflate(double[] x) {
            double[] dots = new double[components];
            for (int v = 0; v < n; v++) {
                if (component[v] >= 0) {
                    dots[component[v]] += z[v] * x[v];
                }
            }
            for (int v = 0; v < n; v++) {
                if (component[v] >= 0) {
                    x[v] -= z[v] * dots[component[v]];
                }
            }
        }

        /** Dense {@code L + shift sum_C z_C z_C^T}, [N][N]. */
        double[][] dense(double shift) {
            double[][] a = new double[n][n];
            for (int u = 0; u < n; u++) {
                a[u][u] = 1;
                for (int e = rowPtr[u]; e < rowPtr[u + 1]; e++) {
                    a[u][col[e]] -= value[e];
                }
            }
            // Nodes grouped by component, so that each z_C z_C^T block is filled from its own members.
            int[] count = new int[components + 1];
            for (int v = 0; v < n; v++) {
                if (component[v] >= 0) {
                    count[component[v] + 1]++;
                }
            }
            for (int c = 0; c < components; c++) {
                count[c + 1] += count[c];
            }
            int[] members = new int[count[components]];
            int[] fill = count.clone();
            for (int v = 0; v < n; v++) {
                if (component[v] >= 0) {
                    members[fill[component[v]]++] = v;
                }
            }
            for (int c = 0; c < components; c++) {
                for (int i = count[c]; i < count[c + 1]; i++) {
                    int u = members[i];
                    double zu = shift * z[u];
                    double[] row = a[u];
                    for (int j = count[c]; j < count[c + 1]; j++) {
                        int v = members[j];
                        row[v] += zu * z[v];
                    }
                }
            }
            return a;
        }
    }

    /** Builder: {@code setK} is required, the rest optional. */
    public static final class Builder {
        private int k;
        private Method method = Method.AUTO;
        private int denseMaxNodes = DEFAULT_DENSE_MAX_NODES;
        private double tolerance = DEFAULT_TOLERANCE;
        private int maxIterations = DEFAULT_MAX_ITERATIONS;
        private long seed = DEFAULT_SEED;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean useWeights = true;

        private Builder() {
        }

        /**
         * @param k the number of eigenvectors, &gt;= 1 (and, checked against the graph, &lt; N)
         * @return this builder
         * @throws TesseraException when k &lt; 1
         */
        public Builder setK(int k) {
            if (k < 1) {
                throw new TesseraException(WHO + ": k must be at least 1, got " + k);
            }
            this.k = k;
            return this;
        }

        /**
         * @param method {@link Method#AUTO} (default), or force {@link Method#DENSE} or {@link Method#ITERATIVE}
         * @return this builder
         */
        public Builder optMethod(Method method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * @param denseMaxNodes the largest N for which {@link Method#AUTO} is dense, &gt;= 0; default
         *     {@link #DEFAULT_DENSE_MAX_NODES}
         * @return this builder
         */
        public Builder optDenseMaxNodes(int denseMaxNodes) {
            if (denseMaxNodes < 0) {
                throw new TesseraException(WHO + ": dense max nodes must be non-negative, got " + denseMaxNodes);
            }
            this.denseMaxNodes = denseMaxNodes;
            return this;
        }

        /**
         * @param tolerance the iterative method's bound on each residual norm, &gt; 0; default
         *     {@link #DEFAULT_TOLERANCE}
         * @return this builder
         */
        public Builder optTolerance(double tolerance) {
            if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
                throw new TesseraException(WHO + ": tolerance must be positive, got " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * @param maxIterations the iterative method's iteration cap, &gt;= 1; default {@link #DEFAULT_MAX_ITERATIONS}
         * @return this builder
         */
        public Builder optMaxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new TesseraException(WHO + ": max iterations must be at least 1, got " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * @param seed seed of the start vectors; default {@link #DEFAULT_SEED}
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
         * @param useWeights whether the stored edge weights enter A (default true, as PyG); false: every edge weighs 1
         * @return this builder
         */
        public Builder optUseWeights(boolean useWeights) {
            this.useWeights = useWeights;
            return this;
        }

        /** @return the configured encoder */
        public LaplacianPe build() {
            if (k < 1) {
                throw new IllegalStateException("setK is required");
            }
            return new LaplacianPe(this);
        }
    }
}
