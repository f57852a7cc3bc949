package dev.tessera.io.npz;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link GraphDataset} as an {@code .npz} archive in the heterophilous-graphs layout that
 * {@link NpzReader} (and the layout's Python loaders) read, atomically.
 *
 * <p>Members, in this order:
 * <ul>
 *   <li>{@code node_features} [N, F] {@code <f4}, bit for bit (omitted when F = 0);</li>
 *   <li>{@code node_labels} [N] {@code <i8} (-1 for unlabelled nodes);</li>
 *   <li>{@code edges} [E, 2] {@code <i8}: one row (source, target) per stored directed edge, in CSR order. The
 *       layout's convention is "each undirected edge once, add the reverses", so re-reading yields the graph plus
 *       the reverse of every edge: a symmetric graph comes back unchanged, a directed one comes back symmetrised
 *       (read it with the hint {@code addInverseEdge = false} to keep it directed). Edge weights are not written
 *       (the layout has no place for them);</li>
 *   <li>{@code train_masks}, {@code val_masks}, {@code test_masks} [K, N] {@code |b1}, when the dataset has splits.
 *       When the splits are exactly {@code fold0 .. fold<K-1>} (any stored order), row k is fold k, as in the
 *       original files. Any other set of splits is written one row per split in the dataset's order, with an extra
 *       member {@code split_names} [K] {@code <U} holding their names (the reader names the rows from it; Python
 *       loaders ignore it). The default split is not recorded: the reader's default is {@code fold0}, or with
 *       {@code split_names} {@code public} if present, else the first row;</li>
 *   <li>{@code class_names} [C] {@code <U}.</li>
 * </ul>
 * Node texts and provenance are not written.
 */
public final class NpzWriter {
    private boolean compressed = true;

    /**
     * @param compressed whether members are deflated, as {@code numpy.savez_compressed} (default true), or stored
     * @return this writer
     */
    public NpzWriter optCompressed(boolean compressed) {
        this.compressed = compressed;
        return this;
    }

    /**
     * @param dataset the dataset
     * @return the arrays that {@link #write(GraphDataset, Path)} writes, by member name, in order
     */
    public Map<String, NpyArray> arrays(GraphDataset dataset) {
        int n = dataset.numNodes();
        Map<String, NpyArray> out = new LinkedHashMap<>();
        if (dataset.numFeatures() > 0) {
            out.put("node_features", NpyArray.ofFloats(dataset.features().toArray(), n, dataset.numFeatures()));
        }
        long[] labels = new long[n];
        for (int v = 0; v < n; v++) {
            labels[v] = dataset.labels()[v];
        }
        out.put("node_labels", NpyArray.ofLongs(labels, n));
        CsrGraph g = dataset.graph();
        long e = g.numEdges();
        if (e * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(e + " edges exceed one npy array in this writer");
        }
        long[] edges = new long[(int) (2 * e)];
        for (int u = 0; u < n; u++) {
            for (long i = g.rowStart(u); i < g.rowEnd(u); i++) {
                edges[(int) (2 * i)] = u;
                edges[(int) (2 * i + 1)] = g.target(i);
            }
        }
        out.put("edges", NpyArray.ofLongs(edges, e, 2));
        List<Split> splits = orderedSplits(dataset);
        if (!splits.isEmpty()) {
            int k = splits.size();
            boolean[][] masks = new boolean[3][k * n];
            for (int r = 0; r < k; r++) {
                Split s = splits.get(r);
                int[][] parts = {s.train(), s.valid(), s.test()};
                for (int p = 0; p < 3; p++) {
                    for (int v : parts[p]) {
                        masks[p][r * n + v] = true;
                    }
                }
            }
            out.put("train_masks", NpyArray.ofBooleans(masks[0], k, n));
            out.put("val_masks", NpyArray.ofBooleans(masks[1], k, n));
            out.put("test_masks", NpyArray.ofBooleans(masks[2], k, n));
            if (!isFolds(dataset)) {
                out.put("split_names", NpyArray.ofStrings(splits.stream().map(Split::name).toList()));
            }
        }
        out.put("class_names", NpyArray.ofStrings(dataset.classNames()));
        return out;
    }

    /**
     * Writes the archive atomically (temporary file, then rename).
     *
     * @param dataset the dataset
     * @param target the {@code .npz} file to (re)place
     * @throws dev.tessera.TesseraException when writing fails; the target is then untouched
     */
    public void write(GraphDataset dataset, Path target) {
        NpzArchive.write(target, arrays(dataset), compressed);
    }

    /** Splits as mask rows: folds by index, anything else in stored order. */
    private static List<Split> orderedSplits(GraphDataset dataset) {
        if (!isFolds(dataset)) {
            return new ArrayList<>(dataset.splits().values());
        }
        List<Split> out = new ArrayList<>();
        for (int k = 0; k < dataset.splits().size(); k++) {
            out.add(dataset.splits().get("fold" + k));
        }
        return out;
    }

    /** @return whether the splits are exactly fold0 .. fold(K-1) */
    private static boolean isFolds(GraphDataset dataset) {
        int k = dataset.splits().size();
        for (int i = 0; i < k; i++) {
            if (!dataset.splits().containsKey("fold" + i)) {
                return false;
            }
        }
        return k > 0;
    }
}
