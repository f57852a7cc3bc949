package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart reads the karate club shipped in the jar: no network, no shared data. */
class QuickstartCommandTest {
    @TempDir
    Path tmp;

    @Test
    void summarizesTheShippedDataset() throws Exception {
        CliRun r = CliRun.of("quickstart", "--data-dir", tmp.toString(), "--seeds", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        // Zachary's karate club: 34 members, 78 friendships stored once and added in both directions.
        assertEquals("karate", j.get("name").asText());
        assertEquals(34, j.get("nodes").asLong());
        assertEquals(156, j.get("edges").asLong());
        assertEquals(2, j.get("classes").asInt());
        assertEquals("[17,17]", j.get("class_sizes").toString());
        assertEquals(0, j.get("isolated_nodes").asLong());
        assertEquals(17, j.at("/degree/max").asLong());
        // Then an MLP and a GCN, 2 seeds each: one-hot ids as features, so only the GCN generalizes.
        assertEquals("mlp", j.at("/results/0/model").asText());
        assertEquals("gcn", j.at("/results/1/model").asText());
        assertEquals(2, j.at("/results/1/seeds").asInt());
        assertEquals("accuracy", j.at("/results/1/metric").asText());
        assertTrue(j.at("/results/1/test_mean").asDouble() > j.at("/results/0/test_mean").asDouble(), r.out());
    }

    @Test
    void secondRunKeepsTheCopyAndMapsTheCache() throws Exception {
        assertEquals(0, CliRun.of("quickstart", "--data-dir", tmp.toString(), "--seeds", "1").exit());
        CliRun again = CliRun.of("quickstart", "--data-dir", tmp.toString(), "--seeds", "1", "--json");
        assertEquals(0, again.exit(), again.err());
        JsonNode j = new ObjectMapper().readTree(again.out());
        assertEquals("hit", j.at("/cache/status").asText());
        assertEquals(tmp.resolve("karate/processed/tessera.cache").toString(), j.at("/cache/file").asText());
    }

    @Test
    void textSaysWhatToDoNext() {
        CliRun r = CliRun.of("quickstart", "--data-dir", tmp.toString(), "--seeds", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("nodes +34")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("karate +public +gcn +accuracy +1 .*")), r.out());
        assertTrue(r.out().contains("tessera data list"), r.out());
    }
}
