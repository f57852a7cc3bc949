package dev.tessera.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.TextLines;
import dev.tessera.testing.SharedData;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original npz files in {@code shared/data/_formats/npz} against the same datasets in the OGB raw layout
 * ({@code shared/data/minesweeper}, {@code shared/data/texas}), read here with a few lines of {@link TextLines}
 * so that the comparison does not depend on another reader, and also through any registered reader that
 * recognizes the raw folder (the OGB raw reader). Skipped when the shared data are absent.
 */
class NpzSharedDataTest {
    @TempDir
    Path dir;

    @Test
    void minesweeperEqualsTheOgbRawFolder() throws IOException {
        compareWithRaw("minesweeper", 10000, 39402, 7, 2, Task.BINARY, Metric.ROCAUC);
    }

    @Test
    void texasEqualsTheOgbRawFolderDespiteFortranOrderMasks() throws IOException {
        compareWithRaw("texas", 183, 279, 1703, 5, Task.MULTICLASS, Metric.ACCURACY);
    }

    private void compareWithRaw(String name, int n, int storedEdges, int f, int c, Task task, Metric metric) throws IOException {
        Path npz = SharedData.require("data/_formats/npz/" + name + ".npz");
        Path raw = SharedData.require("data/" + name);
        GraphDataset ds = new NpzReader().read(npz, DatasetInfo.NONE);
        assertEquals(name, ds.name());
        assertEquals(n, ds.numNodes());
        assertEquals(n, Integer.parseInt(single(raw.resolve("raw/num-node-list.csv.gz"))));

        int[][] edges = ints(raw.resolve("raw/edge.csv.gz"));
        assertEquals(storedEdges, edges.length);
        CsrBuilder b = new CsrBuilder(n);
        for (int[] e : edges) {
            b.addUndirectedEdge(e[0], e[1]);
        }
        CsrGraph expected = b.build();
        assertEquals(expected, ds.graph(), "same edge set after adding inverses");

        assertEquals(f, ds.numFeatures());
        FloatArrayList x = new FloatArrayList();
        try (TextLines lines = TextLines.open(raw.resolve("raw/node-feat.csv.gz"))) {
            for (String line; (line = lines.next()) != null; ) {
                for (String t : line.split(",")) {
                    x.add(Float.parseFloat(t));
                }
            }
        }
        assertEquals(NodeFeatures.of(x.toFloatArray(), n, f), ds.features(), "features bit for bit");

        int[] labels = Arrays.stream(ints(raw.resolve("raw/node-label.csv.gz"))).mapToInt(r -> r[0]).toArray();
        assertArrayEquals(labels, ds.labels());
        assertEquals(c, ds.numClasses());

        assertEquals(10, ds.splits().size());
        for (int k = 0; k < 10; k++) {
            Path s = raw.resolve("split/fold" + k);
            Split want = new Split("fold" + k, column(s.resolve("train.csv.gz")), column(s.resolve("valid.csv.gz")),
                    column(s.resolve("test.csv.gz")));
            assertEquals(want, ds.split("fold" + k));
        }
        assertEquals("fold0", ds.defaultSplitName());

        Properties info = new Properties();
        try (Reader r = Files.newBufferedReader(raw.resolve("info.properties"))) {
            info.load(r);
        }
        assertEquals(Task.parse(info.getProperty("task")), ds.task());
        assertEquals(Metric.parse(info.getProperty("metric")), ds.metric());
        assertEquals(task, ds.task());
        assertEquals(metric, ds.metric());

        // Any registered reader of the raw folder (the OGB raw reader, once merged) must give the same dataset.
        for (DatasetReader r : DatasetFormats.readers()) {
            if (!(r instanceof NpzReader) && r.canRead(raw)) {
                GraphDataset other = r.read(raw, DatasetInfo.NONE);
                assertEquals(ds.graph(), other.graph(), r.format());
                assertEquals(ds.features(), other.features(), r.format());
                assertArrayEquals(ds.labels(), other.labels(), r.format());
                assertEquals(ds.splits(), other.splits(), r.format());
                assertEquals(ds.defaultSplitName(), other.defaultSplitName(), r.format());
            }
        }

        // Written back in the same layout and re-read: the same dataset.
        Path out = dir.resolve(name + ".npz");
        new NpzWriter().write(ds, out);
        GraphDataset back = new NpzReader().read(out, DatasetInfo.NONE);
        assertEquals(ds.graph(), back.graph());
        assertEquals(ds.features(), back.features());
        assertArrayEquals(ds.labels(), back.labels());
        assertEquals(ds.splits(), back.splits());
    }

