package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.TextLines;
import dev.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OgbRawWriterTest {
    @TempDir
    Path tmp;

    private static GraphDataset read(Path dir) {
        return new OgbRawReader().read(dir, DatasetInfo.NONE);
    }

    /** Equal in every part the layout holds. */
    private static void assertSameDataset(GraphDataset a, GraphDataset b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.graph(), b.graph());
        assertEquals(a.features(), b.features());
        assertArrayEquals(a.labels(), b.labels());
        assertEquals(a.classNames(), b.classNames());
        assertEquals(a.splits(), b.splits());
        assertEquals(new ArrayList<>(a.splits().keySet()), new ArrayList<>(b.splits().keySet()));
        assertEquals(a.defaultSplitName(), b.defaultSplitName());
        assertEquals(a.task(), b.task());
        assertEquals(a.metric(), b.metric());
        assertEquals(a.hasTexts(), b.hasTexts());
        if (a.hasTexts()) {
            for (int i = 0; i < a.numNodes(); i++) {
                assertEquals(a.texts().orElseThrow().text(i), b.texts().orElseThrow().text(i));
            }
        }
    }

    private static List<String> lines(Path file) {
        List<String> out = new ArrayList<>();
        try (TextLines l = TextLines.open(file)) {
            for (String s; (s = l.next()) != null; ) {
                out.add(s);
            }
        }
        return out;
    }

    private static GraphDataset handMade() {
        return GraphDataset.builder()
                .setName("hand made")
                .setGraph(new CsrBuilder(4).addEdge(0, 1).addEdge(1, 0).addEdge(2, 2).addEdge(3, 1).build())
                .optFeatures(NodeFeatures.of(new float[] {0f, 1f, 0.1f, -0f, 1e-7f, 3.4028235e38f, -2.5f, 12345678f}, 4, 2))
                .optLabels(new int[] {0, 1, -1, 2}, List.of("a", "b,c", "\"d\""))
                .optSplit(new Split("z-first", new int[] {0, 3}, new int[] {1}, new int[0]))
                .optSplit(new Split("public", new int[] {1}, new int[] {0}, new int[] {2, 3}))
                .optDefaultSplit("z-first")
                .optTask(Task.MULTICLASS)
                .optMetric(Metric.MACRO_F1)
                .optTexts(NodeTexts.of(List.of("x", "line\nbreak \"q\" é", "", "{\"id\": 9}")))
                .build();
    }

    @Test
    void roundTripOfAHandMadeDataset() throws IOException {
        GraphDataset ds = handMade();
        Path out = tmp.resolve("out");
        OgbRawWriter.write(ds, out);
        GraphDataset back = read(out);
        assertSameDataset(ds, back);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.features().get(1, 1)));

        // The files look like shared/data's: gzip everywhere, integers without ".0", shortest decimals.
        assertEquals(List.of("0,1", "0.1,-0.0", "1E-7,3.4028235E38", "-2.5,1.2345678E7"), lines(out.resolve("raw/node-feat.csv.gz")));
        assertEquals(List.of("0,1", "1,0", "2,2", "3,1"), lines(out.resolve("raw/edge.csv.gz")));
        assertEquals(List.of("4"), lines(out.resolve("raw/num-edge-list.csv.gz")));
        assertEquals(List.of("0", "1", "-1", "2"), lines(out.resolve("raw/node-label.csv.gz")));
        assertEquals(List.of("idx,name", "0,a", "1,\"b,c\"", "2,\"\"\"d\"\"\""), lines(out.resolve("mapping/labelidx2name.csv.gz")));
        assertEquals("{\"id\": 0, \"text\": \"x\"}", lines(out.resolve("raw/node-text.jsonl.gz")).get(0));
        Properties info = new Properties();
        try (var r = Files.newBufferedReader(out.resolve("info.properties"))) {
            info.load(r);
        }
        assertEquals("hand made", info.getProperty("name"));
        assertEquals("false", info.getProperty("edges_symmetric_as_stored"), "3,1 has no 1,3");
        assertEquals("false", info.getProperty("add_inverse_edge"));
        assertEquals("z-first,public", info.getProperty("splits"));
        assertEquals("z-first", info.getProperty("default_split"));
        assertEquals("macro-f1", info.getProperty("metric"));
        for (String key : List.of("num_nodes", "num_edges", "num_features", "num_classes", "has_node_feat", "has_node_text", "task")) {
            assertTrue(info.containsKey(key), key);
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertTrue(files.filter(Files::isRegularFile).allMatch(p -> p.toString().endsWith(".gz")
                    || p.getFileName().toString().equals("info.properties")));
        }
    }

    @Test
    void roundTripOfTheTinyFolderAndSymmetricFlag() throws IOException {
        GraphDataset ds = read(TinyFolders.write(tmp.resolve("in"), TinyFolders.valid()));
        Path out = tmp.resolve("out");
        OgbRawWriter.write(ds, out);
        assertSameDataset(ds, read(out));
        Properties info = new Properties();
        try (var r = Files.newBufferedReader(out.resolve("info.properties"))) {
            info.load(r);
        }
        // The inverse edges were added on reading: written out, the stored edges are symmetric.
        assertEquals("true", info.getProperty("edges_symmetric_as_stored"));
        assertEquals("6", info.getProperty("num_edges"));
    }

    @Test
    void numericClassNamesWriteNoMapping() {
        GraphDataset ds = GraphDataset.builder().setName("plain").setGraph(new CsrBuilder(2).addEdge(0, 1).build())
                .optLabels(new int[] {0, 1}, null).build();
        Path out = tmp.resolve("out");
        OgbRawWriter.write(ds, out);
        assertFalse(Files.exists(out.resolve("mapping")));
        assertFalse(Files.exists(out.resolve("raw/node-feat.csv.gz")));
        assertFalse(Files.exists(out.resolve("raw/node-text.jsonl.gz")));
        assertSameDataset(ds, read(out));
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        TesseraException e = assertThrows(TesseraException.class, () -> OgbRawWriter.write(handMade(), out));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        OgbRawWriter.write(handMade(), out, true);
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertSameDataset(handMade(), read(out));
    }

    @Test
    void leavesNothingBehindOnFailure() throws IOException {
        GraphDataset bad = handMade().toBuilder()
                .optFeatures(NodeFeatures.of(new float[] {0, 1, 2, 3, Float.NaN, 5, 6, 7}, 4, 2)).build();
        Path parent = Files.createDirectories(tmp.resolve("parent"));
        TesseraException e = assertThrows(TesseraException.class, () -> OgbRawWriter.write(bad, parent.resolve("out")));
        assertTrue(e.getMessage().contains("row 2, column 0 is NaN"), e.getMessage());
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(0, left.count(), "no output and no temporary folder");
        }

        // A lazy text that fails while being written: same.
        GraphDataset badText = handMade().toBuilder().optTexts(NodeTexts.lazy(4, () -> {
            throw new TesseraException("texts.jsonl:3: broken");
        })).build();
        assertThrows(TesseraException.class, () -> OgbRawWriter.write(badText, parent.resolve("out")));
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(0, left.count());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cora", "texas"})
    void roundTripOfSharedData(String name) {
        GraphDataset ds = read(SharedData.require("data/" + name));
        Path out = tmp.resolve(name);
        OgbRawWriter.write(ds, out);
        assertSameDataset(ds, read(out));
    }
}
