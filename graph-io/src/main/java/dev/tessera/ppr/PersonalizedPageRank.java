package dev.tessera.ppr;

import dev.tessera.graph.CsrGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Approximate personalized PageRank of every node by forward push (Andersen, Chung &amp; Lang, "Local graph
 * partitioning using PageRank vectors", FOCS 2006), kept as each node's top-k neighbours.
 *
 * <p>Per source {@code s}: estimate {@code p = 0}, residual {@code r = e_s}; while a node {@code u} is queued, pop
 * it (one push operation), add {@code alpha r(u)} to {@code p(u)} and spread {@code (1 - alpha) r(u) / deg(u)} to
 * the residual of each out-neighbour; a neighbour {@code v} is queued when {@code r(v) >= eps * deg(v)}, with
 * {@code deg} the out-degree. The source is always pushed once. A dangling node ({@code deg = 0}) keeps all its
 * residual: {@code p(u) += r(u)} (the package's convention, and what PyG's loop does for an empty row). At the
 * end {@code r(v) < eps * deg(v)} everywhere, and {@code pi_s = p + sum_u r(u) pi_u}, so
 * {@code 0 <= pi_s(v) - p(v)}, the L1 error equals the residual left, {@code < eps * E}, and on an undirected
 * graph (where {@code pi_u(v) / deg(v) = pi_v(u) / deg(u)}) {@code pi_s(v) - p(v) < eps * deg(v)} for every v.
 *
 * <p>This matches {@code torch_geometric.utils.get_ppr}: PyG starts with residual {@code alpha} at the source,
 * adds the whole residual to {@code p} and spreads {@code (1 - alpha)} of it, and queues {@code v} when
 * {@code r(v) >= alpha * eps * deg(v)}: the same rule with its residual scaled by alpha, so the same
 * {@code alpha} and {@code eps} mean the same thing here. PyG keeps a LIFO stack, this class a FIFO queue;
 * both give vectors within the bounds above, not identical ones. Like PyG, the source itself is a candidate for
 * its own top-k (it is usually the strongest entry) unless {@link Builder#optIncludeSelf(boolean)} says not.
 * Optionally ({@link Builder#optResidualEstimate(boolean)}) a node's weight is {@code p(v) + alpha r(v)}: the
 * part of the leftover residual that certainly stays at {@code v} (since {@code pi_v(v) >= alpha}), which keeps
 * the estimate a lower bound, tightens it, and lets touched but never pushed nodes into the top-k at no extra
 * push.
 *
 * <p>Sources are processed in parallel in small blocks taken from a shared counter; each worker reuses dense
 * estimate/residual arrays and a list of the nodes it touched, so a source costs O(its pushes and their edges)
 * rather than O(N). Each source's result depends on the source alone, so any thread count gives identical output.
 */
public final class PersonalizedPageRank {
    /** PyG's and APPNP's usual teleport probability. */
    public static final double DEFAULT_ALPHA = 0.15;
    /** The default tolerance, chosen from the time/recall curve in docs/benchmarks.md. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** The default number of neighbours kept per node. */
    public static final int DEFAULT_TOP_K = 32;

    private static final int BLOCK = 16;

    private final double alpha;
    private final double epsilon;
    private final int topK;
    private final int threads;
    private final boolean includeSelf;
    private final boolean residualEstimate;

    private PersonalizedPageRank(Builder b) {
        this.alpha = b.alpha;
        this.epsilon = b.epsilon;
        this.topK = b.topK;
        this.threads = b.threads;
        this.includeSelf = b.includeSelf;
        this.residualEstimate = b.residualEstimate;
    }

    /** @return a builder; {@link Builder#setAlpha(double)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the teleport probability alpha */
    public double alpha() {
        return alpha;
    }

    /** @return the push tolerance eps */
    public double epsilon() {
        return epsilon;
    }

    /** @return k, the neighbours kept per source */
    public int topK() {
        return topK;
    }

    /** @return the worker threads */
    public int threads() {
        return threads;
    }

    /** @return whether a source may appear in its own top-k */
    public boolean includeSelf() {
        return includeSelf;
    }

    /** @return whether weights are {@code p + alpha r} rather than {@code p} */
    public boolean residualEstimate() {
        return residualEstimate;
    }

    /**
     * Top-k PPR neighbours of every node.
     *
     * @param graph the graph (edge weights ignored)
     * @return N rows of k neighbours
     */
    public PprResult compute(CsrGraph graph) {
        int n = graph.numNodes();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return compute(graph, all);
    }

    /**
     * Top-k PPR neighbours of some sources.
     *
     * @param graph the graph (edge weights ignored)
     * @param sources source nodes; row {@code i} of the result belongs to {@code sources[i]}
     * @return sources.length rows of k neighbours
     */
    public PprResult compute(CsrGraph graph, int[] sources) {
        Csr csr = new Csr(graph, epsilon);
        for (int s : sources) {
            csr.check(s);
        }
        int rows = sources.length;
        if ((long) rows * topK > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " rows x top-" + topK + " do not fit one Java array");
        }
        int[] neighbors = new int[rows * topK];
        float[] weights = new float[rows * topK];
        int workers = Math.max(1, Math.min(threads, (rows + BLOCK - 1) / BLOCK));
        AtomicInteger next = new AtomicInteger();
        long pushes;
        if (workers == 1) {
            pushes = new Worker(csr).run(sources, next, neighbors, weights);
        } else {
            pushes = 0;
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "ppr-push");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Long>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    futures.add(pool.submit(() -> new Worker(csr).run(sources, next, neighbors, weights)));
                }
                for (Future<Long> f : futures) {
                    pushes += f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return new PprResult(rows, topK, neighbors, weights, pushes);
    }

    /**
     * The full push estimate of one source, dense: for tests and accuracy checks. Weights follow
     * {@link Builder#optResidualEstimate(boolean)}; {@code includeSelf} and k do not apply.
     *
     * @param graph the graph
     * @param source the source node
     * @return the estimate [N]
     */
    public double[] vector(CsrGraph graph, int source) {
        Csr csr = new Csr(graph, epsilon);
        csr.check(source);
        Worker w = new Worker(csr);
        w.push(source);
        double[] out = new double[graph.numNodes()];
        for (int i = 0; i < w.touchedCount; i++) {
            int v = w.touched[i];
            out[v] = w.estimate(v);
        }
        return out;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
    }

    /** The graph as int arrays plus each node's push threshold eps * deg(v). */
    private static final class Csr {
        final int n;
        final int[] rowPtr;
        final int[] col;
        final double[] threshold;

        Csr(CsrGraph g, double eps) {
            n = g.numNodes();
            long[] rp = g.rowPointers();
            if (rp[n] > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("graph too large for push PPR: " + rp[n] + " edges");
            }
            rowPtr = new int[n + 1];
            threshold = new double[n];
            for (int v = 0; v <= n; v++) {
                rowPtr[v] = (int) rp[v];
            }
            for (int v = 0; v < n; v++) {
                threshold[v] = eps * (rowPtr[v + 1] - rowPtr[v]);
            }
            col = g.columnArray();
        }

        void check(int v) {
            if (v < 0 || v >= n) {
                throw new IndexOutOfBoundsException("source " + v + " out of range [0, " + n + ")");
            }
        }
    }

    /** One thread's reusable state: dense p and r, the touched list, a ring queue and a top-k heap. */
    private final class Worker {
        final Csr g;
        final double[] p;
        final double[] r;
        final boolean[] seen;
        final boolean[] queued;
        final int[] touched;
        int touchedCount;
        final int[] queue;
        final double[] heapW;
        final int[] heapV;

        Worker(Csr g) {
            this.g = g;
            p = new double[g.n];
            r = new double[g.n];
            seen = new boolean[g.n];
            queued = new boolean[g.n];
            touched = new int[g.n];
            queue = new int[Math.max(1, g.n)];
            heapW = new double[topK];
            heapV = new int[topK];
        }

        long run(int[] sources, AtomicInteger next, int[] neighbors, float[] weights) {
            long pushes = 0;
            int rows = sources.length;
            for (int b = next.getAndAdd(BLOCK); b < rows; b = next.getAndAdd(BLOCK)) {
                int end = Math.min(rows, b + BLOCK);
                for (int i = b; i < end; i++) {
                    pushes += push(sources[i]);
                    select(sources[i], neighbors, weights, i * topK);
                    clear();
                }
            }
            return pushes;
        }

        /** Runs the push from {@code s}; leaves p, r and the touched list filled. */
        long push(int s) {
            final int[] rowPtr = g.rowPtr;
            final int[] col = g.col;
            final double[] thr = g.threshold;
            final int cap = queue.length;
            final double keep = alpha;
            final double spread = 1 - alpha;
            int head = 0;
            int size = 1;
            queue[0] = s;
            queued[s] = true;
            seen[s] = true;
            touched[0] = s;
            touchedCount = 1;
            r[s] = 1;
            long pushes = 0;
            while (size > 0) {
                int u = queue[head];
                head = head + 1 == cap ? 0 : head + 1;
                size--;
                queued[u] = false;
                double res = r[u];
                r[u] = 0;
                pushes++;
                int start = rowPtr[u];
                int end = rowPtr[u + 1];
                if (start == end) {
                    p[u] += res; // dangling: the mass stays here
                    continue;
                }
                p[u] += keep * res;
                double share = spread * res / (end - start);
                for (int e = start; e < end; e++) {
                    int v = col[e];
                    if (!seen[v]) {
                        seen[v] = true;
                        touched[touchedCount++] = v;
                    }
                    double rv = r[v] + share;
                    r[v] = rv;
                    if (!queued[v] && rv >= thr[v]) {
                        queued[v] = true;
                        int tail = head + size;
                        queue[tail >= cap ? tail - cap : tail] = v;
                        size++;
                    }
                }
            }
            return pushes;
        }

        double estimate(int v) {
            return residualEstimate ? p[v] + alpha * r[v] : p[v];
        }

        /** Keeps the k strongest touched nodes (ties: smaller id first) in a min-heap, then writes them out. */
        void select(int s, int[] neighbors, float[] weights, int offset) {
            int size = 0;
            for (int i = 0; i < touchedCount; i++) {
                int v = touched[i];
                if (v == s && !includeSelf) {
                    continue;
                }
                double w = estimate(v);
                if (!(w > 0)) {
                    continue;
                }
                if (size < topK) {
                    heapW[size] = w;
                    heapV[size] = v;
                    siftUp(size++);
                } else if (topK > 0 && stronger(w, v, heapW[0], heapV[0])) {
                    heapW[0] = w;
                    heapV[0] = v;
                    siftDown(0, size);
                }
            }
            for (int j = size; j < topK; j++) {
                neighbors[offset + j] = -1;
                weights[offset + j] = 0f;
            }
            // Pop the weakest first and fill from the back: strongest ends at rank 0.
            for (int j = size - 1; j >= 0; j--) {
                neighbors[offset + j] = heapV[0];
                weights[offset + j] = (float) heapW[0];
                heapW[0] = heapW[j];
                heapV[0] = heapV[j];
                siftDown(0, j);
            }
        }

        private boolean stronger(double w1, int v1, double w2, int v2) {
            return w1 > w2 || (w1 == w2 && v1 < v2);
        }

        private void siftUp(int i) {
            double w = heapW[i];
            int v = heapV[i];
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!stronger(heapW[parent], heapV[parent], w, v)) {
                    break;
                }
                heapW[i] = heapW[parent];
                heapV[i] = heapV[parent];
                i = parent;
            }
            heapW[i] = w;
            heapV[i] = v;
        }

        private void siftDown(int i, int size) {
            double w = heapW[i];
            int v = heapV[i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && stronger(heapW[c], heapV[c], heapW[c + 1], heapV[c + 1])) {
                    c++;
                }
                if (!stronger(w, v, heapW[c], heapV[c])) {
                    break;
                }
                heapW[i] = heapW[c];
                heapV[i] = heapV[c];
                i = c;
            }
            heapW[i] = w;
            heapV[i] = v;
        }

        void clear() {
            for (int i = 0; i < touchedCount; i++) {
                int v = touched[i];
                p[v] = 0;
                r[v] = 0;
                seen[v] = false;
            }
            touchedCount = 0;
        }
    }

    /** Builder: {@code setAlpha} is required, the rest optional. */
    public static final class Builder {
        private double alpha = Double.NaN;
        private double epsilon = DEFAULT_EPSILON;
        private int topK = DEFAULT_TOP_K;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean includeSelf = true;
        private boolean residualEstimate = true;

        private Builder() {
        }

        /**
         * @param alpha teleport (restart) probability in (0, 1), e.g. {@link #DEFAULT_ALPHA}
         * @return this builder
         */
        public Builder setAlpha(double alpha) {
            checkAlpha(alpha);
            this.alpha = alpha;
            return this;
        }

        /**
         * @param epsilon push tolerance, &gt; 0: push {@code v} while {@code r(v) >= eps * deg(v)}; default
         *     {@link #DEFAULT_EPSILON}
         * @return this builder
         */
        public Builder optEpsilon(double epsilon) {
            if (!(epsilon > 0 && Double.isFinite(epsilon))) {
                throw new IllegalArgumentException("epsilon must be positive: " + epsilon);
            }
            this.epsilon = epsilon;
            return this;
        }

        /**
         * @param topK neighbours kept per source, &gt;= 1; default {@link #DEFAULT_TOP_K}
         * @return this builder
         */
        public Builder optTopK(int topK) {
            if (topK < 1) {
                throw new IllegalArgumentException("top-k must be at least 1: " + topK);
            }
            this.topK = topK;
            return this;
        }

        /**
         * @param threads worker threads, &gt;= 1; default: the available processors
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param includeSelf whether a source may be in its own top-k (default true, as PyG's {@code get_ppr})
         * @return this builder
         */
        public Builder optIncludeSelf(boolean includeSelf) {
            this.includeSelf = includeSelf;
            return this;
        }

        /**
         * @param residualEstimate whether weights are {@code p + alpha r} (default true) or the bare push
         *     estimate {@code p} (PyG's values)
         * @return this builder
         */
        public Builder optResidualEstimate(boolean residualEstimate) {
            this.residualEstimate = residualEstimate;
            return this;
        }

        /** @return the configured push */
        public PersonalizedPageRank build() {
            if (Double.isNaN(alpha)) {
                throw new IllegalStateException("setAlpha is required");
            }
            return new PersonalizedPageRank(this);
        }
    }
}
