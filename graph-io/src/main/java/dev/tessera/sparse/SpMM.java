package dev.tessera.sparse;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.transforms.CsrOps;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sparse x dense products with a fixed CSR graph A [N, N] (E nonzeros), float32:
 *
 * <pre>  {@link #multiply}:            Y = M · X,    Y[u, :] = sum over edges u &rarr; v of M[u, v] · X[v, :]
 *  {@link #multiplyTransposed}:  Y = M<sup>T</sup> · X,  Y[v, :] = sum over edges u &rarr; v of M[u, v] · X[u, :]</pre>
 *
 * where M = A (weights as stored, 1 when unweighted) or, with {@link Builder#optNormalization}, the GCN matrix
 * Â = D<sup>-1/2</sup>(A + L)D<sup>-1/2</sup> of {@link GcnNormalization}, applied on the fly from its degree
 * vectors (no normalized copy of the graph). X and Y are row-major float32 [N, C]; Y is overwritten and must be
 * a different array from X. Allocate Y once and reuse it: touching fresh pages is slow on virtual machines.
 *
 * <p><b>Parallelism.</b> Rows are cut into blocks of about equal cost (nonzeros + 1 per row, so that both long
 * rows and many empty rows are balanced), {@code 8·T} blocks for T threads; the calling thread and T - 1 pool
 * threads take blocks from a shared counter, which also evens out cores that other processes slow down. Every
 * block writes only its own rows of Y, so the result does not depend on T (bit for bit) and needs no locks. With
 * T = 1 the caller runs one loop over all rows and no pool exists.
 *
 * <p><b>Transpose.</b> A<sup>T</sup>·X scatters into Y over A's rows; done in parallel that races on Y (or needs
 * atomics or a private Y per thread, T·N·C floats). Instead the transposed CSR is built once, on the first
 * {@link #multiplyTransposed} call (counting sort, O(N + E), 4·(N + E) bytes more, 8·E when weighted), cached,
 * and A<sup>T</sup>·X runs as the same gather kernel over its rows, with the same speed and determinism as A·X.
 * Â<sup>T</sup> uses the same degree vectors (Â<sup>T</sup>[v, u] = s(v)·A[u, v]·s(u)).
 *
 * <p><b>Inner loop.</b> With {@code --add-modules jdk.incubator.vector} the JDK Vector API keeps Y's row in
 * registers (about 3–5x faster than plain loops on an AVX-512 machine; C2 does not vectorize those here); without it, plain
 * loops. {@link #kernelName()} says which runs.
 *
 * <p><b>Memory traffic</b> ({@link #bytesMoved}): the product is bound by memory, one X row gathered per nonzero.
 *
 * <pre>{@code
 * try (SpMM spmm = SpMM.builder().setGraph(g).optThreads(2).optNormalization(GcnNormalization.of(g)).build()) {
 *     float[] y = new float[n * c];
 *     spmm.multiply(x, c, y);            // Y = Â·X
 *     spmm.multiplyTransposed(y, c, x2); // X2 = Âᵀ·Y
 * }
 * }</pre>
 *
 * Thread-safe: concurrent calls with different outputs are allowed.
 */
public final class SpMM implements AutoCloseable {
    private static final int BLOCKS_PER_THREAD = 8;

    private final int numNodes;
    private final long[] rowPointers;
    private final int[] columns;
    private final float[] weights;
    private final GcnNormalization normalization;
    private final int threads;
    private final RowKernel kernel;
    private final int[] blocks;
    private final ExecutorService pool;
    private volatile Transposed transposed;

    /** The cached transposed CSR and its row blocks. */
    private record Transposed(long[] rowPointers, int[] columns, float[] weights, int[] blocks) {
    }

    private SpMM(Builder b) {
        CsrGraph g = b.graph;
        this.numNodes = g.numNodes();
        this.rowPointers = g.rowPointers();
        this.columns = g.columnArray();
        this.weights = b.ignoreWeights ? null : g.weightArray();
        this.normalization = b.normalization;
        this.threads = b.threads;
        this.kernel = b.scalar ? ScalarKernel.INSTANCE : defaultKernel();
        this.blocks = blocks(rowPointers, threads == 1 ? 1 : threads * BLOCKS_PER_THREAD);
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "tessera-spmm");
            t.setDaemon(true);
            return t;
        });
    }

    /** @return a builder; the graph is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Y = M·X (M = A or Â).
     *
     * @param x X, row-major [N, C] (at least N·C floats)
     * @param cols C &ge; 1
     * @param y Y, row-major [N, C] (at least N·C floats), overwritten; not {@code x}
     * @throws TesseraException when the shapes do not fit
     */
    public void multiply(float[] x, int cols, float[] y) {
        check(x, cols, y);
        multiply(MemorySegment.ofArray(x), cols, MemorySegment.ofArray(y));
    }

    /**
     * Y = M·X on memory segments, for X and Y that live outside the Java heap (an engine tensor's memory, say),
     * so that the product needs no copies: float32, native byte order, row-major [N, C]. With more than one thread
     * the segments must be accessible from other threads (not from a confined arena).
     *
     * @param x X, at least N·C floats
     * @param cols C &ge; 1
     * @param y Y, at least N·C floats, overwritten; must not overlap X
     * @throws TesseraException when the shapes do not fit or the segments overlap
     */
    public void multiply(MemorySegment x, int cols, MemorySegment y) {
        check(x, cols, y);
        run(rowPointers, columns, weights, blocks, x, cols, y);
    }

    /**
     * Y = M<sup>T</sup>·X (M = A or Â), through the transposed CSR built on the first call.
     *
     * @param x X, row-major [N, C]
     * @param cols C &ge; 1
     * @param y Y, row-major [N, C], overwritten; not {@code x}
     * @throws TesseraException when the shapes do not fit
     */
    public void multiplyTransposed(float[] x, int cols, float[] y) {
        check(x, cols, y);
        multiplyTransposed(MemorySegment.ofArray(x), cols, MemorySegment.ofArray(y));
    }

    /**
     * Y = M<sup>T</sup>·X on memory segments (see {@link #multiply(MemorySegment, int, MemorySegment)}).
     *
     * @param x X, at least N·C floats
     * @param cols C &ge; 1
     * @param y Y, at least N·C floats, overwritten; must not overlap X
     * @throws TesseraException when the shapes do not fit or the segments overlap
     */
    public void multiplyTransposed(MemorySegment x, int cols, MemorySegment y) {
        check(x, cols, y);
        Transposed t = transposed();
        run(t.rowPointers, t.columns, t.weights, t.blocks, x, cols, y);
    }

    private Transposed transposed() {
        Transposed t = transposed;
        if (t == null) {
            synchronized (this) {
                t = transposed;
                if (t == null) {
                    long[] rp = rowPointers;
                    CsrGraph g = CsrGraph.of(rp, columns, weights);
                    CsrGraph r = CsrOps.transpose(g);
                    t = new Transposed(r.rowPointers(), r.columnArray(), r.weightArray(),
                            blocks(r.rowPointers(), blocks.length));
                    transposed = t;
                }
            }
        }
        return t;
    }

    private void run(long[] rp, int[] cols, float[] ws, int[] bl, MemorySegment x, int c, MemorySegment y) {
        float[] scale = normalization == null ? null : normalization.invSqrtDegree();
        float[] loops = normalization == null ? null : normalization.addedLoops();
        if (pool == null) {
            kernel.rows(0, numNodes, rp, cols, ws, scale, loops, x, c, y);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int b;
            while ((b = next.getAndIncrement()) < bl.length - 1) {
                kernel.rows(bl[b], bl[b + 1], rp, cols, ws, scale, loops, x, c, y);
            }
        };
        List<Future<?>> futures = new ArrayList<>(threads - 1);
        for (int i = 0; i < threads - 1; i++) {
            futures.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during SpMM", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("SpMM worker failed", e.getCause());
            }
        }
    }

    private void check(float[] x, int cols, float[] y) {
        if (cols < 1) {
            throw new TesseraException("spmm: need at least 1 column, got " + cols);
        }
        long need = (long) numNodes * cols;
        if (need > Integer.MAX_VALUE - 8) {
            throw new TesseraException("spmm: [" + numNodes + ", " + cols + "] does not fit one Java array");
        }
        if (x.length < need) {
            throw new TesseraException("spmm: X holds " + x.length + " floats, [" + numNodes + ", " + cols + "] needs " + need);
        }
        if (y.length < need) {
            throw new TesseraException("spmm: Y holds " + y.length + " floats, [" + numNodes + ", " + cols + "] needs " + need);
        }
        if (x == y) {
            throw new TesseraException("spmm: X and Y must be different arrays");
        }
    }

    private void check(MemorySegment x, int cols, MemorySegment y) {
        if (cols < 1) {
            throw new TesseraException("spmm: need at least 1 column, got " + cols);
        }
        long need = 4L * numNodes * cols;
        if (x.byteSize() < need) {
            throw new TesseraException("spmm: X holds " + x.byteSize() / 4 + " floats, [" + numNodes + ", " + cols
                    + "] needs " + need / 4);
        }
        if (y.byteSize() < need) {
            throw new TesseraException("spmm: Y holds " + y.byteSize() / 4 + " floats, [" + numNodes + ", " + cols
                    + "] needs " + need / 4);
        }
        if (x.asSlice(0, need).asOverlappingSlice(y.asSlice(0, need)).isPresent()) {
            throw new TesseraException("spmm: X and Y must not overlap");
        }
    }

    /**
     * Cuts rows into {@code count} blocks of about equal cost {@code rowPointers[v] + v} (nonzeros + rows).
     *
     * @return block boundaries [count + 1], non-decreasing, from 0 to N
     */
    static int[] blocks(long[] rowPointers, int count) {
        int n = rowPointers.length - 1;
        long total = rowPointers[n] + n;
        int[] b = new int[count + 1];
        b[count] = n;
        for (int i = 1; i < count; i++) {
            long target = total * i / count;
            int lo = b[i - 1];
            int hi = n;
            while (lo < hi) { // first v with cost(v) >= target
                int mid = (lo + hi) >>> 1;
                if (rowPointers[mid] + mid < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            b[i] = lo;
        }
        return b;
    }

    /**
     * The bytes one product moves in the gather model used for bandwidth figures: row pointers (8·(N + 1)),
     * column indices (4·E), weights (4·E when weighted), one X row gathered per nonzero (4·E·C; X is assumed far
     * larger than the caches, so gathered rows are rarely reused) and Y written once (4·N·C). Degree vectors
     * (4·N, read in order) are left out. An upper bound of the traffic when rows of X are reused from cache.
     *
     * @param nodes N
     * @param edges E
     * @param cols C
     * @param weighted whether edge weights are read
     * @return bytes moved
     */
    public static long bytesMoved(long nodes, long edges, int cols, boolean weighted) {
        return 8 * (nodes + 1) + 4 * edges + (weighted ? 4 * edges : 0) + 4 * edges * cols + 4 * nodes * cols;
    }

    /** @return the inner loop in use: {@code vector-512bit} (or 256, 128) or {@code scalar} */
    public String kernelName() {
        return kernel.name();
    }

    /** @return T, the number of threads */
    public int threads() {
        return threads;
    }

    /** @return N */
    public int numNodes() {
        return numNodes;
    }

    /** @return whether edge weights are used */
    public boolean isWeighted() {
        return weights != null;
    }

    /** Stops the pool threads (T &gt; 1); the instance must not be used afterwards. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** @return the Vector API kernel when the module is in the boot layer, else the scalar one */
    private static RowKernel defaultKernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return VectorKernel.INSTANCE;
        }
        return ScalarKernel.INSTANCE;
    }

    /** Builder: {@link #setGraph} is required. */
    public static final class Builder {
        private CsrGraph graph;
        private int threads = Runtime.getRuntime().availableProcessors();
        private GcnNormalization normalization;
        private boolean ignoreWeights;
        private boolean scalar;

        private Builder() {
        }

        /**
         * @param g A [N, N]; E must fit one Java array (mapped graphs are copied to the heap once)
         * @return this builder
         */
        public Builder setGraph(CsrGraph g) {
            this.graph = g;
            return this;
        }

        /**
         * @param t T &ge; 1 threads (default: available processors)
         * @return this builder
         */
        public Builder optThreads(int t) {
            this.threads = t;
            return this;
        }

        /**
         * @param n degree vectors of A (from {@link GcnNormalization#of}); M becomes Â (default: none, M = A)
         * @return this builder
         */
        public Builder optNormalization(GcnNormalization n) {
            this.normalization = n;
            return this;
        }

        /**
         * @param ignore whether to treat a weighted graph as unweighted (all weights 1; default false)
         * @return this builder
         */
        public Builder optIgnoreWeights(boolean ignore) {
            this.ignoreWeights = ignore;
            return this;
        }

        /** Forces the scalar kernel (tests compare it with the vector one). */
        Builder scalarKernel() {
            this.scalar = true;
            return this;
        }

        /**
         * @return the product operator
         * @throws TesseraException when the graph is missing, T &lt; 1 or the normalization is for another N
         */
        public SpMM build() {
            if (graph == null) {
                throw new TesseraException("spmm: setGraph is required");
            }
            if (threads < 1) {
                throw new TesseraException("spmm: threads must be at least 1, got " + threads);
            }
            if (normalization != null && normalization.numNodes() != graph.numNodes()) {
                throw new TesseraException("spmm: normalization is for " + normalization.numNodes() + " nodes, graph has "
                        + graph.numNodes());
            }
            return new SpMM(this);
        }
    }
}