    @Test
    void shchurCoraReadsAsStored() throws IOException {
        Path npz = SharedData.require("data/_formats/npz/shchur_cora.npz");
        GraphDataset ds = new NpzReader().read(npz, DatasetInfo.NONE);
        assertEquals("shchur_cora", ds.name());
        assertEquals(2708, ds.numNodes());
        assertEquals(5429, ds.graph().numEdges(), "directed adjacency entries as stored");
        assertFalse(ds.graph().isWeighted());
        long oneWay = 0;
        for (int u = 0; u < ds.numNodes(); u++) {
            for (int v : ds.graph().neighbors(u)) {
                oneWay += ds.graph().hasEdge(v, u) ? 0 : 1;
            }
        }
        assertEquals(5127, oneWay, "not symmetric");
        assertEquals(1433, ds.numFeatures());
        long nnz = 0;
        for (float v : ds.features().toArray()) {
            assertTrue(v == 0f || v == 1f);
            nnz += v == 1f ? 1 : 0;
        }
        assertEquals(49216, nnz);
        assertEquals(7, ds.numClasses());
        assertEquals(List.of("Case_Based", "Genetic_Algorithms", "Neural_Networks", "Probabilistic_Methods",
                "Reinforcement_Learning", "Rule_Learning", "Theory"), ds.classNames());
        assertEquals(Task.MULTICLASS, ds.task());
        assertTrue(ds.splits().isEmpty());
        List<String> names = NpzReader.readNodeNames(npz);
        assertEquals(2708, names.size());
        assertEquals(2708, new HashSet<>(names).size());
        assertEquals("1000012", names.get(0));

        // Same papers as Planetoid Cora in another order: per class name, the same number of nodes.
        Path cora = SharedData.require("data/cora");
        int[] planetoid = Arrays.stream(ints(cora.resolve("raw/node-label.csv.gz"))).mapToInt(r -> r[0]).toArray();
        List<String> planetoidNames;
        try (TextLines lines = TextLines.open(cora.resolve("mapping/labelidx2name.csv.gz"))) {
            lines.next();
            planetoidNames = new java.util.ArrayList<>();
            for (String line; (line = lines.next()) != null; ) {
                planetoidNames.add(line.split(",")[1]);
            }
        }
        for (int k = 0; k < 7; k++) {
            String cls = ds.classNames().get(k);
            int kk = k;
            long here = Arrays.stream(ds.labels()).filter(y -> y == kk).count();
            int pk = planetoidNames.indexOf(cls);
            long there = Arrays.stream(planetoid).filter(y -> y == pk).count();
            assertEquals(there, here, cls);
        }
    }

    @Test
    void membersReEncodeToTheOriginalBytes() throws IOException {
        Path minesweeper = SharedData.require("data/_formats/npz/minesweeper.npz");
        Path texas = SharedData.require("data/_formats/npz/texas.npz");
        assertReEncodes(minesweeper, "edges.npy", false);
        assertReEncodes(minesweeper, "node_features.npy", false);
        assertReEncodes(texas, "train_masks.npy", true);
        Path cora = SharedData.require("data/_formats/npz/shchur_cora.npz");
        assertReEncodes(cora, "class_names.npy", false);
        assertReEncodes(cora, "labels.npy", false);
    }

    private static void assertReEncodes(Path npz, String member, boolean fortran) throws IOException {
        byte[] original;
        try (ZipFile z = new ZipFile(npz.toFile()); InputStream in = z.getInputStream(z.getEntry(member))) {
            original = in.readAllBytes();
        }
        NpyArray a = NpyFile.read(new java.io.ByteArrayInputStream(original), member);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFile.write(out, a, fortran);
        assertArrayEquals(original, out.toByteArray(), member);
    }

    @Test
    void firstHalfOfARealArchiveIsRefused() throws IOException {
        Path npz = SharedData.require("data/_formats/npz/texas.npz");
        byte[] all = Files.readAllBytes(npz);
        Path half = dir.resolve("texas.npz");
        Files.write(half, Arrays.copyOf(all, all.length / 2));
        String msg = org.junit.jupiter.api.Assertions.assertThrows(TesseraException.class,
                () -> new NpzReader().read(half, DatasetInfo.NONE)).getMessage();
        assertTrue(msg.startsWith(half + ": not a zip archive, or truncated"), msg);
    }

    private static String single(Path file) {
        try (TextLines lines = TextLines.open(file)) {
            return lines.next().trim();
        }
    }

    private static int[][] ints(Path file) {
        List<int[]> rows = new java.util.ArrayList<>();
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                rows.add(Arrays.stream(line.split(",")).mapToInt(Integer::parseInt).toArray());
            }
        }
        return rows.toArray(new int[0][]);
    }

    private static int[] column(Path file) {
        IntArrayList ids = new IntArrayList();
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                ids.add(Integer.parseInt(line.trim()));
            }
        }
        return ids.toIntArray();
    }
}
