package dev.tessera.jgrapht;

import dev.tessera.graph.CsrGraph;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jgrapht.Graph;
import org.jgrapht.GraphType;
import org.jgrapht.graph.AbstractGraph;
import org.jgrapht.graph.DefaultGraphType;

/**
 * An unmodifiable JGraphT {@link Graph} over a {@link CsrGraph}, without copying it, so that JGraphT's algorithms
 * (components, shortest paths, clustering, centrality, ...) run on Tessera graphs directly.
 *
 * <p>Vertices are the {@code Integer}s {@code 0..N-1}; edges are {@code Long} CSR edge indices {@code e} in
 * {@code [0, E)}, whose target is {@code target(e)}, whose source is the row holding {@code e} (a binary search
 * over the row pointers, O(log N)) and whose weight is the CSR weight (1 when unweighted). Every mutator, and
 * {@code setEdgeWeight}, throws {@link UnsupportedOperationException}.
 *
 * <p>Two views:
 * <ul>
 * <li>{@link #directed(CsrGraph)}: the CSR as it is, a directed pseudograph (self-loops and repeated edges
 *     allowed), one JGraphT edge per stored edge. Outgoing edges of v are its row; incoming edges come from a
 *     transpose index built on first use and cached: {@code long[N + 1]} pointers and {@code long[E]} edge ids,
 *     8 (N + 1) + 8 E bytes (E must fit one Java array).</li>
 * <li>{@link #undirected(CsrGraph)}: for a symmetric CSR (both (u, v) and (v, u) stored, as Tessera stores
 *     undirected graphs; rows sorted and free of repeats), an undirected graph with one edge per unordered pair:
 *     the stored copy with {@code source <= target}, so {@code getEdgeSource(e) <= getEdgeTarget(e)} and its
 *     weight is that copy's weight. The edges of v are found from its row; a neighbour w &lt; v maps to the
 *     index of (w, v), a binary search in w's row. A self-loop is one edge and adds 2 to the degree (JGraphT's
 *     convention). No extra memory; the constructor checks symmetry, O(E log d).</li>
 * </ul>
 * Vertex and edge sets iterate in ascending order, so algorithms that depend on iteration order are
 * deterministic. Queries about vertices outside {@code [0, N)} throw {@link IllegalArgumentException}, as
 * JGraphT's own graphs do.
 */
public final class CsrGraphView extends AbstractGraph<Integer, Long> {
    private final CsrGraph g;
    private final boolean undirected;
    private final GraphType type;
    private final long numViewEdges;
    private final boolean rowsSorted;
    private volatile Transpose transpose;

    private CsrGraphView(CsrGraph g, boolean undirected, boolean rowsSorted, long numViewEdges) {
        this.g = g;
        this.undirected = undirected;
        this.rowsSorted = rowsSorted;
        this.numViewEdges = numViewEdges;
        DefaultGraphType.Builder b = new DefaultGraphType.Builder().allowSelfLoops(true).allowCycles(true)
                .weighted(g.isWeighted()).modifiable(false);
        this.type = undirected ? b.undirected().allowMultipleEdges(false).build() : b.directed().allowMultipleEdges(true).build();
    }

    /**
     * @param g a graph
     * @return a directed view of {@code g}: one edge per stored edge
     */
    public static CsrGraphView directed(CsrGraph g) {
        Objects.requireNonNull(g, "g");
        return new CsrGraphView(g, false, rowsSorted(g, false), g.numEdges());
    }

    /**
     * @param g a symmetric graph, rows sorted and free of repeated edges
     * @return an undirected view of {@code g}: one edge per unordered pair
     * @throws IllegalArgumentException when {@code g} is not symmetric (apply {@code to-undirected} first) or its
     *     rows are unsorted or hold repeats
     */
    public static CsrGraphView undirected(CsrGraph g) {
        Objects.requireNonNull(g, "g");
        if (!rowsSorted(g, true)) {
            throw new IllegalArgumentException("an undirected view needs rows sorted by target and free of repeated edges");
        }
        long loops = 0;
        for (int u = 0; u < g.numNodes(); u++) {
            long end = g.rowEnd(u);
            for (long e = g.rowStart(u); e < end; e++) {
                int v = g.target(e);
                if (v == u) {
                    loops++;
                } else if (!g.hasEdge(v, u)) {
                    throw new IllegalArgumentException("graph is not symmetric: edge (" + u + ", " + v + ") has no reverse; apply to-undirected first");
                }
            }
        }
        return new CsrGraphView(g, true, true, (g.numEdges() + loops) / 2);
    }

