package dev.tessera.stats;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Summary statistics of a {@link GraphDataset}, computed in one pass over the nodes and the stored edges
 * (O(N + E) time, O(N) extra memory) when first asked for, then kept.
 *
 * <p>Definitions (N nodes, E stored directed edges, y the labels, -1 for unlabelled):
 * <ul>
 *   <li>{@code edges}: E, the distinct (source, target) pairs as the CSR graph stores them (an undirected edge
 *       stored both ways counts twice);</li>
 *   <li>{@code selfLoops}: stored edges (v, v);</li>
 *   <li>{@code isolatedNodes}: nodes with out-degree 0 and in-degree 0 (a node with only a self-loop is not isolated);</li>
 *   <li>{@code classSizes[c]}: nodes with y = c, for c in [0, C); {@code unlabelled}: nodes with y = -1;</li>
 *   <li>{@code edgeHomophily} = |{(u, v) stored : u != v, y_u = y_v >= 0}| / |{(u, v) stored : u != v, y_u >= 0, y_v >= 0}|
 *       (Zhu et al. 2020), NaN when no stored non-loop edge joins two labelled nodes;</li>
 *   <li>degrees: out-degree = stored edges leaving a node, in-degree = stored edges entering it; the median of an
 *       even count is the mean of the two middle values;</li>
 *   <li>memory: bytes held by the graph (row pointers, columns, weights), the features (N x F x 4), the labels
 *       (N x 4) and the split id arrays (4 per id); lazily read texts are not counted.</li>
 * </ul>
 *
 * <pre>{@code
 * DatasetStats s = DatasetStats.of(dataset);
 * System.out.println(s.edgeHomophily() + " " + s.outDegree().median());
 * }</pre>
 */
public final class DatasetStats {
    /**
     * Degree statistics over all N nodes.
     *
     * @param min smallest degree (0 when N = 0)
     * @param max largest degree (0 when N = 0)
     * @param mean E / N (0 when N = 0)
     * @param median the middle degree, or the mean of the two middle degrees when N is even (0 when N = 0)
     */
    public record Degrees(long min, long max, double mean, double median) {
    }

    /**
     * The sizes of one split's parts.
     *
     * @param train training nodes
     * @param valid validation nodes
     * @param test test nodes
     */
    public record SplitSizes(int train, int valid, int test) {
    }

    /**
     * Bytes held in memory, by part.
     *
     * @param graph row pointers (8 x (N + 1)), columns (4 x E) and weights (4 x E, when weighted)
     * @param features N x F x 4
     * @param labels N x 4
     * @param splits 4 x the number of ids over all splits and parts
     */
    public record Memory(long graph, long features, long labels, long splits) {
        /** @return the sum of the parts */
        public long total() {
            return graph + features + labels + splits;
        }
    }

    private final GraphDataset dataset;
    private volatile Computed computed;

