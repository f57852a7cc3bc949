package dev.tessera.io.planetoid;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.TextLines;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.pickle.SafeUnpickler;
import dev.tessera.io.pickle.SparseMatrix;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Planetoid files of Yang, Cohen and Salakhutdinov (ICML 2016), {@code ind.NAME.{x, y, tx, ty, allx,
 * ally, graph, test.index}}, into the dataset PyTorch Geometric's {@code Planetoid(root, NAME)} builds: the steps
 * of {@code torch_geometric.io.planetoid.read_planetoid_data}, one by one. The pickles are read with
 * {@link SafeUnpickler}, so nothing in them is executed.
 *
 * <ol>
 *   <li>{@code X = vstack(allx, tx)} [N, F] as float32, {@code Y = argmax(vstack(ally, ty), axis=1)} (the first
 *       maximum, so an all-zero row gets class 0); N = rows(allx) + rows(tx).</li>
 *   <li>With {@code test_index} the numbers of {@code ind.NAME.test.index} in file order and {@code sorted} its
 *       sorted copy: {@code X[test_index] = X[sorted]}, {@code Y[test_index] = Y[sorted]}, so node
 *       {@code test_index[i]} gets row i of {@code tx}/{@code ty}.</li>
 *   <li>CiteSeer only (NAME {@code citeseer}, as in PyG): before stacking, {@code tx} and {@code ty} are extended
 *       to {@code max(test_index) - min(test_index) + 1} rows, row i going to position {@code sorted[i] - min};
 *       the other rows (isolated nodes without features) stay zero.</li>
 *   <li>Edges: every (key, v) for v in the {@code graph} dict's lists, self-loops removed, duplicates removed,
 *       sorted by (source, target): PyG's {@code remove_self_loops} and {@code coalesce}.</li>
 *   <li>Split {@code public}: train = {@code 0 .. rows(y) - 1}, valid = the next 500 nodes (never past the
 *       {@code allx} block), test = {@code sorted}.</li>
 * </ol>
 * Task multiclass, metric accuracy, classes named {@code 0 .. C-1} with C = columns of {@code ally}, unless the
 * hints say otherwise.
 *
 * <p>The path is a folder holding the eight files of one NAME, or any one of the files.
 */
public final class PlanetoidReader implements DatasetReader {
    /** The format's name. */
    public static final String FORMAT = "planetoid";