    private static boolean rowsSorted(CsrGraph g, boolean strictly) {
        for (int v = 0; v < g.numNodes(); v++) {
            long end = g.rowEnd(v);
            for (long e = g.rowStart(v) + 1; e < end; e++) {
                int a = g.target(e - 1);
                int b = g.target(e);
                if (a > b || (strictly && a == b)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the viewed graph */
    public CsrGraph csr() {
        return g;
    }

    // ---- vertices and edges ----

    private int vertex(Integer v) {
        if (v == null || v < 0 || v >= g.numNodes()) {
            throw new IllegalArgumentException("no such vertex: " + v);
        }
        return v;
    }

    private long edge(Long e) {
        if (!containsEdge(e)) {
            throw new IllegalArgumentException("no such edge: " + e);
        }
        return e;
    }

    /** The row holding edge e: the largest v with rowStart(v) <= e (skipping empty rows). */
    private int source(long e) {
        long[] ptr = g.rowPointers();
        int lo = 0;
        int hi = g.numNodes() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ptr[mid] <= e) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** @return the index of edge (u, v) in u's row, or -1 */
    private long find(int u, int v) {
        long lo = g.rowStart(u);
        long end = g.rowEnd(u);
        if (!rowsSorted) {
            for (long e = lo; e < end; e++) {
                if (g.target(e) == v) {
                    return e;
                }
            }
            return -1;
        }
        long hi = end - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int t = g.target(mid);
            if (t < v) {
                lo = mid + 1;
            } else if (t > v) {
                hi = mid - 1;
            } else {
                // The first of repeated edges, so that getEdge is stable.
                while (mid > g.rowStart(u) && g.target(mid - 1) == v) {
                    mid--;
                }
                return mid;
            }
        }
        return -1;
    }

    /** Undirected view: the canonical id of the stored edge e, which lies in row u. */
    private long canonical(int u, long e) {
        int v = g.target(e);
        return u <= v ? e : find(v, u);
    }

    @Override
    public Set<Integer> vertexSet() {
        return new RangeSet<>(0, g.numNodes()) {
            @Override
            Integer at(long i) {
                return (int) i;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Integer v && v >= 0 && v < g.numNodes();
            }
        };
    }

    @Override
    public boolean containsVertex(Integer v) {
        return v != null && v >= 0 && v < g.numNodes();
    }

    @Override
    public boolean containsEdge(Long e) {
        if (e == null || e < 0 || e >= g.numEdges()) {
            return false;
        }
        return !undirected || source(e) <= g.target(e);
    }

    @Override
    public Set<Long> edgeSet() {
        if (!undirected) {
            return new RangeSet<>(0, g.numEdges()) {
                @Override
                Long at(long i) {
                    return i;
                }

                @Override
                public boolean contains(Object o) {
                    return o instanceof Long e && containsEdge(e);
                }
            };
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Long> iterator() {
                return new Iterator<>() {
                    private int row = 0;
                    private long next = advance(0);

                    private long advance(long from) {
                        for (long e = from; e < g.numEdges(); e++) {
                            while (g.rowEnd(row) <= e) {
                                row++;
                            }
                            if (row <= g.target(e)) {
                                return e;
                            }
                        }
                        return -1;
                    }

                    @Override
                    public boolean hasNext() {
                        return next >= 0;
                    }

                    @Override
                    public Long next() {
                        if (next < 0) {
                            throw new NoSuchElementException();
                        }
                        long e = next;
                        next = advance(e + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return (int) Math.min(numViewEdges, Integer.MAX_VALUE);
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Long e && containsEdge(e);
            }
        };
    }

    @Override
    public Integer getEdgeSource(Long e) {
        return source(edge(e));
    }

    @Override
    public Integer getEdgeTarget(Long e) {
        return g.target(edge(e));
    }

    @Override
    public double getEdgeWeight(Long e) {
        return g.weight(edge(e));
    }

    @Override
    public GraphType getType() {
        return type;
    }

    @Override
    public Long getEdge(Integer source, Integer target) {
        int u = vertex(source);
        int v = vertex(target);
        if (undirected && u > v) {
            int t = u;
            u = v;
            v = t;
        }
        long e = find(u, v);
        return e < 0 ? null : e;
    }

    @Override
    public Set<Long> getAllEdges(Integer source, Integer target) {
        if (!containsVertex(source) || !containsVertex(target)) {
            return null; // JGraphT's contract for unknown vertices
        }
        Long first = getEdge(source, target);
        if (first == null) {
            return Collections.emptySet();
        }
        int u = undirected ? Math.min(source, target) : source;
        int v = undirected ? Math.max(source, target) : target;
        long end = first;
        if (rowsSorted) {
            while (end < g.rowEnd(u) && g.target(end) == v) {
                end++;
            }
            return new RangeSet<>(first, end) {
                @Override
                Long at(long i) {
                    return i;
                }
            };
        }
        java.util.LinkedHashSet<Long> all = new java.util.LinkedHashSet<>();
        for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
            if (g.target(e) == v) {
                all.add(e);
            }
        }
        return Collections.unmodifiableSet(all);
    }

    // ---- incidence ----

    @Override
    public Set<Long> outgoingEdgesOf(Integer vertex) {
        int v = vertex(vertex);
        if (undirected) {
            return incident(v);
        }
        return new RangeSet<>(g.rowStart(v), g.rowEnd(v)) {
            @Override
            Long at(long i) {
                return i;
            }
        };
    }

    @Override
    public Set<Long> incomingEdgesOf(Integer vertex) {
        int v = vertex(vertex);
        if (undirected) {
            return incident(v);
        }
        Transpose t = transpose();
        return new RangeSet<>(t.ptr[v], t.ptr[v + 1]) {
            @Override
            Long at(long i) {
                return t.edges[(int) i];
            }
        };
    }

    @Override
    public Set<Long> edgesOf(Integer vertex) {
        int v = vertex(vertex);
        if (undirected) {
            return incident(v);
        }
        // In then out; a self-loop is listed once.
        java.util.LinkedHashSet<Long> all = new java.util.LinkedHashSet<>(incomingEdgesOf(v));
        all.addAll(outgoingEdgesOf(v));
        return Collections.unmodifiableSet(all);
    }

    private Set<Long> incident(int v) {
        return new RangeSet<>(g.rowStart(v), g.rowEnd(v)) {
            @Override
            Long at(long i) {
                return canonical(v, i);
            }

            @Override
            public boolean contains(Object o) {
                if (!(o instanceof Long e) || !containsEdge(e)) {
                    return false;
                }
                return source(e) == v || g.target(e) == v;
            }
        };
    }

    @Override
    public int outDegreeOf(Integer vertex) {
        int v = vertex(vertex);
        return undirected ? degreeOf(v) : g.degree(v);
    }

    @Override
    public int inDegreeOf(Integer vertex) {
        int v = vertex(vertex);
        if (undirected) {
            return degreeOf(v);
        }
        Transpose t = transpose();
        return (int) (t.ptr[v + 1] - t.ptr[v]);
    }

    @Override
    public int degreeOf(Integer vertex) {
        int v = vertex(vertex);
        if (undirected) {
            // JGraphT counts a self-loop twice in an undirected graph's degree.
            return g.degree(v) + (find(v, v) >= 0 ? 1 : 0);
        }
        return g.degree(v) + inDegreeOf(v);
    }

    /** The incoming-edge index: for each target, the ids of the edges pointing to it, ascending. */
    private record Transpose(long[] ptr, long[] edges) {
    }

    private Transpose transpose() {
        Transpose t = transpose;
        if (t == null) {
            synchronized (this) {
                t = transpose;
                if (t == null) {
                    t = buildTranspose();
                    transpose = t;
                }
            }
        }
        return t;
    }

    private Transpose buildTranspose() {
        int n = g.numNodes();
        long m = g.numEdges();
        if (m > Integer.MAX_VALUE - 8) {
            throw new UnsupportedOperationException("incoming edges of a graph with " + m + " edges (more than one Java array holds)");
        }
        long[] ptr = new long[n + 1];
        for (long e = 0; e < m; e++) {
            ptr[g.target(e) + 1]++;
        }
        for (int v = 0; v < n; v++) {
            ptr[v + 1] += ptr[v];
        }
        long[] fill = java.util.Arrays.copyOf(ptr, n);
        long[] edges = new long[(int) m];
        for (long e = 0; e < m; e++) {
            edges[(int) fill[g.target(e)]++] = e;
        }
        return new Transpose(ptr, edges);
    }

    // ---- unsupported: the view is read-only ----

    @Override
    public Supplier<Integer> getVertexSupplier() {
        return null;
    }

    @Override
    public Supplier<Long> getEdgeSupplier() {
        return null;
    }

    @Override
    public Long addEdge(Integer source, Integer target) {
        throw readOnly();
    }

    @Override
    public boolean addEdge(Integer source, Integer target, Long e) {
        throw readOnly();
    }

    @Override
    public Integer addVertex() {
        throw readOnly();
    }

    @Override
    public boolean addVertex(Integer v) {
        throw readOnly();
    }

    @Override
    public Long removeEdge(Integer source, Integer target) {
        throw readOnly();
    }

    @Override
    public boolean removeEdge(Long e) {
        throw readOnly();
    }

    @Override
    public boolean removeVertex(Integer v) {
        throw readOnly();
    }

    @Override
    public void setEdgeWeight(Long e, double weight) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a CsrGraphView is read-only");
    }

    /** An unmodifiable set of the values at indices {@code [from, to)}, in index order. */
    private abstract static class RangeSet<T> extends AbstractSet<T> {
        private final long from;
        private final long to;

        RangeSet(long from, long to) {
            this.from = from;
            this.to = to;
        }

        abstract T at(long i);

        @Override
        public Iterator<T> iterator() {
            return new Iterator<>() {
                private long i = from;

                @Override
                public boolean hasNext() {
                    return i < to;
                }

                @Override
                public T next() {
                    if (i >= to) {
                        throw new NoSuchElementException();
                    }
                    return at(i++);
                }
            };
        }

        @Override
        public int size() {
            return (int) Math.min(to - from, Integer.MAX_VALUE);
        }
    }
}
