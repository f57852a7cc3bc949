package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode info(Path p, String... more) throws Exception {
        String[] args = java.util.Arrays.copyOf(new String[] {"data", "info", p.toString(), "--json", "--no-cache"}, 5 + more.length);
        System.arraycopy(more, 0, args, 5, more.length);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    /** The statistics a lossless conversion keeps. */
    private static void assertSameStatistics(JsonNode a, JsonNode b) {
        for (String field : new String[] {"name", "nodes", "edges", "self_loops", "isolated_nodes", "features", "classes",
                "class_names", "class_sizes", "unlabelled", "splits", "default_split", "has_text", "edge_homophily",
                "degree", "in_degree", "memory_bytes", "task", "metric"}) {
            assertEquals(a.get(field), b.get(field), field);
        }
    }

    @Test
    void toCacheAndBackToOgbKeepsEverything() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path cache = tmp.resolve("toy.tessera-cache");
        CliRun r = CliRun.of("data", "convert", toy.toString(), cache.toString(), "--json", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        JsonNode written = JSON.readTree(r.out());
        assertEquals("cache", written.get("format").asText(), "inferred from the .tessera-cache name");
        assertEquals(Files.size(cache), written.get("bytes_on_disk").asLong());
        JsonNode original = info(toy);
        JsonNode fromCache = info(cache);
        assertEquals("cache", fromCache.get("format").asText());
        assertEquals("ogb", fromCache.get("source_format").asText());
        assertSameStatistics(original, fromCache);

        Path back = tmp.resolve("back");
        CliRun r2 = CliRun.of("data", "convert", cache.toString(), back.toString(), "--to", "ogb");
        assertEquals(0, r2.exit(), r2.err());
        assertTrue(r2.out().startsWith("wrote toy (6 nodes, 7 stored edges) as ogb: " + back), r2.out());
        assertSameStatistics(original, info(back));
    }

    @Test
    void toNpz() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path npz = tmp.resolve("out.bin");
        CliRun r = CliRun.of("data", "convert", toy.toString(), npz.toString(), "--to", "npz", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        // A .bin name is not recognized: --format says how to read it.
        JsonNode j = info(npz, "--format", "npz");
        assertEquals("npz", j.get("format").asText());
        assertEquals(6, j.get("nodes").asLong());
        assertEquals(3, j.get("features").asInt());
        assertEquals("[2,3]", j.get("class_sizes").toString());
        assertEquals(1, j.get("unlabelled").asLong());
        assertEquals("{\"public\":{\"train\":2,\"valid\":1,\"test\":2}}", j.get("splits").toString());
    }

    @Test
    void existingOutputNeedsForce() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun r = CliRun.of("data", "convert", toy.toString(), out.toString(), "--no-cache");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("error: " + out + ": already exists (remove it, choose another output, or pass --force)",
                r.errLines().getFirst());
        assertTrue(Files.exists(out.resolve("keep.txt")), "nothing was touched");

        CliRun forced = CliRun.of("data", "convert", toy.toString(), out.toString(), "--force", "--no-cache");
        assertEquals(0, forced.exit(), forced.err());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertEquals(7, info(out).get("edges").asLong());
    }

    @Test
    void unknownTargetFormatIsAUserError() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("data", "convert", toy.toString(), tmp.resolve("x").toString(), "--to", "parquet");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals("error: --to: unknown format 'parquet' (expected ogb, npz, cache)", r.errLines().getFirst());
        assertFalse(Files.exists(tmp.resolve("x")));
    }
}