    /** The eight file kinds, in the order PyG reads them. */
    private static final List<String> PARTS = List.of("x", "tx", "allx", "y", "ty", "ally", "graph", "test.index");
    private static final Pattern FILE = Pattern.compile("ind\\.(.+)\\.(x|y|tx|ty|allx|ally|graph|test\\.index)");
    private static final int VALID_SIZE = 500;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        if (Files.isRegularFile(path)) {
            return datasetName(path) != null;
        }
        return Files.isDirectory(path) && !names(path).isEmpty();
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        if (!Files.exists(path)) {
            throw new TesseraException(path + ": no such file or folder");
        }
        Path dir;
        String name;
        if (Files.isDirectory(path)) {
            dir = path;
            TreeSet<String> names = names(path);
            if (names.isEmpty()) {
                throw new TesseraException(path + ": no Planetoid files (ind.NAME.{" + String.join(",", PARTS) + "}) here");
            }
            if (names.size() > 1) {
                throw new TesseraException(path + ": holds several Planetoid datasets (" + String.join(", ", names)
                        + "); give one of their files instead of the folder");
            }
            name = names.first();
        } else {
            name = datasetName(path);
            if (name == null) {
                throw new TesseraException(path + ": not a Planetoid file (expected ind.NAME.{" + String.join(",", PARTS) + "})");
            }
            dir = path.getParent() != null ? path.getParent() : Path.of("");
        }
        if (name.toLowerCase(Locale.ROOT).startsWith("nell")) {
            throw new TesseraException(dir.resolve("ind." + name + ".graph") + ": NELL needs PyG's NELL-specific steps, which are not implemented");
        }
        List<String> sources = new ArrayList<>();
        for (String part : PARTS) {
            Path f = dir.resolve("ind." + name + "." + part);
            if (!Files.isRegularFile(f)) {
                throw new TesseraException(f + ": file not found (a Planetoid dataset needs ind." + name + ".{"
                        + String.join(",", PARTS) + "})");
            }
            sources.add(f.toString());
        }
        return build(dir, name, sources, hints == null ? DatasetInfo.NONE : hints);
    }

    private GraphDataset build(Path dir, String name, List<String> sources, DatasetInfo hints) {
        Matrix x = Matrix.load(file(dir, name, "x"));
        Matrix tx = Matrix.load(file(dir, name, "tx"));
        Matrix allx = Matrix.load(file(dir, name, "allx"));
        Matrix y = Matrix.load(file(dir, name, "y"));
        Matrix ty = Matrix.load(file(dir, name, "ty"));
        Matrix ally = Matrix.load(file(dir, name, "ally"));
        Path graphFile = file(dir, name, "graph");
        Object graph = SafeUnpickler.load(graphFile);
        Path testFile = file(dir, name, "test.index");
        TestIndex test = TestIndex.read(testFile);

        int f = allx.cols;
        int c = ally.cols;
        tx.requireCols(f, allx);
        x.requireCols(f, allx);
        ty.requireCols(c, ally);
        ally.requireRows(allx.rows, allx);
        ty.requireRows(tx.rows, tx);
        y.requireRows(x.rows, x);
        if (c == 0) {
            throw new TesseraException(ally.file + ": the label matrix has no columns");
        }
        if (y.rows > allx.rows) {
            throw new TesseraException(y.file + ": " + y.rows + " training rows, more than the " + allx.rows + " rows of " + allx.file.getFileName());
        }

        // tx/ty row i goes to test-block position slot[i]; CiteSeer's block is widened to the whole index range.
        int n0 = allx.rows;
        int[] slot = new int[tx.rows];
        int block = tx.rows;
        if (name.equalsIgnoreCase("citeseer")) {
            if (tx.rows != test.sorted.length) {
                throw new TesseraException(tx.file + ": " + tx.rows + " rows but " + test.sorted.length + " test indices in "
                        + testFile.getFileName());
            }
            int min = test.sorted[0];
            block = test.sorted[test.sorted.length - 1] - min + 1;
            for (int i = 0; i < slot.length; i++) {
                slot[i] = test.sorted[i] - min;
            }
        } else {
            for (int i = 0; i < slot.length; i++) {
                slot[i] = i;
            }
        }
        long nLong = (long) n0 + block;
        if (nLong > Integer.MAX_VALUE || nLong * Math.max(f, c) > Integer.MAX_VALUE - 8) {
            throw new TesseraException(tx.file + ": " + nLong + " nodes x " + Math.max(f, c) + " columns exceed one Java array");
        }
        int n = (int) nLong;
        test.checkRange(n);

        float[] features = stack(allx, tx, slot, n, f);
        float[] onehot = stack(ally, ty, slot, n, c);
        if (features == null || onehot == null) {
            throw new TesseraException((features == null ? tx : ty).file + ": " + n + " nodes x " + (features == null ? f : c)
                    + " dense float32 values do not fit in memory (raise -Xmx)");
        }
        int[] labels = new int[n];
        for (int v = 0; v < n; v++) {
            labels[v] = argmax(onehot, v * c, c, v < n0 ? ally : ty);
        }
        permuteRows(features, f, test);
        int[] old = labels.clone();
        for (int i = 0; i < test.index.length; i++) {
            labels[test.index[i]] = old[test.sorted[i]];
        }

        CsrGraph g = edges(graph, graphFile, n);
        int[] train = range(0, y.rows);
        int[] valid = range(y.rows, Math.min(y.rows + VALID_SIZE, n0));
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            classNames.add(Integer.toString(k));
        }
        return GraphDataset.builder()
                .setName(hints.name() != null ? hints.name() : name)
                .setGraph(g)
                .optFeatures(NodeFeatures.of(features, n, f))
                .optLabels(labels, classNames)
                .optTask(hints.task() != null ? hints.task() : Task.MULTICLASS)
                .optMetric(hints.metric() != null ? hints.metric() : Metric.ACCURACY)
                .optSplit(new Split("public", train, valid, test.sorted.clone()))
                .optDefaultSplit("public")
                .optProvenance(Provenance.of(FORMAT, sources))
                .build();
    }

    /**
     * vstack(top, bottom): top's rows first, then bottom's row i at row {@code top.rows + slot[i]}; the rest zero.
     *
     * @return [n * cols] row-major, or {@code null} when that does not fit in memory
     */
    private static float[] stack(Matrix top, Matrix bottom, int[] slot, int n, int cols) {
        float[] out;
        try {
            out = new float[n * cols];
        } catch (OutOfMemoryError e) {
            // A few bytes of pickle can claim any shape: report instead of dying.
            return null;
        }
        top.into(out, 0);
        boolean identity = bottom.rows == n - top.rows;
        for (int i = 0; identity && i < slot.length; i++) {
            identity = slot[i] == i;
        }
        if (identity) {
            bottom.into(out, top.rows * cols);
        } else {
            float[] b = new float[bottom.rows * cols];
            bottom.into(b, 0);
            for (int i = 0; i < slot.length; i++) {
                System.arraycopy(b, i * cols, out, (top.rows + slot[i]) * cols, cols);
            }
        }
        return out;
    }

    /** {@code X[test_index] = X[sorted]}: the right side is read in full before anything is written, as in torch. */
    private static void permuteRows(float[] x, int cols, TestIndex test) {
        int k = test.index.length;
        float[] rows = new float[k * cols];
        for (int i = 0; i < k; i++) {
            System.arraycopy(x, test.sorted[i] * cols, rows, i * cols, cols);
        }
        for (int i = 0; i < k; i++) {
            System.arraycopy(rows, i * cols, x, test.index[i] * cols, cols);
        }
    }

    /** torch's {@code max(dim=1)[1]} on the float one-hot rows: the first largest entry. */
    private static int argmax(float[] m, int offset, int c, Matrix source) {
        int best = 0;
        for (int k = 0; k < c; k++) {
            float v = m[offset + k];
            if (Float.isNaN(v)) {
                throw new TesseraException(source.file + ": the label matrix holds NaN");
            }
            if (v > m[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /** PyG's edge_index_from_dict: (key, v) for every v in the key's list, then remove_self_loops and coalesce. */
    private static CsrGraph edges(Object graph, Path file, int n) {
        if (!(graph instanceof Map<?, ?> dict)) {
            throw new TesseraException(file + ": expected a dict of adjacency lists, found " + describe(graph));
        }
        CsrBuilder b = new CsrBuilder(n).optDuplicates(CsrBuilder.Duplicates.DROP);
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            int u = node(e.getKey(), file, n, "key");
            if (!(e.getValue() instanceof Collection<?> targets)) {
                throw new TesseraException(file + ": entry " + e.getKey() + " is " + describe(e.getValue()) + ", not a list");
            }
            for (Object t : targets) {
                int v = node(t, file, n, "entry " + u + " neighbour");
                if (u != v) {
                    b.addEdge(u, v);
                }
            }
        }
        return b.build();
    }

    private static int node(Object id, Path file, int n, String what) {
        if (!(id instanceof Long l)) {
            throw new TesseraException(file + ": " + what + " " + id + " is " + describe(id) + ", not an integer node id");
        }
        if (l < 0 || l >= n) {
            throw new TesseraException(file + ": " + what + " " + l + " is outside [0, " + n + ") (N = rows of allx + tx)");
        }
        return (int) (long) l;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[Math.max(0, to - from)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static String describe(Object v) {
        return SafeUnpickler.describeValue(v);
    }

    private static Path file(Path dir, String name, String part) {
        return dir.resolve("ind." + name + "." + part);
    }

    private static String datasetName(Path file) {
        Path fn = file.getFileName();
        if (fn == null) {
            return null;
        }
        Matcher m = FILE.matcher(fn.toString());
        return m.matches() ? m.group(1) : null;
    }

    private static TreeSet<String> names(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isRegularFile).map(PlanetoidReader::datasetName).filter(s -> s != null).forEach(names::add);
        } catch (IOException e) {
            throw new TesseraException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        return names;
    }

    /** A 2-D numpy array or scipy sparse matrix read from one file, densified on demand. */
    private static final class Matrix {
        final Path file;
        final int rows;
        final int cols;
        final Object value;

        private Matrix(Path file, int rows, int cols, Object value) {
            this.file = file;
            this.rows = rows;
            this.cols = cols;
            this.value = value;
        }

        static Matrix load(Path file) {
            Object v = SafeUnpickler.load(file);
            if (v instanceof SparseMatrix s) {
                return new Matrix(file, s.rows(), s.cols(), s);
            }
            if (v instanceof NpyArray a) {
                if (a.dtype().isString()) {
                    throw new TesseraException(file + ": expected numbers, found an array of dtype " + a.dtype());
                }
                if (a.ndim() != 2) {
                    throw new TesseraException(file + ": expected a 2-D array, found shape " + Arrays.toString(a.shape()));
                }
                if (a.dim(0) > Integer.MAX_VALUE || a.dim(1) > Integer.MAX_VALUE) {
                    throw new TesseraException(file + ": array shape " + Arrays.toString(a.shape()) + " is too large");
                }
                return new Matrix(file, (int) a.dim(0), (int) a.dim(1), a);
            }
            throw new TesseraException(file + ": expected a numpy array or scipy sparse matrix, found " + describe(v));
        }

        /** Writes the float32 matrix row-major at {@code dst[offset ..]}, as {@code torch.from_numpy(m.todense()).to(torch.float)}. */
        void into(float[] dst, int offset) {
            if (value instanceof SparseMatrix s) {
                s.toDenseFloat(dst, offset);
            } else {
                float[] a = ((NpyArray) value).asFloats();
                System.arraycopy(a, 0, dst, offset, a.length);
            }
        }

        void requireCols(int expected, Matrix reference) {
            if (cols != expected) {
                throw new TesseraException(file + ": " + cols + " columns, but " + reference.file.getFileName() + " has " + expected);
            }
        }

        void requireRows(int expected, Matrix reference) {
            if (rows != expected) {
                throw new TesseraException(file + ": " + rows + " rows, but " + reference.file.getFileName() + " has " + expected);
            }
        }
    }

    /** {@code ind.NAME.test.index}: test node ids in file order, with their sorted copy. */
    private static final class TestIndex {
        final Path file;
        final int[] index;
        final int[] sorted;
        final long[] lines;

        private TestIndex(Path file, int[] index, long[] lines) {
            this.file = file;
            this.index = index;
            this.lines = lines;
            this.sorted = index.clone();
            Arrays.sort(sorted);
        }

        static TestIndex read(Path file) {
            IntArrayList ids = new IntArrayList();
            LongArrayList lines = new LongArrayList();
            try (TextLines in = TextLines.open(file)) {
                for (String line; (line = in.next()) != null; ) {
                    for (String tok : line.trim().split("\\s+")) {
                        if (tok.isEmpty()) {
                            continue;
                        }
                        try {
                            long v = Long.parseLong(tok);
                            if (v < 0 || v > Integer.MAX_VALUE) {
                                throw in.error("test index " + v + " is out of range");
                            }
                            ids.add((int) v);
                            lines.add(in.lineNumber());
                        } catch (NumberFormatException e) {
                            throw in.error("'" + tok + "' is not an integer node id");
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                throw new TesseraException(file + ": no test indices");
            }
            TestIndex t = new TestIndex(file, ids.toIntArray(), lines.toLongArray());
            for (int i = 1; i < t.sorted.length; i++) {
                if (t.sorted[i] == t.sorted[i - 1]) {
                    throw new TesseraException(file + ": test index " + t.sorted[i] + " appears twice");
                }
            }
            return t;
        }

        void checkRange(int n) {
            for (int i = 0; i < index.length; i++) {
                if (index[i] >= n) {
                    throw TesseraException.at(file, lines[i], "test index " + index[i] + " is outside [0, " + n
                            + ") (N = rows of allx + tx)");
                }
            }
        }
    }
}
