package dev.tessera.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryCacheTest {
    @TempDir
    Path tmp;

    /** 4 nodes, weighted edges, features with -0, NaN payload and infinity, an unlabelled node, 2 splits, texts. */
    static GraphDataset sample() {
        CsrGraph g = new CsrBuilder(4).addEdge(0, 1, 0.5f).addEdge(1, 2, 2f).addEdge(2, 0, -1f).addEdge(3, 3, 7f).build();
        float[] x = {1f, -0f, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY, 3.25f, 1e-40f, 0f, 9f};
        return GraphDataset.builder().setName("sample").setGraph(g).optFeatures(NodeFeatures.of(x, 4, 2))
                .optLabels(new int[] {0, 2, GraphDataset.UNLABELLED, 1}, List.of("a", "b", "c"))
                .optTask(Task.MULTICLASS).optMetric(Metric.MACRO_F1)
                .optSplit(new Split("s1", new int[] {0, 1}, new int[] {2}, new int[] {3}))
                .optSplit(new Split("s2", new int[] {3}, new int[0], new int[] {0, 1, 2}))
                .optDefaultSplit("s2")
                .optTexts(NodeTexts.of(List.of("zero", "", "ünïcödé ✓", "line\nbreak")))
                .optProvenance(new Provenance(List.of("/data/sample"), "toy", List.of("add-self-loops(weight=1.0)")))
                .build();
    }

    static void assertSameDataset(GraphDataset expected, GraphDataset actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.graph(), actual.graph());
        assertEquals(expected.features(), actual.features(), "features differ bitwise");
        assertArrayEquals(expected.labels(), actual.labels());
        assertEquals(expected.classNames(), actual.classNames());
        assertEquals(expected.task(), actual.task());
        assertEquals(expected.metric(), actual.metric());
        assertEquals(List.copyOf(expected.splits().values()), List.copyOf(actual.splits().values()));
        assertEquals(expected.defaultSplitName(), actual.defaultSplitName());
        assertEquals(expected.provenance(), actual.provenance());
        assertEquals(expected.hasTexts(), actual.hasTexts());
        if (expected.hasTexts()) {
            NodeTexts a = expected.texts().orElseThrow();
            NodeTexts b = actual.texts().orElseThrow();
            assertEquals(a.size(), b.size());
            for (int v = 0; v < a.size(); v++) {
                assertEquals(a.text(v), b.text(v));
            }
        }
    }

    /** @return the file offset of a section, from the header of a cache file's bytes */
    static long sectionOffset(byte[] bytes, String section) throws IOException {
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(16);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 24, (int) headerLength, StandardCharsets.UTF_8));
        return (24 + headerLength + 63) / 64 * 64 + header.path("sections").path(section).path("offset").asLong();
    }

    @Test
    void roundTripKeepsEverythingAndMapsTheBigArrays() {
        GraphDataset ds = sample();
        Path file = tmp.resolve("sample.cache");
        BinaryCache.write(ds, file);
        GraphDataset back = BinaryCache.read(file);
        assertSameDataset(ds, back);
        assertTrue(back.features().isMapped());
        assertTrue(back.graph().columnSegment().isMapped());
        assertTrue(back.graph().weightSegment().isMapped());
        assertEquals(0x7fc00123, Float.floatToRawIntBits(back.features().get(1, 0)), "NaN payload kept");
    }

    @Test
    void roundTripOfAMinimalDataset() {
        CsrGraph g = new CsrBuilder(3).build();
        GraphDataset ds = GraphDataset.builder().setName("empty").setGraph(g).build();
        Path file = tmp.resolve("empty.cache");
        BinaryCache.write(ds, file);
        GraphDataset back = BinaryCache.read(file);
        assertSameDataset(ds, back);
        assertEquals(0, back.numFeatures());
        assertFalse(back.graph().isWeighted());
        assertEquals(null, back.defaultSplitName());
    }

    @Test
    void layoutIsMagicVersionJsonHeaderAndAlignedSections() throws Exception {
        Path file = tmp.resolve("sample.cache");
        BinaryCache.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("TSRCACHE", new String(bytes, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, buf.getInt(8));
        long headerLength = buf.getLong(16);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 24, (int) headerLength, StandardCharsets.UTF_8));
        assertEquals("sample", header.path("dataset").path("name").asText());
        assertEquals(4, header.path("dataset").path("num_nodes").asInt());
        long dataStart = (24 + headerLength + 63) / 64 * 64;
        List<String> names = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> e : header.path("sections").properties()) {
            names.add(e.getKey());
            assertEquals(0, (dataStart + e.getValue().path("offset").asLong()) % 64, e.getKey() + " aligned");
        }
        assertEquals(List.of("row_pointers", "columns", "weights", "features", "labels", "split_ids", "text_offsets", "text_data"), names);
        // The labels section holds the int32 labels, little-endian, where the header says.
        long labels = dataStart + header.path("sections").path("labels").path("offset").asLong();
        assertEquals(2, buf.getInt((int) labels + 4));
        assertEquals(-1, buf.getInt((int) labels + 8));
    }

    @Test
    void truncatedFileIsRejected() throws Exception {
        Path file = tmp.resolve("sample.cache");
        BinaryCache.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 70));
        TesseraException e = assertThrows(TesseraException.class, () -> BinaryCache.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        Files.write(file, Arrays.copyOf(bytes, 10));
        assertTrue(assertThrows(TesseraException.class, () -> BinaryCache.read(file)).getMessage().contains("truncated"));
    }

    @Test
    void flippedBitInASectionIsRejected() throws Exception {
        Path file = tmp.resolve("sample.cache");
        BinaryCache.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) sectionOffset(bytes, "features") + 5] ^= 0x10;
        Files.write(file, bytes);
        TesseraException e = assertThrows(TesseraException.class, () -> BinaryCache.read(file));
        assertTrue(e.getMessage().contains("checksum mismatch in section features"), e.getMessage());
    }

    @Test
    void flippedBitInTheHeaderOrMagicIsRejected() throws Exception {
        Path file = tmp.resolve("sample.cache");
        BinaryCache.write(sample(), file);
        byte[] good = Files.readAllBytes(file);
        byte[] bytes = good.clone();
        bytes[40] ^= 0x01;
        Files.write(file, bytes);
        assertTrue(assertThrows(TesseraException.class, () -> BinaryCache.read(file)).getMessage().contains("header checksum"));
        bytes = good.clone();
        bytes[0] = 'X';
        Files.write(file, bytes);
        assertTrue(assertThrows(TesseraException.class, () -> BinaryCache.read(file)).getMessage().contains("bad magic"));
    }

    @Test
    void missingFileIsAUserError() {
        Path file = tmp.resolve("absent.cache");
        TesseraException e = assertThrows(TesseraException.class, () -> BinaryCache.read(file));
        assertEquals(file + ": file not found", e.getMessage());
    }
}