    private DatasetStats(GraphDataset dataset) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
    }

    /**
     * @param dataset the dataset to describe
     * @return its statistics, computed on first use of an edge- or label-derived value
     */
    public static DatasetStats of(GraphDataset dataset) {
        return new DatasetStats(dataset);
    }

    /** @return the dataset described */
    public GraphDataset dataset() {
        return dataset;
    }

    /** @return N */
    public int nodes() {
        return dataset.numNodes();
    }

    /** @return E, the stored directed edges */
    public long edges() {
        return dataset.graph().numEdges();
    }

    /** @return the stored edges (v, v) */
    public long selfLoops() {
        return computed().selfLoops;
    }

    /** @return nodes without in- or out-edges */
    public long isolatedNodes() {
        return computed().isolated;
    }

    /** @return F, the feature dimension (0 when the dataset has none) */
    public int features() {
        return dataset.numFeatures();
    }

    /** @return C, the number of classes */
    public int classes() {
        return dataset.numClasses();
    }

    /** @return the classes that label at least one node (C minus the empty classes) */
    public int classesPresent() {
        int present = 0;
        for (long size : computed().classSizes) {
            if (size > 0) {
                present++;
            }
        }
        return present;
    }

    /** @return [C] the number of nodes with each label; a copy */
    public long[] classSizes() {
        return computed().classSizes.clone();
    }

    /** @return nodes with label -1 */
    public long unlabelled() {
        return computed().unlabelled;
    }

    /** @return the splits' part sizes, by split name in the dataset's order */
    public Map<String, SplitSizes> splits() {
        Map<String, SplitSizes> out = new LinkedHashMap<>();
        for (Split s : dataset.splits().values()) {
            out.put(s.name(), new SplitSizes(s.train().length, s.valid().length, s.test().length));
        }
        return Collections.unmodifiableMap(out);
    }

    /** @return whether the dataset has node texts */
    public boolean hasText() {
        return dataset.hasTexts();
    }

    /** @return the share of labelled non-loop stored edges whose ends share a label, NaN when there are none */
    public double edgeHomophily() {
        Computed c = computed();
        return c.labelledEdges == 0 ? Double.NaN : (double) c.sameLabelEdges / c.labelledEdges;
    }

    /** @return stored non-loop edges whose two ends are labelled (the homophily denominator) */
    public long labelledEdges() {
        return computed().labelledEdges;
    }

    /** @return out-degree statistics */
    public Degrees outDegree() {
        return computed().out;
    }

    /** @return in-degree statistics */
    public Degrees inDegree() {
        return computed().in;
    }

    /** @return bytes held by the graph, features, labels and splits */
    public Memory memory() {
        long splitIds = 0;
        for (Split s : dataset.splits().values()) {
            splitIds += (long) s.train().length + s.valid().length + s.test().length;
        }
        return new Memory(dataset.graph().byteSize(), dataset.features().byteSize(),
                (long) dataset.labels().length * Integer.BYTES, splitIds * Integer.BYTES);
    }

    private Computed computed() {
        Computed c = computed;
        if (c == null) {
            synchronized (this) {
                if (computed == null) {
                    computed = new Computed(dataset);
                }
                c = computed;
            }
        }
        return c;
    }

    /** The edge- and label-derived values, from one pass. */
    private static final class Computed {
        final long selfLoops;
        final long isolated;
        final long[] classSizes;
        final long unlabelled;
        final long sameLabelEdges;
        final long labelledEdges;
        final Degrees out;
        final Degrees in;

        Computed(GraphDataset ds) {
            CsrGraph g = ds.graph();
            int n = g.numNodes();
            int[] y = ds.labels();
            int[] outDeg = new int[n];
            int[] inDeg = new int[n];
            long loops = 0;
            long same = 0;
            long labelled = 0;
            for (int u = 0; u < n; u++) {
                long s = g.rowStart(u);
                long t = g.rowEnd(u);
                outDeg[u] = (int) (t - s);
                for (long e = s; e < t; e++) {
                    int v = g.target(e);
                    inDeg[v]++;
                    if (v == u) {
                        loops++;
                    } else if (y[u] >= 0 && y[v] >= 0) {
                        labelled++;
                        if (y[u] == y[v]) {
                            same++;
                        }
                    }
                }
            }
            long iso = 0;
            for (int v = 0; v < n; v++) {
                if (outDeg[v] == 0 && inDeg[v] == 0) {
                    iso++;
                }
            }
            long[] sizes = new long[ds.numClasses()];
            long unl = 0;
            for (int label : y) {
                if (label < 0) {
                    unl++;
                } else {
                    sizes[label]++;
                }
            }
            this.selfLoops = loops;
            this.isolated = iso;
            this.classSizes = sizes;
            this.unlabelled = unl;
            this.sameLabelEdges = same;
            this.labelledEdges = labelled;
            this.out = degrees(outDeg, g.numEdges());
            this.in = degrees(inDeg, g.numEdges());
        }

        /** Min, max, mean and median through a degree histogram: O(N + max degree), no sort. */
        private static Degrees degrees(int[] deg, long edges) {
            int n = deg.length;
            if (n == 0) {
                return new Degrees(0, 0, 0, 0);
            }
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int d : deg) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            long[] hist = new long[max + 1];
            for (int d : deg) {
                hist[d]++;
            }
            // 0-based ranks of the two middle values (equal when n is odd).
            long lo = (n - 1) / 2;
            long hi = n / 2;
            long seen = 0;
            int loVal = -1;
            int hiVal = -1;
            for (int d = 0; d <= max && hiVal < 0; d++) {
                seen += hist[d];
                if (loVal < 0 && seen > lo) {
                    loVal = d;
                }
                if (seen > hi) {
                    hiVal = d;
                }
            }
            return new Degrees(min, max, (double) edges / n, (loVal + hiVal) / 2.0);
        }
    }
}
