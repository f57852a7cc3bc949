package dev.tessera.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.sparse.SpMM;
import dev.tessera.transforms.CsrOps;
import dev.tessera.transforms.GcnNorm;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sparse propagation {@code Y = Â·X} inside DJL's autograd: the one operator every Tessera model uses for message
 * passing. Built once per graph and normalization; {@link #propagate} is differentiable with respect to {@code X},
 * and its gradient is {@code dX = Âᵀ·dY}.
 *
 * <p><b>The matrix.</b> For the CSR graph {@code g} with edge weights {@code w(u, v)} (1 when unweighted),
 * {@code Â[u][v] = w'(u, v)} for every stored edge {@code u → v}, so
 *
 * <pre>  Y[u] = Σ_{u → v} w'(u, v) · X[v]            (not transposed: gather from the targets of u's row)
 *  Y[v] = Σ_{u → v} w'(u, v) · X[u]            (transposed, Âᵀ·X: PyG's flow source-to-target)</pre>
 *
 * On an undirected graph both are the same. The weights {@code w'} depend on the {@link Normalization}:
 * {@code NONE} keeps {@code w}; {@code GCN} is {@link GcnNorm} ({@code w / sqrt(deg(u)·deg(v))} after adding the
 * remaining self-loops, as PyG's {@code gcn_norm}); {@code MEAN} divides each output row's weights by the number of
 * edges summed into it (mean aggregation; an output row with no edges stays 0). Duplicate edges count twice.
 *
 * <p><b>How it is computed, and why.</b> DJL 0.36's PyTorch engine offers COO sparse tensors only, no scatter-add
 * in its {@code NDArray} API ({@code scatter} and {@code put} write values, they do not add) and no custom autograd
 * functions. Three formulations were measured, forward + backward, on a uniform random graph with N = 200,000,
 * E = 2,000,000 and 64 columns ({@code dev.tessera.bench.PropagationBench}; docs/benchmarks.md, "Propagation with
 * gradients (DJL)"):
 *
 * <ul>
 *   <li>{@link Kernel#SPARSE_MATMUL} (default): Â as a PyTorch COO tensor built once, in CSR order (so coalesced);
 *       {@code Y = coo.matMul(X)}, whose backward PyTorch computes as {@code Âᵀ·dY} with the same sparse kernel.
 *       It never materializes an [E, F] tensor, so it pays no first-touch page faults for one, and its kernels are
 *       serial, so it does not stall when the two cores are shared. Within 15% of the fastest on quiet cores, the
 *       fastest on one thread and under contention.</li>
 *   <li>{@link Kernel#BUCKETED_GATHER}: output rows grouped into buckets of equal padded width {@code W} (exact
 *       degree up to 16, then widths growing by 1.25x: padding adds at most 25%); per bucket of {@code B} rows,
 *       {@code X.gather(idx broadcast to [B·W, F])} reshaped to [B, W, F], times the weights [B, W, 1], summed over
 *       W; then the parts and a zero block for empty rows are concatenated and put back in node order with one
 *       more gather. A broadcast (stride-0) gather index is PyTorch's fast path whose backward is a parallel
 *       scatter-add (faster than indexing with {@code get}, whose backward is an accumulating {@code index_put});
 *       {@code batchMatMul} instead of {@code mul}+{@code sum} was slower in the backward pass. Padding slots
 *       repeat a real neighbour of the row with weight 0. Up to 13% faster than COO on two quiet cores, 1.6x slower
 *       on one thread and up to 3x slower when other processes share the cores (its parallel kernels wait for the
 *       slowest thread), and it holds [1.1·E, F] temporaries (about 1 GB here); kept as an alternative and
 *       cross-check.</li>
 *   <li>Prefix sums (gather, {@code cumSum} over all E rows, differences at row boundaries): rejected. PyTorch's
 *       {@code cumSum} along dim 0 was the slowest step of all, and in float32 its error grows with E (2e-4 to
 *       5e-4 relative at E = 2M); float64 is no way out, since the engine's {@code toType} runs without gradient.</li>
 * </ul>
 *
 * Both kernels sum each row in float32 over its own terms only: the error does not grow with the graph.
 *
 * <p><b>Without gradients</b> ({@link #propagate(NDArray, boolean)} with {@code gradient = false}, X on the CPU)
 * the product runs in plain Java with {@link SpMM} (from {@link #JAVA_MIN_WORK} multiply-adds up), built on first
 * use from the same matrix: 5 to 8 times faster
 * than the engine's COO {@code matMul} (docs/benchmarks.md, "Sparse x dense") and without its temporaries, about
 * 2 GB on 20M edges. It reads X and writes Y in the engine's memory (no heap copies). The caller says whether a gradient is needed because DJL's API cannot tell whether a tensor is
 * part of a recorded graph ({@code hasGradient} is false for every non-leaf).
 *
 * <p>The prepared tensors live in the manager given to {@link Builder#build}; {@link #close} frees them.
 */
public final class Propagation implements AutoCloseable {
    /**
     * Products without gradients run in Java from this many multiply-adds (nonzeros × columns) up: below, the
     * engine's call costs less than the first calls of the Java kernel before the JIT has compiled it (tens of
     * milliseconds), and the work is too small for the faster kernel to pay that back.
     */
    static final long JAVA_MIN_WORK = 1L << 20;
    /** Rows up to this degree get a bucket of their exact width. */
    private static final int EXACT_WIDTHS = 16;
    /** Beyond that, bucket widths grow by this factor (bounds the padding). */
    private static final double WIDTH_GROWTH = 1.25;

    /** Edge weight normalization applied once when the operator is built. */
    public enum Normalization {
        /** The graph's weights as stored (1 when unweighted). */
        NONE,
        /** Symmetric GCN normalization with remaining self-loops ({@link GcnNorm#gcnNorm(CsrGraph)}). */
        GCN,
        /** Each output row's weights divided by the number of edges in that row (mean aggregation). */
        MEAN
    }

    /** How the product is computed; both give the same result up to float32 rounding. */
    public enum Kernel {
        /** PyTorch COO sparse {@code matMul} with the matrix built once (default). */
        SPARSE_MATMUL,
        /** Degree-bucketed padded gather, {@code mul} and {@code sum} over dense tensors. */
        BUCKETED_GATHER
    }

    private final int numNodes;
    private final long numEdges;
    private final NDList indices;
    private final NDList weights;
    private final int emptyRows;
    private final NDArray inverse;
    private final NDList owned;
    /** Where the lazily built COO matrix goes; null for the gather kernel. */
    private final NDManager sparseManager;
    /**
     * The COO matrix for {@link Kernel#SPARSE_MATMUL}, built on the first product that needs the engine (on the CPU,
     * inference never does: on 20M edges that saves about 0.5 GB of tensors and 0.7 GB of set-up arrays).
     */
    private NDArray sparse;
    /** The same matrix in Java, for products without gradients; null when there are no edges. */
    private CsrGraph matrix;
    private SpMM javaProduct;

    private Propagation(int numNodes, long numEdges, NDManager sparseManager) {
        this.numNodes = numNodes;
        this.numEdges = numEdges;
        this.sparseManager = sparseManager;
        this.indices = new NDList();
        this.weights = new NDList();
        this.emptyRows = 0;
        this.inverse = null;
        this.owned = new NDList();
    }

    private Propagation(int numNodes, long numEdges, NDList indices, NDList weights, int emptyRows, NDArray inverse) {
        this.sparseManager = null;
        this.numNodes = numNodes;
        this.numEdges = numEdges;
        this.indices = indices;
        this.weights = weights;
        this.emptyRows = emptyRows;
        this.inverse = inverse;
        this.owned = new NDList();
        owned.addAll(indices);
        owned.addAll(weights);
        if (inverse != null) {
            owned.add(inverse);
        }
    }

    /** @return a builder; {@link Builder#setGraph} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return N, the number of rows of X and Y */
    public int numNodes() {
        return numNodes;
    }

    /** @return the number of nonzeros of Â (after normalization, self-loops included) */
    public long numEdges() {
        return numEdges;
    }

    /**
     * Computes {@code Y = Â·X}; differentiable with respect to {@code x} inside a
     * {@link ai.djl.training.GradientCollector} ({@code dX = Âᵀ·dY}).
     *
     * @param x float32 [N, F] on the device of the manager the operator was built in
     * @return float32 [N, F]
     * @throws TesseraException when x is not float32 [N, F]
     */
    public NDArray propagate(NDArray x) {
        return propagate(x, true);
    }

    /**
     * Computes {@code Y = Â·X}, on the engine when a gradient may be needed, else (X on the CPU) in plain Java.
     *
     * @param x float32 [N, F]
     * @param gradient whether the product must be differentiable (training); false gives the same values, faster,
     *     with no gradient to X
     * @return float32 [N, F], in x's manager
     * @throws TesseraException when x is not float32 [N, F]
     */
    public NDArray propagate(NDArray x, boolean gradient) {
        check(x);
        if (!gradient && matrix != null && "cpu".equals(x.getDevice().getDeviceType())
                && numEdges * x.getShape().get(1) >= JAVA_MIN_WORK) {
            return propagateInJava(x);
        }
        return propagateWithEngine(x);
    }

    private void check(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(0) != numNodes || x.getDataType() != DataType.FLOAT32) {
            throw new TesseraException("propagation: expected float32 [" + numNodes + ", F], got "
                    + x.getDataType() + " " + s);
        }
    }

    /**
     * Y = Â·X by {@link SpMM}, no gradient, reading X and writing Y in the engine's own memory: no heap copies of
     * the two [N, F] tensors (on 2M nodes x 64 columns, 1.5 GB of copies and heap per call otherwise). Y is created
     * uninitialized; the kernel overwrites every row.
     */
    private NDArray propagateInJava(NDArray x) {
        int f = Math.toIntExact(x.getShape().get(1));
        // A non-contiguous x is made contiguous first by the engine, in x's manager, so the view stays valid.
        MemorySegment in = MemorySegment.ofBuffer(x.toByteBuffer(true));
        NDArray y = x.getManager().create(x.getShape(), DataType.FLOAT32, x.getDevice());
        javaProduct().multiply(in, f, MemorySegment.ofBuffer(y.toByteBuffer(true)));
        return y;
    }

    private synchronized SpMM javaProduct() {
        if (javaProduct == null) {
            // As many threads as the engine's intra-op pool, so that a run limited to one thread stays on one core.
            int threads = EngineThreads.count(Runtime.getRuntime().availableProcessors());
            javaProduct = SpMM.builder().setGraph(matrix).optThreads(threads).build();
        }
        return javaProduct;
    }

    private synchronized NDArray sparse() {
        if (sparse == null) {
            sparse = Builder.coo(sparseManager, numNodes, matrix.rowPointers(), matrix.columnArray(),
                    matrix.weightArray());
            owned.add(sparse);
        }
        return sparse;
    }

    private NDArray propagateWithEngine(NDArray x) {
        Shape s = x.getShape();
        if (sparseManager != null) {
            // The engine attaches a product to its first operand's manager, here the operator's own: move it to
            // the caller's, or every call would stay allocated until the operator is closed.
            NDArray y = sparse().matMul(x);
            y.attach(x.getManager());
            return y;
        }
        long f = s.get(1);
        if (indices.isEmpty()) {
            // No edges at all: Y = 0, still attached to x (through an empty slice) so its gradient, 0, is defined.
            return x.get(new NDIndex("0:0")).concat(x.getManager().zeros(s, DataType.FLOAT32, x.getDevice()), 0);
        }
        NDList parts = new NDList(indices.size() + 1);
        for (int b = 0; b < indices.size(); b++) {
            NDArray idx = indices.get(b);
            NDArray wts = weights.get(b);
            long rows = wts.getShape().get(0);
            long slots = idx.getShape().get(0);
            // X[idx] as gather with a broadcast (stride-0) index: PyTorch's fast path whose backward is a
            // parallel scatter-add; then [B, 1, W] x [B, W, F] -> [B, 1, F], each row summed over its W slots.
            NDArray gathered = x.gather(idx.broadcast(new Shape(slots, f)), 0).reshape(rows, slots / rows, f);
            parts.add(gathered.mul(wts).sum(new int[] {1}));
        }
        if (emptyRows > 0) {
            parts.add(x.getManager().zeros(new Shape(emptyRows, f), DataType.FLOAT32, x.getDevice()));
        }
        NDArray stacked = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        return inverse == null ? stacked : stacked.gather(inverse.broadcast(new Shape(numNodes, f)), 0);
    }

    /** Frees the prepared index and weight tensors (and the Java product's threads). */
    @Override
    public void close() {
        synchronized (this) {
            owned.close();
            if (javaProduct != null) {
                javaProduct.close();
                javaProduct = null;
            }
        }
    }

    /** Builds a {@link Propagation}: {@code setGraph} required; normalization and direction optional. */
    public static final class Builder {
        private CsrGraph graph;
        private Normalization normalization = Normalization.NONE;
        private boolean transposed;
        private boolean gcnSelfLoops = true;
        private Kernel kernel = Kernel.SPARSE_MATMUL;

        private Builder() {
        }

        /**
         * @param graph the graph (weighted or not); required
         * @return this builder
         */
        public Builder setGraph(CsrGraph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
            return this;
        }

        /**
         * @param normalization how edge weights are normalized (default {@link Normalization#NONE})
         * @return this builder
         */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = Objects.requireNonNull(normalization, "normalization");
            return this;
        }

        /**
         * @param addSelfLoops for {@link Normalization#GCN}: whether to add a weight-1 loop to every node without
         *     one before normalizing (default true, as PyG)
         * @return this builder
         */
        public Builder optGcnSelfLoops(boolean addSelfLoops) {
            this.gcnSelfLoops = addSelfLoops;
            return this;
        }

        /**
         * @param kernel how the product is computed (default {@link Kernel#SPARSE_MATMUL}, the faster one measured)
         * @return this builder
         */
        public Builder optKernel(Kernel kernel) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        /**
         * @param transposed true to compute {@code Âᵀ·X} (aggregate at edge targets, PyG's source-to-target flow);
         *     default false
         * @return this builder
         */
        public Builder optTransposed(boolean transposed) {
            this.transposed = transposed;
            return this;
        }

        /**
         * Prepares the bucketed index once (plain Java, O(N + E)) and copies it into {@code manager}.
         *
         * @param manager where the prepared tensors live (and their device)
         * @return the operator
         */
        public Propagation build(NDManager manager) {
            if (graph == null) {
                throw new IllegalStateException("setGraph is required");
            }
            CsrGraph normalized = normalization == Normalization.GCN ? GcnNorm.gcnNorm(graph, gcnSelfLoops, 1f) : graph;
            // Output rows as CSR: Âᵀ·X gathers along the rows of the transpose.
            CsrGraph g = transposed ? CsrOps.transpose(normalized) : normalized;
            int n = g.numNodes();
            int e = Math.toIntExact(g.numEdges());
            long[] ptr = g.rowPointers().clone();
            int[] in = new int[e];
            double[] w = new double[e];
            for (int k = 0; k < e; k++) {
                in[k] = g.target(k);
                w[k] = g.weight(k);
            }
            if (normalization == Normalization.MEAN) {
                for (int v = 0; v < n; v++) {
                    long d = ptr[v + 1] - ptr[v];
                    for (long k = ptr[v]; k < ptr[v + 1]; k++) {
                        w[(int) k] /= d;
                    }
                }
            }
            boolean sparse = kernel == Kernel.SPARSE_MATMUL && e > 0;
            Propagation p = sparse ? new Propagation(n, e, manager) : bucketed(manager, n, e, ptr, in, w);
            if (e > 0 && (sparse || "cpu".equals(manager.getDevice().getDeviceType()))) {
                float[] fw = new float[e];
                for (int k = 0; k < e; k++) {
                    fw[k] = (float) w[k];
                }
                p.matrix = CsrGraph.of(ptr, in, fw);
            }
            if (sparse && !"cpu".equals(manager.getDevice().getDeviceType())) {
                p.sparse(); // off the CPU every product runs on the engine: build it now
                p.matrix = null;
            }
            return p;
        }

        /** Â as a PyTorch COO tensor, rows in order (already coalesced unless the graph repeats a pair). */
        static NDArray coo(NDManager manager, int n, long[] ptr, int[] in, float[] w) {
            int e = in.length;
            long[] rows = new long[e];
            long[] cols = new long[e];
            for (int v = 0; v < n; v++) {
                for (long k = ptr[v]; k < ptr[v + 1]; k++) {
                    rows[(int) k] = v;
                    cols[(int) k] = in[(int) k];
                }
            }
            return GraphTensors.sparseCoo(manager, new long[][] {rows, cols}, w, new Shape(n, n));
        }

        /** Groups rows by padded width, lays out each bucket's [B, W] index and [B, W, 1] weights. */
        private static Propagation bucketed(NDManager manager, int n, int e, long[] ptr, int[] in, double[] w) {
            int maxDegree = 0;
            for (int v = 0; v < n; v++) {
                maxDegree = Math.max(maxDegree, (int) (ptr[v + 1] - ptr[v]));
            }
            int[] widths = widths(maxDegree);
            // bucketOf[d] = index into widths of the smallest width >= d (d >= 1).
            int[] rowsPerBucket = new int[widths.length];
            int[] bucketOfRow = new int[n];
            int empty = 0;
            for (int v = 0; v < n; v++) {
                int d = (int) (ptr[v + 1] - ptr[v]);
                if (d == 0) {
                    bucketOfRow[v] = -1;
                    empty++;
                    continue;
                }
                int b = bucketFor(widths, d);
                bucketOfRow[v] = b;
                rowsPerBucket[b]++;
            }
            List<long[]> idx = new ArrayList<>();
            List<float[]> wts = new ArrayList<>();
            List<int[]> rows = new ArrayList<>();
            int[] slot = new int[widths.length];
            int[] first = new int[widths.length];
            int[] bucketRank = new int[widths.length];
            int used = 0;
            for (int b = 0; b < widths.length; b++) {
                if (rowsPerBucket[b] > 0) {
                    bucketRank[b] = used++;
                    idx.add(new long[Math.multiplyExact(rowsPerBucket[b], widths[b])]);
                    wts.add(new float[rowsPerBucket[b] * widths[b]]);
                    rows.add(new int[rowsPerBucket[b]]);
                }
            }
            for (int v = 0; v < n; v++) {
                int b = bucketOfRow[v];
                if (b < 0) {
                    continue;
                }
                int r = bucketRank[b];
                int width = widths[b];
                int row = slot[b]++;
                rows.get(r)[row] = v;
                long[] ix = idx.get(r);
                float[] wt = wts.get(r);
                int base = row * width;
                int d = (int) (ptr[v + 1] - ptr[v]);
                for (int j = 0; j < width; j++) {
                    // Padding repeats the row's last neighbour with weight 0.
                    int k = (int) ptr[v] + Math.min(j, d - 1);
                    ix[base + j] = in[k];
                    wt[base + j] = j < d ? (float) w[k] : 0f;
                }
            }
            // Output order: bucket by bucket, then the empty rows; inverse[v] = position of v in that order.
            int[] inverse = new int[n];
            int pos = 0;
            for (int[] rs : rows) {
                for (int v : rs) {
                    inverse[v] = pos++;
                }
            }
            for (int v = 0; v < n; v++) {
                if (bucketOfRow[v] < 0) {
                    inverse[v] = pos++;
                }
            }
            boolean identity = true;
            for (int v = 0; v < n && identity; v++) {
                identity = inverse[v] == v;
            }
            NDList indexList = new NDList();
            NDList weightList = new NDList();
            for (int r = 0; r < rows.size(); r++) {
                int b = rows.get(r).length;
                int width = idx.get(r).length / b;
                indexList.add(manager.create(idx.get(r), new Shape((long) b * width, 1)));
                weightList.add(manager.create(wts.get(r), new Shape(b, width, 1)));
            }
            NDArray inv = null;
            if (!identity) {
                long[] l = new long[n];
                for (int v = 0; v < n; v++) {
                    l[v] = inverse[v];
                }
                inv = manager.create(l, new Shape(n, 1));
            }
            return new Propagation(n, e, indexList, weightList, empty, inv);
        }

        /** Bucket widths: 1..16, then growing by 1.25x, the last one exactly maxDegree. */
        private static int[] widths(int maxDegree) {
            List<Integer> ws = new ArrayList<>();
            for (int d = 1; d <= Math.min(EXACT_WIDTHS, maxDegree); d++) {
                ws.add(d);
            }
            int last = EXACT_WIDTHS;
            while (last < maxDegree) {
                last = (int) Math.min(maxDegree, Math.max(last + 1L, (long) Math.ceil(last * WIDTH_GROWTH)));
                ws.add(last);
            }
            return ws.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int bucketFor(int[] widths, int d) {
            int i = java.util.Arrays.binarySearch(widths, d); // widths ascend strictly
            return i >= 0 ? i : -i - 1;
        }
    }
}
