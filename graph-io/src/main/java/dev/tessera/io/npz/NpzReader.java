package dev.tessera.io.npz;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.npz.NpyDtype.Kind;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads the two common {@code .npz} node-classification layouts, told apart by their member names.
 *
 * <p><b>Heterophilous-graphs layout</b> (Platonov et al. 2023, yandex-research/heterophilous-graphs {@code data/}):
 * {@code node_features} [N, F] float32/float64 (optional), {@code node_labels} [N] integer, {@code edges} [E, 2]
 * integer, {@code train_masks}, {@code val_masks}, {@code test_masks} [K, N] bool (optional, all three or none).
 * Each undirected edge is stored once, so the reverse of every edge is added (unless the hints say
 * {@code addInverseEdge = false}); the graph holds the distinct directed pairs. Mask row k becomes split
 * {@code fold<k>} (ids ascending), the default split {@code fold0}. Two optional members written by
 * {@link NpzWriter} are honoured: {@code class_names} [C] strings and {@code split_names} [K] strings (then row k
 * is named {@code split_names[k]}).
 *
 * <p><b>gnn-benchmark layout</b> (Shchur et al. 2018, shchur/gnn-benchmark {@code data/npz/}): the adjacency as the
 * parts of a scipy CSR matrix {@code adj_data}, {@code adj_indices}, {@code adj_indptr}, {@code adj_shape} [N, N],
 * kept as stored (directed, unless the hints say {@code addInverseEdge = true}; weighted by {@code adj_data}
 * unless every entry is 1; repeated (row, column) entries become one edge, their weights summed as scipy does); features either sparse CSR parts {@code attr_data}, {@code attr_indices}, {@code attr_indptr},
 * {@code attr_shape} [N, F] (made dense float32) or a dense {@code attr_matrix} [N, F], or absent; {@code labels}
 * [N] integer; optional {@code class_names} [C], {@code node_names} [N] (see {@link #readNodeNames(Path)}) and
 * {@code attr_text} [N] (node texts) string arrays. This layout has no splits.
 *
 * <p>Both: the name is the file's stem unless the hints give one; the task is binary with ROC-AUC when there are
 * 2 classes, multiclass with accuracy otherwise, unless the hints say. A label of -1 marks an unlabelled node.
 * Features must be finite. Every problem is a one-line {@link TesseraException} naming the archive and member.
 */
public final class NpzReader implements DatasetReader {
    /** The format name, as given to {@code --format}. */
    public static final String FORMAT = "npz";

    private static final Predicate<NpyDtype> INTEGER = d -> d.kind() == Kind.INT || d.kind() == Kind.UINT;
    private static final Predicate<NpyDtype> FLOAT = d -> d.kind() == Kind.FLOAT;
    private static final Predicate<NpyDtype> NUMERIC = d -> d.kind() != Kind.UNICODE && d.kind() != Kind.BYTES;
    private static final Predicate<NpyDtype> BOOL = d -> d.kind() == Kind.BOOL;
    private static final Predicate<NpyDtype> STRING = NpyDtype::isString;
    private static final String[] MASKS = {"train_masks", "val_masks", "test_masks"};

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz");
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        DatasetInfo h = hints == null ? DatasetInfo.NONE : hints;
        try (NpzArchive npz = NpzArchive.open(path)) {
            GraphDataset.Builder b;
            if (npz.has("edges") || npz.has("node_labels") || npz.has("node_features")) {
                b = readHeterophilous(npz, h);
            } else if (npz.has("adj_indptr") || npz.has("adj_data") || npz.has("adj_indices") || npz.has("adj_shape")) {
                b = readGnnBenchmark(npz, Boolean.TRUE.equals(h.addInverseEdge()));
            } else {
                throw new TesseraException(path + ": not a known npz dataset layout (expected heterophilous-graphs members"
                        + " node_features, node_labels, edges, or gnn-benchmark members adj_data, adj_indices, adj_indptr,"
                        + " adj_shape, labels); the archive holds: " + String.join(", ", npz.names()));
            }
            b.setName(h.name() != null ? h.name() : stem(path));
            if (h.task() != null) {
                b.optTask(h.task());
            }
            if (h.metric() != null) {
                b.optMetric(h.metric());
            }
            b.optProvenance(Provenance.of(FORMAT, List.of(path.toString())));
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new TesseraException(path + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The node names of a gnn-benchmark archive ({@code node_names}, e.g. paper ids), which a
     * {@link GraphDataset} does not hold.
     *
     * @param path an {@code .npz} file
     * @return the names [N], or an empty list when the archive has none
     * @throws TesseraException when the archive or member is malformed
     */
    public static List<String> readNodeNames(Path path) {
        try (NpzArchive npz = NpzArchive.open(path)) {
            return npz.has("node_names") ? strings(npz, "node_names", -1) : List.of();
        }
    }

    private static GraphDataset.Builder readHeterophilous(NpzArchive npz, DatasetInfo hints) {
        NpyArray labelArray = member(npz, "node_labels", INTEGER, "an integer type");
        requireShape(npz, "node_labels", labelArray, labelArray.ndim() == 1, "(N,)");
        int[] labels = labels(npz, "node_labels", labelArray);
        int n = labels.length;

        NodeFeatures features = NodeFeatures.none(n);
        if (npz.has("node_features")) {
            NpyArray fa = member(npz, "node_features", FLOAT, "float32 or float64");
            requireShape(npz, "node_features", fa, fa.ndim() == 2, "(N, F)");
            requireRows(npz, "node_features", fa, n);
            features = dense(npz, "node_features", fa, n);
        }

        NpyArray ea = member(npz, "edges", INTEGER, "an integer type");
        requireShape(npz, "edges", ea, ea.ndim() == 2 && ea.dim(1) == 2, "(E, 2)");
        long[] e = longs(npz, "edges", ea);
        boolean addInverse = hints.addInverseEdge() == null || hints.addInverseEdge();
        CsrBuilder cb = new CsrBuilder(n);
        for (int i = 0; i < e.length; i += 2) {
            int u = nodeId(npz, "edges", e[i], n, "edge " + i / 2);
            int v = nodeId(npz, "edges", e[i + 1], n, "edge " + i / 2);
            if (addInverse) {
                cb.addUndirectedEdge(u, v);
            } else {
                cb.addEdge(u, v);
            }
        }
        CsrGraph graph = cb.build();

        GraphDataset.Builder b = GraphDataset.builder().setGraph(graph).optFeatures(features)
                .optLabels(labels, classNames(npz, labels));
        boolean anyMask = false;
        for (String m : MASKS) {
            anyMask |= npz.has(m);
        }
        if (anyMask) {
            List<Split> splits = splits(npz, n);
            b.optSplits(splits);
            String def = hints.defaultSplit() != null ? hints.defaultSplit() : npz.has("split_names") ? null : "fold0";
            if (def != null && splits.stream().noneMatch(s -> s.name().equals(def))) {
                throw new TesseraException(npz.path() + ": default split '" + def + "' is not among the "
                        + splits.size() + " mask rows");
            }
            b.optDefaultSplit(def);
        }
        return b;
    }

    private static List<Split> splits(NpzArchive npz, int n) {
        boolean[][] masks = new boolean[MASKS.length][];
        long k = -1;
        for (int p = 0; p < MASKS.length; p++) {
            NpyArray a = member(npz, MASKS[p], BOOL, "bool");
            requireShape(npz, MASKS[p], a, a.ndim() == 2 && a.dim(1) == n, "(K, " + n + ")");
            if (k >= 0 && a.dim(0) != k) {
                throw TesseraException.at(npz.where(MASKS[p]), 0, "has " + a.dim(0) + " rows, but " + MASKS[0] + " has " + k);
            }
            k = a.dim(0);
            masks[p] = a.asBooleans();
        }
        List<String> names = null;
        if (npz.has("split_names")) {
            names = strings(npz, "split_names", k);
        }
        List<Split> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            int[][] parts = new int[3][];
            for (int p = 0; p < 3; p++) {
                IntArrayList ids = new IntArrayList();
                for (int v = 0; v < n; v++) {
                    if (masks[p][r * n + v]) {
                        ids.add(v);
                    }
                }
                parts[p] = ids.toIntArray();
            }
            for (int v = 0; v < n; v++) {
                int in = (masks[0][r * n + v] ? 1 : 0) + (masks[1][r * n + v] ? 1 : 0) + (masks[2][r * n + v] ? 1 : 0);
                if (in > 1) {
                    throw TesseraException.at(npz.path(), 0, "mask row " + r + ": node " + v
                            + " is in more than one of train_masks, val_masks, test_masks");
                }
            }
            out.add(new Split(names == null ? "fold" + r : names.get(r), parts[0], parts[1], parts[2]));
        }
        return out;
    }

    private static GraphDataset.Builder readGnnBenchmark(NpzArchive npz, boolean addInverse) {
        NpyArray shapeArray = member(npz, "adj_shape", INTEGER, "an integer type");
        requireShape(npz, "adj_shape", shapeArray, shapeArray.ndim() == 1 && shapeArray.dim(0) == 2, "(2,)");
        long[] shape = longs(npz, "adj_shape", shapeArray);
        if (shape[0] != shape[1] || shape[0] < 0 || shape[0] > Integer.MAX_VALUE - 8) {
            throw TesseraException.at(npz.where("adj_shape"), 0, "adjacency shape (" + shape[0] + ", " + shape[1]
                    + ") is not square N x N");
        }
        int n = (int) shape[0];
        Csr adj = csr(npz, "adj", n, n);
        boolean weighted = false;
        for (double w : adj.data) {
            weighted |= w != 1;
        }
        CsrBuilder cb = new CsrBuilder(n).optDuplicates(weighted ? CsrBuilder.Duplicates.SUM : CsrBuilder.Duplicates.DROP);
        for (int r = 0; r < n; r++) {
            for (int p = adj.indptr[r]; p < adj.indptr[r + 1]; p++) {
                int c = adj.indices[p];
                if (weighted) {
                    cb.addEdge(r, c, (float) adj.data[p]);
                    if (addInverse && r != c) {
                        cb.addEdge(c, r, (float) adj.data[p]);
                    }
                } else if (addInverse) {
                    cb.addUndirectedEdge(r, c);
                } else {
                    cb.addEdge(r, c);
                }
            }
        }

        NodeFeatures features = NodeFeatures.none(n);
        if (npz.has("attr_matrix")) {
            NpyArray fa = member(npz, "attr_matrix", NUMERIC, "numeric");
            requireShape(npz, "attr_matrix", fa, fa.ndim() == 2, "(N, F)");
            requireRows(npz, "attr_matrix", fa, n);
            features = dense(npz, "attr_matrix", fa, n);
        } else if (npz.has("attr_shape") || npz.has("attr_data") || npz.has("attr_indptr") || npz.has("attr_indices")) {
            NpyArray sa = member(npz, "attr_shape", INTEGER, "an integer type");
            requireShape(npz, "attr_shape", sa, sa.ndim() == 1 && sa.dim(0) == 2, "(2,)");
            long[] fs = longs(npz, "attr_shape", sa);
            if (fs[0] != n) {
                throw TesseraException.at(npz.where("attr_shape"), 0, "features have " + fs[0] + " rows, but the graph has " + n + " nodes");
            }
            if (fs[1] < 0 || (long) n * fs[1] > Integer.MAX_VALUE - 8) {
                throw TesseraException.at(npz.where("attr_shape"), 0, "feature shape (" + fs[0] + ", " + fs[1] + ") is too large or negative");
            }
            int f = (int) fs[1];
            Csr attr = csr(npz, "attr", n, f);
            float[] x = new float[n * f];
            for (int r = 0; r < n; r++) {
                for (int p = attr.indptr[r]; p < attr.indptr[r + 1]; p++) {
                    x[r * f + attr.indices[p]] += (float) attr.data[p]; // scipy's toarray sums repeated entries
                }
            }
            features = NodeFeatures.of(x, n, f);
        }

        if (!npz.has("labels") && npz.has("labels_data")) {
            throw TesseraException.at(npz.where("labels_data"), 0, "sparse (multi-label) labels are not supported");
        }
        NpyArray la = member(npz, "labels", INTEGER, "an integer type");
        requireShape(npz, "labels", la, la.ndim() == 1 && la.dim(0) == n, "(" + n + ",)");
        int[] labels = labels(npz, "labels", la);

        GraphDataset.Builder b = GraphDataset.builder().setGraph(cb.build()).optFeatures(features)
                .optLabels(labels, classNames(npz, labels));
        if (npz.has("node_names")) {
            strings(npz, "node_names", n); // checked here so that a bad member fails the read, not a later lookup
        }
        if (npz.has("attr_text")) {
            b.optTexts(NodeTexts.of(strings(npz, "attr_text", n)));
        }
        return b;
    }

    /** The parts of a scipy CSR matrix, checked. */
    private record Csr(int[] indptr, int[] indices, double[] data) {
    }

    private static Csr csr(NpzArchive npz, String prefix, int rows, int cols) {
        String ip = prefix + "_indptr";
        String ix = prefix + "_indices";
        String dt = prefix + "_data";
        NpyArray pa = member(npz, ip, INTEGER, "an integer type");
        requireShape(npz, ip, pa, pa.ndim() == 1 && pa.dim(0) == rows + 1L, "(" + (rows + 1L) + ",)");
        long[] ptr = longs(npz, ip, pa);
        NpyArray xa = member(npz, ix, INTEGER, "an integer type");
        requireShape(npz, ix, xa, xa.ndim() == 1, "(nnz,)");
        NpyArray da = member(npz, dt, NUMERIC, "numeric");
        requireShape(npz, dt, da, da.ndim() == 1 && da.dim(0) == xa.dim(0), "(" + xa.dim(0) + ",), as " + ix);
        long nnz = xa.dim(0);
        if (ptr[0] != 0 || ptr[rows] != nnz) {
            throw TesseraException.at(npz.where(ip), 0, "row pointers run from " + ptr[0] + " to " + ptr[rows]
                    + ", expected 0 to " + nnz);
        }
        int[] indptr = new int[rows + 1];
        for (int r = 0; r <= rows; r++) {
            if (r > 0 && ptr[r] < ptr[r - 1]) {
                throw TesseraException.at(npz.where(ip), 0, "row pointers decrease at row " + r);
            }
            indptr[r] = (int) ptr[r];
        }
        long[] idx = longs(npz, ix, xa);
        int[] indices = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= cols) {
                throw TesseraException.at(npz.where(ix), 0, "entry " + i + ": column " + idx[i] + " out of range [0, " + cols + ")");
            }
            indices[i] = (int) idx[i];
        }
        double[] data = doubles(npz, dt, da);
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw TesseraException.at(npz.where(dt), 0, "entry " + i + " is " + data[i] + " (values must be finite)");
            }
        }
        return new Csr(indptr, indices, data);
    }

    private static List<String> classNames(NpzArchive npz, int[] labels) {
        if (!npz.has("class_names")) {
            return null;
        }
        List<String> names = strings(npz, "class_names", -1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= names.size()) {
                throw TesseraException.at(npz.where("class_names"), 0, "holds " + names.size() + " names, but node " + i
                        + " has label " + labels[i]);
            }
        }
        return names;
    }

    private static int[] labels(NpzArchive npz, String name, NpyArray a) {
        long[] l = longs(npz, name, a);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < GraphDataset.UNLABELLED || l[i] > Integer.MAX_VALUE - 8) {
                throw TesseraException.at(npz.where(name), 0, "node " + i + " has label " + l[i]
                        + " (expected a class >= 0, or -1 for unlabelled)");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    private static NodeFeatures dense(NpzArchive npz, String name, NpyArray a, int n) {
        long f = a.dim(1);
        if ((long) n * f > Integer.MAX_VALUE - 8) {
            throw TesseraException.at(npz.where(name), 0, "features " + a.shapeString() + " exceed one Java array");
        }
        float[] x;
        try {
            x = a.asFloats();
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(npz.where(name), 0, e.getMessage());
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw TesseraException.at(npz.where(name), 0, "value at [" + i / f + ", " + i % f + "] is " + x[i]
                        + " (features must be finite)");
            }
        }
        return NodeFeatures.of(x, n, (int) f);
    }

    private static int nodeId(NpzArchive npz, String name, long id, int n, String what) {
        if (id < 0 || id >= n) {
            throw TesseraException.at(npz.where(name), 0, what + ": node id " + id + " out of range [0, " + n + ")");
        }
        return (int) id;
    }

    private static NpyArray member(NpzArchive npz, String name, Predicate<NpyDtype> ok, String expected) {
        NpyArray a = npz.read(name);
        if (!ok.test(a.dtype())) {
            throw TesseraException.at(npz.where(name), 0, "dtype " + a.dtype().descr() + ", expected " + expected);
        }
        return a;
    }

    private static void requireShape(NpzArchive npz, String name, NpyArray a, boolean ok, String expected) {
        if (!ok) {
            throw TesseraException.at(npz.where(name), 0, "shape " + a.shapeString() + ", expected " + expected);
        }
    }

    private static void requireRows(NpzArchive npz, String name, NpyArray a, int n) {
        if (a.dim(0) != n) {
            throw TesseraException.at(npz.where(name), 0, "has " + a.dim(0) + " rows, but there are " + n + " nodes");
        }
    }

    private static List<String> strings(NpzArchive npz, String name, long expectedLength) {
        NpyArray a = member(npz, name, STRING, "a string type (U or S)");
        requireShape(npz, name, a, a.ndim() == 1 && (expectedLength < 0 || a.dim(0) == expectedLength),
                expectedLength < 0 ? "one dimension" : "(" + expectedLength + ",)");
        try {
            return a.asStrings();
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(npz.where(name), 0, e.getMessage());
        }
    }

    private static long[] longs(NpzArchive npz, String name, NpyArray a) {
        try {
            return a.asLongs();
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(npz.where(name), 0, e.getMessage());
        }
    }

    private static double[] doubles(NpzArchive npz, String name, NpyArray a) {
        try {
            return a.asDoubles();
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(npz.where(name), 0, e.getMessage());
        }
    }

    private static String stem(Path path) {
        String f = path.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
