package dev.tessera.transforms;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps a subset of the nodes and the edges among them (PyG's {@code subgraph(relabel_nodes=True)}).
 *
 * <p>Relabelling follows the order of the subset as given: node {@code nodes[i]} becomes node {@code i}, so
 * {@code nodes} is itself the mapping back to original ids ({@link #originalIds()}); pass the subset sorted to
 * keep the original relative order. Features, labels (class names unchanged, so class ids stay stable), texts
 * (still lazy) and every split are carried over: split ids are mapped to the new ids, nodes outside the subset
 * are dropped from them, and each part is sorted ascending again. Rows of the new graph are sorted.
 *
 * <p>The provenance records {@code induced-subgraph(nodes=K, ids=HASH)}, a 64-bit FNV-1a hash of the id list,
 * since the list itself can be long. Not registered for {@link Transforms#parse}: it needs a node list.
 * O(N + E + K F).
 */
public final class InducedSubgraph implements Transform {
    /**
     * A subgraph with the mapping back to the original graph.
     *
     * @param dataset the subgraph's dataset
     * @param originalIds [K]: new node i is original node {@code originalIds[i]}
     */
    public record Result(GraphDataset dataset, int[] originalIds) {
    }

    private final int[] nodes;

    /**
     * @param nodes the nodes to keep, distinct; new node i is {@code nodes[i]} (copied)
     */
    public InducedSubgraph(int[] nodes) {
        this.nodes = nodes.clone();
    }

    /** @return [K] the original id of each new node (a copy) */
    public int[] originalIds() {
        return nodes.clone();
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return induce(dataset, nodes, derive(dataset));
    }

    /**
     * @param dataset the input
     * @return the subgraph with its mapping to original ids
     */
    public Result applyWithMapping(GraphDataset dataset) {
        return new Result(apply(dataset), originalIds());
    }

    @Override
    public String describe() {
        long h = 0xcbf29ce484222325L;
        for (int v : nodes) {
            for (int b = 0; b < 4; b++) {
                h ^= (v >>> (8 * b)) & 0xff;
                h *= 0x100000001b3L;
            }
        }
        return "induced-subgraph(nodes=" + nodes.length + ", ids=" + String.format("%016x", h) + ")";
    }

    /**
     * Builds the subgraph dataset on a builder that already carries the provenance entry.
     *
     * @param dataset the input
     * @param nodes the nodes to keep, in new-id order
     * @param builder {@code dataset}'s builder with the transform recorded
     * @return the subgraph dataset
     */
    static GraphDataset induce(GraphDataset dataset, int[] nodes, GraphDataset.Builder builder) {
        int[] newIds = newIds(dataset.numNodes(), nodes);
        List<Split> splits = new ArrayList<>();
        for (Split s : dataset.splits().values()) {
            splits.add(remap(s, newIds));
        }
        builder.setGraph(induce(dataset.graph(), nodes))
                .optFeatures(select(dataset.features(), nodes))
                .optLabels(select(dataset.labels(), nodes), dataset.classNames())
                .optSplits(splits)
                .optDefaultSplit(dataset.defaultSplitName());
        if (dataset.hasTexts()) {
            builder.optTexts(select(dataset.texts().orElseThrow(), nodes));
        }
        return builder.build();
    }

    /**
     * @param n N, the original node count
     * @param nodes the nodes to keep
     * @return [N]: the new id of each original node, -1 for dropped ones
     * @throws TesseraException when a node is out of range or repeated
     */
    public static int[] newIds(int n, int[] nodes) {
        int[] newIds = new int[n];
        Arrays.fill(newIds, -1);
        for (int i = 0; i < nodes.length; i++) {
            int v = nodes[i];
            if (v < 0 || v >= n) {
                throw new TesseraException("transform induced-subgraph: node " + v + " out of range [0, " + n + ")");
            }
            if (newIds[v] >= 0) {
                throw new TesseraException("transform induced-subgraph: node " + v + " listed twice");
            }
            newIds[v] = i;
        }
        return newIds;
    }

    /**
     * @param g a graph
     * @param nodes the nodes to keep, distinct; new node i is {@code nodes[i]}
     * @return the edges among them, relabelled, rows sorted, weights kept
     */
    public static CsrGraph induce(CsrGraph g, int[] nodes) {
        return induce(g, nodes, newIds(g.numNodes(), nodes));
    }

    /**
     * The same as {@link #induce(CsrGraph, int[])} with the id map supplied by the caller, so that callers
     * inducing many small subgraphs (e.g. the sampler's batches) reuse one dense map instead of filling N
     * entries per call. One scan of the K rows, O(K + edges leaving the K nodes), plus a linear row sort when
     * relabelling unsorted the rows.
     *
     * @param g a graph
     * @param nodes the nodes to keep, distinct; new node i is {@code nodes[i]}
     * @param newIds [N]: {@code newIds[nodes[i]] == i} and -1 for every other node; read, not changed
     * @return the edges among them, relabelled, rows sorted, weights kept
     */
    public static CsrGraph induce(CsrGraph g, int[] nodes, int[] newIds) {
        int k = nodes.length;
        long[] ptr = new long[k + 1];
        // One pass with growing buffers: the rows are scanned once, and the kept edges are usually far fewer.
        int[] cols = new int[Math.max(16, k)];
        float[] ws = g.isWeighted() ? new float[cols.length] : null;
        int p = 0;
        for (int i = 0; i < k; i++) {
            int u = nodes[i];
            long end = g.rowEnd(u);
            for (long e = g.rowStart(u); e < end; e++) {
                int t = newIds[g.target(e)];
                if (t >= 0) {
                    if (p == cols.length) {
                        cols = Arrays.copyOf(cols, CsrOps.arraySize(2L * p));
                        ws = ws == null ? null : Arrays.copyOf(ws, cols.length);
                    }
                    cols[p] = t;
                    if (ws != null) {
                        ws[p] = g.weight(e);
                    }
                    p++;
                }
            }
            ptr[i + 1] = p;
        }
        if (p != cols.length) {
            cols = Arrays.copyOf(cols, p);
            ws = ws == null ? null : Arrays.copyOf(ws, p);
        }
        // Relabelling in subset order can unsort rows; sortRows is a no-op when it did not.
        return CsrOps.sortRows(CsrGraph.of(ptr, cols, ws));
    }

    /**
     * @param x features [N, F], heap or segment
     * @param nodes the rows to keep
     * @return features [K, F], row i = {@code x[nodes[i], :]}
     */
    public static NodeFeatures select(NodeFeatures x, int[] nodes) {
        int f = x.cols();
        if (f == 0) {
            return NodeFeatures.none(nodes.length);
        }
        long rowBytes = (long) f * Float.BYTES;
        MemorySegment out = CsrOps.floats((long) nodes.length * f);
        for (int i = 0; i < nodes.length; i++) {
            MemorySegment.copy(x.segment(), nodes[i] * rowBytes, out, i * rowBytes, rowBytes);
        }
        return NodeFeatures.of(out, nodes.length, f);
    }

    /**
     * @param labels [N]
     * @param nodes the nodes to keep
     * @return [K], entry i = {@code labels[nodes[i]]}
     */
    public static int[] select(int[] labels, int[] nodes) {
        int[] out = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = labels[nodes[i]];
        }
        return out;
    }

    /**
     * @param texts N texts
     * @param nodes the nodes to keep
     * @return K texts, read lazily through {@code texts}
     */
    public static NodeTexts select(NodeTexts texts, int[] nodes) {
        int[] ids = nodes.clone();
        return new NodeTexts() {
            @Override
            public int size() {
                return ids.length;
            }

            @Override
            public String text(int node) {
                return texts.text(ids[node]);
            }
        };
    }

    /**
     * @param split a split of the original graph
     * @param newIds [N] new id of each original node, -1 for dropped ones
     * @return the split in new ids, dropped nodes removed, each part ascending
     */
    public static Split remap(Split split, int[] newIds) {
        return new Split(split.name(), remapPart(split.train(), newIds), remapPart(split.valid(), newIds),
                remapPart(split.test(), newIds));
    }

    private static int[] remapPart(int[] ids, int[] newIds) {
        int[] out = new int[ids.length];
        int k = 0;
        for (int v : ids) {
            if (newIds[v] >= 0) {
                out[k++] = newIds[v];
            }
        }
        out = Arrays.copyOf(out, k);
        Arrays.sort(out);
        return out;
    }
}
