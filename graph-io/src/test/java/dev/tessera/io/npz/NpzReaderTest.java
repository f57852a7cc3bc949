package dev.tessera.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
    private final NpzReader reader = new NpzReader();

    @TempDir
    Path dir;

    /**
     * 4 nodes, 3 classes; undirected edges 0-1, 1-2, 3-2 and 0-1 again (a duplicate); 2 folds:
     * fold0 = train {0, 1}, valid {2}, test {3}; fold1 = train {2, 3}, valid {0}, test {1}.
     */
    private static Map<String, NpyArray> heterophilous() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("node_features", NpyArray.ofFloats(new float[] {0.5f, 1f, -2f, 0f, 3.25f, 1e-7f, 0f, 9f}, 4, 2));
        m.put("node_labels", NpyArray.ofLongs(new long[] {0, 1, 2, 1}));
        m.put("edges", NpyArray.ofLongs(new long[] {0, 1, 1, 2, 3, 2, 0, 1}, 4, 2));
        m.put("train_masks", NpyArray.ofBooleans(new boolean[] {true, true, false, false, false, false, true, true}, 2, 4));
        m.put("val_masks", NpyArray.ofBooleans(new boolean[] {false, false, true, false, true, false, false, false}, 2, 4));
        m.put("test_masks", NpyArray.ofBooleans(new boolean[] {false, false, false, true, false, true, false, false}, 2, 4));
        return m;
    }

    /**
     * 3 nodes; directed adjacency 0->1, 0->2, 1->2; sparse features [3, 4] with X[0,1] = 1, X[1,0] = 2,
     * X[1,3] = 1; labels 0, 2, 1 with class names A, B, C; node names n0, n1, n2.
     */
    private static Map<String, NpyArray> gnnBenchmark() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("adj_data", NpyArray.ofFloats(new float[] {1, 1, 1}));
        m.put("adj_indices", NpyArray.ofInts(new int[] {1, 2, 2}));
        m.put("adj_indptr", NpyArray.ofInts(new int[] {0, 2, 3, 3}));
        m.put("adj_shape", NpyArray.ofLongs(new long[] {3, 3}));
        m.put("attr_data", NpyArray.ofFloats(new float[] {1, 2, 1}));
        m.put("attr_indices", NpyArray.ofInts(new int[] {1, 0, 3}));
        m.put("attr_indptr", NpyArray.ofInts(new int[] {0, 1, 3, 3}));
        m.put("attr_shape", NpyArray.ofLongs(new long[] {3, 4}));
        m.put("labels", NpyArray.ofLongs(NpyDtype.INT8, new long[] {0, 2, 1}));
        m.put("node_names", NpyArray.ofStrings(List.of("n0", "n1", "n2")));
        m.put("class_names", NpyArray.ofStrings(List.of("A", "B", "C")));
        return m;
    }

    private Path write(String name, Map<String, NpyArray> arrays) {
        Path p = dir.resolve(name);
        NpzArchive.write(p, arrays, true);
        return p;
    }

    private String error(Map<String, NpyArray> arrays) {
        Path p = write("bad.npz", arrays);
        String msg = assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE)).getMessage();
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.startsWith(p.toString()), msg);
        return msg;
    }

    @Test
    void readsTheHeterophilousLayout() {
        Path p = write("toy.npz", heterophilous());
        GraphDataset ds = reader.read(p, DatasetInfo.NONE);
        assertEquals("toy", ds.name());
        assertEquals(4, ds.numNodes());
        // 3 distinct undirected edges, both directions each.
        assertEquals(6, ds.graph().numEdges());
        assertArrayEquals(new int[] {1}, ds.graph().neighbors(0));
        assertArrayEquals(new int[] {0, 2}, ds.graph().neighbors(1));
        assertArrayEquals(new int[] {1, 3}, ds.graph().neighbors(2));
        assertArrayEquals(new int[] {2}, ds.graph().neighbors(3));
        assertFalse(ds.graph().isWeighted());
        assertEquals(2, ds.numFeatures());
        assertArrayEquals(new float[] {3.25f, 1e-7f}, ds.features().row(2));
        assertArrayEquals(new int[] {0, 1, 2, 1}, ds.labels());
        assertEquals(List.of("0", "1", "2"), ds.classNames());
        assertEquals(List.of("fold0", "fold1"), List.copyOf(ds.splits().keySet()));
        assertEquals(new Split("fold0", new int[] {0, 1}, new int[] {2}, new int[] {3}), ds.split("fold0"));
        assertEquals(new Split("fold1", new int[] {2, 3}, new int[] {0}, new int[] {1}), ds.split("fold1"));
        assertEquals("fold0", ds.defaultSplitName());
        assertEquals(Task.MULTICLASS, ds.task());
        assertEquals(Metric.ACCURACY, ds.metric());
        assertEquals("npz", ds.provenance().reader());
        assertEquals(List.of(p.toString()), ds.provenance().sources());
    }

    @Test
    void twoClassesMeanBinaryWithRocAuc() {
        Map<String, NpyArray> m = heterophilous();
        m.put("node_labels", NpyArray.ofLongs(new long[] {0, 1, 0, 1}));
        GraphDataset ds = reader.read(write("bin.npz", m), DatasetInfo.NONE);
        assertEquals(Task.BINARY, ds.task());
        assertEquals(Metric.ROCAUC, ds.metric());
    }

    @Test
    void hintsOverrideNameDirectionSplitAndTask() {
        Path p = write("toy.npz", heterophilous());
        GraphDataset ds = reader.read(p, new DatasetInfo("other", Task.MULTICLASS, Metric.MACRO_F1, false, "fold1"));
        assertEquals("other", ds.name());
        assertEquals(3, ds.graph().numEdges(), "0->1, 1->2, 3->2 as stored, duplicate dropped");
        assertTrue(ds.graph().hasEdge(3, 2));
        assertFalse(ds.graph().hasEdge(2, 3));
        assertEquals("fold1", ds.defaultSplitName());
        assertEquals(Metric.MACRO_F1, ds.metric());
        String msg = assertThrows(TesseraException.class,
                () -> reader.read(p, new DatasetInfo(null, null, null, null, "public"))).getMessage();
        assertTrue(msg.contains("default split 'public'"), msg);
    }

    @Test
    void withoutMasksOrFeaturesTheDatasetHasNone() {
        Map<String, NpyArray> m = heterophilous();
        m.remove("train_masks");
        m.remove("val_masks");
        m.remove("test_masks");
        m.remove("node_features");
        GraphDataset ds = reader.read(write("bare.npz", m), DatasetInfo.NONE);
        assertTrue(ds.splits().isEmpty());
        assertEquals(0, ds.numFeatures());
    }

    @Test
    void readsTheGnnBenchmarkLayout() {
        Path p = write("shchur.npz", gnnBenchmark());
        GraphDataset ds = reader.read(p, DatasetInfo.NONE);
        assertEquals("shchur", ds.name());
        assertEquals(3, ds.numNodes());
        assertEquals(3, ds.graph().numEdges(), "directed, as stored");
        assertArrayEquals(new int[] {1, 2}, ds.graph().neighbors(0));
        assertArrayEquals(new int[] {2}, ds.graph().neighbors(1));
        assertArrayEquals(new int[] {}, ds.graph().neighbors(2));
        assertFalse(ds.graph().isWeighted(), "all adj_data are 1");
        assertArrayEquals(new float[] {0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0}, ds.features().toArray());
        assertArrayEquals(new int[] {0, 2, 1}, ds.labels());
        assertEquals(List.of("A", "B", "C"), ds.classNames());
        assertTrue(ds.splits().isEmpty());
        assertEquals(Task.MULTICLASS, ds.task());
        assertEquals(List.of("n0", "n1", "n2"), NpzReader.readNodeNames(p));
    }

    @Test
    void gnnBenchmarkCanBeSymmetrisedByHint() {
        Path p = write("shchur.npz", gnnBenchmark());
        GraphDataset ds = reader.read(p, new DatasetInfo(null, null, null, true, null));
        assertEquals(6, ds.graph().numEdges());
        assertArrayEquals(new int[] {0, 1}, ds.graph().neighbors(2));
    }

    @Test
    void gnnBenchmarkWeightsDenseFeaturesAndTexts() {
        Map<String, NpyArray> m = gnnBenchmark();
        m.put("adj_data", NpyArray.ofDoubles(new double[] {1, 2.5, 1}));
        for (String k : List.of("attr_data", "attr_indices", "attr_indptr", "attr_shape")) {
            m.remove(k);
        }
        m.put("attr_matrix", NpyArray.ofLongs(NpyDtype.UINT8, new long[] {1, 0, 0, 1, 1, 1}, 3, 2));
        m.put("attr_text", NpyArray.ofStrings(List.of("first", "second", "third")));
        GraphDataset ds = reader.read(write("w.npz", m), DatasetInfo.NONE);
        assertTrue(ds.graph().isWeighted());
        assertEquals(2.5f, ds.graph().weight(1));
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, ds.features().toArray());
        assertEquals("second", ds.texts().orElseThrow().text(1));
    }

    @Test
    void isDetectedAndNamedNpz() {
        Path p = write("toy.npz", heterophilous());
        assertTrue(reader.canRead(p));
        assertFalse(reader.canRead(dir));
        assertFalse(reader.canRead(dir.resolve("absent.npz")));
        assertEquals("npz", reader.format());
        assertTrue(DatasetFormats.detect(p) instanceof NpzReader);
        assertTrue(DatasetFormats.byName("npz") instanceof NpzReader);
    }

    @Test
    void refusesAnUnknownLayout() {
        String msg = error(Map.of("x", NpyArray.ofFloats(new float[] {1})));
        assertTrue(msg.contains("not a known npz dataset layout") && msg.contains("holds: x"), msg);
    }

    @Test
    void refusesATruncatedArchive() throws IOException {
        Path p = write("toy.npz", heterophilous());
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        String msg = assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE)).getMessage();
        assertTrue(msg.startsWith(p + ": not a zip archive, or truncated"), msg);
    }

    @Test
    void refusesAMissingMember() {
        Map<String, NpyArray> m = heterophilous();
        m.remove("edges");
        assertTrue(error(m).contains("[edges.npy]: member missing"));
        Map<String, NpyArray> noVal = heterophilous();
        noVal.remove("val_masks");
        assertTrue(error(noVal).contains("[val_masks.npy]: member missing"));
        Map<String, NpyArray> g = gnnBenchmark();
        g.remove("adj_indices");
        assertTrue(error(g).contains("[adj_indices.npy]: member missing"));
    }

    @Test
    void refusesWrongDtypes() {
        Map<String, NpyArray> m = heterophilous();
        m.put("node_labels", NpyArray.ofFloats(new float[] {0, 1, 2, 1}));
        assertTrue(error(m).contains("[node_labels.npy]: dtype <f4, expected an integer type"));
        m = heterophilous();
        m.put("train_masks", NpyArray.ofLongs(new long[] {1, 1, 0, 0, 0, 0, 1, 1}, 2, 4));
        assertTrue(error(m).contains("[train_masks.npy]: dtype <i8, expected bool"));
        m = heterophilous();
        m.put("node_features", NpyArray.ofLongs(new long[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2));
        assertTrue(error(m).contains("[node_features.npy]: dtype <i8, expected float32 or float64"));
        Map<String, NpyArray> g = gnnBenchmark();
        g.put("class_names", NpyArray.ofLongs(new long[] {1, 2, 3}));
        assertTrue(error(g).contains("[class_names.npy]: dtype <i8, expected a string type"));
    }

    @Test
    void refusesWrongShapes() {
        Map<String, NpyArray> m = heterophilous();
        m.put("edges", NpyArray.ofLongs(new long[] {0, 1, 2, 1, 2, 3}, 2, 3));
        assertTrue(error(m).contains("[edges.npy]: shape (2, 3), expected (E, 2)"));
        m = heterophilous();
        m.put("test_masks", NpyArray.ofBooleans(new boolean[] {false, false, false, true}));
        assertTrue(error(m).contains("[test_masks.npy]: shape (4,), expected (K, 4)"));
        m = heterophilous();
        m.put("val_masks", NpyArray.ofBooleans(new boolean[5 * 2], 2, 5));
        assertTrue(error(m).contains("[val_masks.npy]: shape (2, 5), expected (K, 4)"));
        m = heterophilous();
        m.put("test_masks", NpyArray.ofBooleans(new boolean[4], 1, 4));
        assertTrue(error(m).contains("[test_masks.npy]: has 1 rows, but train_masks has 2"));
        m = heterophilous();
        m.put("node_features", NpyArray.ofFloats(new float[6], 3, 2));
        assertTrue(error(m).contains("[node_features.npy]: has 3 rows, but there are 4 nodes"));
        m = heterophilous();
        m.put("node_labels", NpyArray.ofLongs(new long[] {0, 1, 2, 1}, 4, 1));
        assertTrue(error(m).contains("[node_labels.npy]: shape (4, 1), expected (N,)"));
        Map<String, NpyArray> g = gnnBenchmark();
        g.put("adj_shape", NpyArray.ofLongs(new long[] {3, 4}));
        assertTrue(error(g).contains("[adj_shape.npy]: adjacency shape (3, 4) is not square"));
        g = gnnBenchmark();
        g.put("attr_shape", NpyArray.ofLongs(new long[] {2, 4}));
        assertTrue(error(g).contains("[attr_shape.npy]: features have 2 rows, but the graph has 3 nodes"));
        g = gnnBenchmark();
        g.put("adj_indptr", NpyArray.ofInts(new int[] {0, 2, 3}));
        assertTrue(error(g).contains("[adj_indptr.npy]: shape (3,), expected (4,)"));
        g = gnnBenchmark();
        g.put("node_names", NpyArray.ofStrings(List.of("n0", "n1")));
        assertTrue(error(g).contains("[node_names.npy]: shape (2,), expected (3,)"));
    }

    @Test
    void refusesIdsOutOfRange() {
        Map<String, NpyArray> m = heterophilous();
        m.put("edges", NpyArray.ofLongs(new long[] {0, 1, 1, 4}, 2, 2));
        assertTrue(error(m).contains("[edges.npy]: edge 1: node id 4 out of range [0, 4)"));
        m.put("edges", NpyArray.ofLongs(new long[] {-1, 1}, 1, 2));
        assertTrue(error(m).contains("[edges.npy]: edge 0: node id -1 out of range [0, 4)"));
        m = heterophilous();
        m.put("node_labels", NpyArray.ofLongs(new long[] {0, -2, 2, 1}));
        assertTrue(error(m).contains("[node_labels.npy]: node 1 has label -2"));
        Map<String, NpyArray> g = gnnBenchmark();
        g.put("adj_indices", NpyArray.ofInts(new int[] {1, 3, 2}));
        assertTrue(error(g).contains("[adj_indices.npy]: entry 1: column 3 out of range [0, 3)"));
        g = gnnBenchmark();
        g.put("adj_indptr", NpyArray.ofInts(new int[] {0, 2, 1, 3}));
        assertTrue(error(g).contains("[adj_indptr.npy]: row pointers decrease at row 2"));
        g = gnnBenchmark();
        g.put("class_names", NpyArray.ofStrings(List.of("A", "B")));
        assertTrue(error(g).contains("[class_names.npy]: holds 2 names, but node 1 has label 2"));
    }

    @Test
    void refusesNonFiniteFeatures() {
        Map<String, NpyArray> m = heterophilous();
        m.put("node_features", NpyArray.ofFloats(new float[] {0, 0, 0, 0, 0, Float.NaN, 0, 0}, 4, 2));
        assertTrue(error(m).contains("[node_features.npy]: value at [2, 1] is NaN"));
        m.put("node_features", NpyArray.ofDoubles(new double[] {0, 0, 0, 1e300, 0, 0, 0, 0}, 4, 2));
        assertTrue(error(m).contains("[node_features.npy]: value at [1, 1] is Infinity"), "float64 overflowing float32");
        Map<String, NpyArray> g = gnnBenchmark();
        g.put("attr_data", NpyArray.ofFloats(new float[] {1, Float.NEGATIVE_INFINITY, 1}));
        assertTrue(error(g).contains("[attr_data.npy]: entry 1 is -Infinity"));
    }

    @Test
    void refusesOverlappingMasks() {
        Map<String, NpyArray> m = heterophilous();
        m.put("test_masks", NpyArray.ofBooleans(new boolean[] {false, false, false, true, false, true, true, false}, 2, 4));
        assertTrue(error(m).contains("mask row 1: node 2 is in more than one"));
    }

    @Test
    void refusesMalformedAndObjectMembers() throws IOException {
        Path p = dir.resolve("raw.npz");
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("node_labels.npy", rawNpy("{'descr': '<i8' 'fortran_order': False, 'shape': (4,), }", 32));
        members.put("edges.npy", rawNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (0, 2), }", 0));
        writeRawZip(p, members);
        String msg = assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE)).getMessage();
        assertTrue(msg.startsWith(p + "[node_labels.npy]: malformed header at character"), msg);

        members.put("node_labels.npy", rawNpy("{'descr': '|O', 'fortran_order': False, 'shape': (4,), }", 32));
        writeRawZip(p, members);
        msg = assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE)).getMessage();
        assertTrue(msg.startsWith(p + "[node_labels.npy]: dtype '|O' is an object array"), msg);

        members.put("node_labels.npy", rawNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", 20));
        writeRawZip(p, members);
        msg = assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE)).getMessage();
        assertTrue(msg.startsWith(p + "[node_labels.npy]: truncated NPY data (20 of 32 bytes"), msg);
    }

    @Test
    void refusesSparseLabels() {
        Map<String, NpyArray> g = gnnBenchmark();
        g.remove("labels");
        g.put("labels_data", NpyArray.ofFloats(new float[] {1}));
        assertTrue(error(g).contains("[labels_data.npy]: sparse (multi-label) labels are not supported"));
    }

    @Test
    void emptyGraphReads() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("node_labels", NpyArray.ofLongs(new long[] {0, 0}));
        m.put("edges", NpyArray.ofLongs(new long[0], 0, 2));
        GraphDataset ds = reader.read(write("e.npz", m), DatasetInfo.NONE);
        assertEquals(2, ds.numNodes());
        assertEquals(0, ds.graph().numEdges());
        assertSame(null, ds.defaultSplitName());
    }

    private static byte[] rawNpy(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + dataBytes];
        byte[] lead = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(lead, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    private static void writeRawZip(Path p, Map<String, byte[]> members) throws IOException {
        try (OutputStream raw = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
