package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInfoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonHoldsTheHandComputedStatistics() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("data", "info", toy.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("toy", j.get("name").asText());
        assertEquals("ogb", j.get("format").asText());
        assertEquals(6, j.get("nodes").asLong());
        assertEquals(7, j.get("edges").asLong());
        assertEquals(1, j.get("self_loops").asLong());
        assertEquals(1, j.get("isolated_nodes").asLong());
        assertEquals(3, j.get("features").asInt());
        assertEquals(2, j.get("classes").asInt());
        assertEquals("[\"red\",\"blue\"]", j.get("class_names").toString());
        assertEquals("[2,3]", j.get("class_sizes").toString());
        assertEquals(1, j.get("unlabelled").asLong());
        assertEquals("{\"public\":{\"train\":2,\"valid\":1,\"test\":2}}", j.get("splits").toString());
        assertEquals("public", j.get("default_split").asText());
        assertTrue(j.get("has_text").asBoolean());
        // Non-loop edges between labelled nodes: 0->1, 1->0 alike; 1->2, 2->1, 0->5 not; 3->1 has an unlabelled end.
        assertEquals(0.4, j.get("edge_homophily").asDouble(), 1e-12);
        // Out-degrees [2, 2, 2, 1, 0, 0].
        assertEquals(0, j.at("/degree/min").asLong());
        assertEquals(2, j.at("/degree/max").asLong());
        assertEquals(7.0 / 6.0, j.at("/degree/mean").asDouble(), 1e-12);
        assertEquals(1.5, j.at("/degree/median").asDouble(), 0);
        // In-degrees [1, 3, 2, 0, 0, 1].
        assertEquals(3, j.at("/in_degree/max").asLong());
        assertEquals(1.0, j.at("/in_degree/median").asDouble(), 0);
        // Row pointers 7 x 8 + columns 7 x 4, features 6 x 3 x 4, labels 6 x 4, split ids 5 x 4.
        assertEquals(84 + 72 + 24 + 20, j.get("memory_bytes").asLong());
        assertEquals("multiclass", j.get("task").asText());
        assertEquals("accuracy", j.get("metric").asText());
        // stdout holds the JSON object alone; progress (reading, writing the cache) went to stderr.
        assertTrue(r.out().startsWith("{") && r.out().endsWith("}\n"), r.out());
        assertTrue(r.err().lines().allMatch(l -> l.matches("[^{}]+: (started|done).*")), r.err());
    }

    @Test
    void textShowsTheSummaryClassesAndSplits() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("data", "info", toy.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("nodes +6")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("edge homophily +0\\.4000")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("out-degree +min 0, max 2, mean 1\\.17, median 1\\.5")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(" *1 +blue +3 +50\\.0%")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("public +2 +1 +2 +\\(default\\)")), r.out());
    }

    @Test
    void nameIsLookedUpInTheDataDirectory() throws Exception {
        ToyDataset.write(tmp.resolve("data/toy"));
        CliRun r = CliRun.of("data", "info", "toy", "--data-dir", tmp.resolve("data").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(7, new ObjectMapper().readTree(r.out()).get("edges").asLong());
    }

    @Test
    void sharedCoraAndTolokersByPathAndByName() throws Exception {
        Path data = SharedData.require("data");
        SharedData.require("data/cora");
        SharedData.require("data/tolokers");
        for (String[] args : new String[][] {
                {"data", "info", data.resolve("cora").toString(), "--json", "--no-cache"},
                {"data", "info", "cora", "--data-dir", data.toString(), "--json", "--no-cache"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertEquals(2708, j.get("nodes").asLong());
            assertEquals(10556, j.get("edges").asLong());
            assertEquals(1433, j.get("features").asInt());
            assertEquals(7, j.get("classes").asInt());
            assertEquals("[351,217,418,818,426,298,180]", j.get("class_sizes").toString());
            assertEquals(0, j.get("self_loops").asLong());
            assertEquals(140, j.at("/splits/public/train").asInt());
            assertTrue(j.get("has_text").asBoolean());
        }
        for (String[] args : new String[][] {
                {"data", "info", data.resolve("tolokers").toString(), "--json", "--no-cache"},
                {"data", "info", "tolokers", "--data-dir", data.toString(), "--json", "--no-cache"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertEquals(11758, j.get("nodes").asLong());
            // 519000 undirected edges stored once, added in both directions (add_inverse_edge).
            assertEquals(1038000, j.get("edges").asLong());
            assertEquals(10, j.get("features").asInt());
            assertEquals(2, j.get("classes").asInt());
            assertEquals("binary", j.get("task").asText());
            assertEquals("rocauc", j.get("metric").asText());
            assertEquals(10, j.get("splits").size());
        }
    }

    @Test
    void secondReadMapsTheCacheUnlessDisabled() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(CliRun.of("data", "info", toy.toString(), "--json").out());
        assertEquals("miss", first.at("/cache/status").asText());
        Path file = toy.resolve("processed/tessera.cache");
        assertEquals(file.toString(), first.at("/cache/file").asText());
        assertTrue(Files.isRegularFile(file));
        CliRun second = CliRun.of("data", "info", toy.toString(), "--json");
        JsonNode j = json.readTree(second.out());
        assertEquals("hit", j.at("/cache/status").asText());
        assertEquals(7, j.get("edges").asLong());
        assertEquals(0.4, j.get("edge_homophily").asDouble(), 1e-12);
        JsonNode off = json.readTree(CliRun.of("data", "info", toy.toString(), "--json", "--no-cache").out());
        assertEquals("disabled", off.at("/cache/status").asText());
        assertTrue(off.at("/cache/file").isNull());
    }

    @Test
    void edgeListWithTransforms() throws Exception {
        Path file = tmp.resolve("tiny.txt");
        Files.writeString(file, "0 1\n1 2\n2 2\n");
        CliRun raw = CliRun.of("data", "info", file.toString(), "--json");
        assertEquals(0, raw.exit(), raw.err());
        JsonNode j = new ObjectMapper().readTree(raw.out());
        assertEquals("edgelist", j.get("format").asText());
        assertEquals(3, j.get("nodes").asLong());
        assertEquals(3, j.get("edges").asLong());
        assertEquals(1, j.get("self_loops").asLong());
        assertEquals(3, j.get("unlabelled").asLong());
        assertTrue(j.get("edge_homophily").isNull(), "no labels, no homophily");
        // In-degrees [0, 1, 2].
        assertEquals(2, j.at("/in_degree/max").asLong());

        CliRun t = CliRun.of("data", "info", file.toString(), "--transform", "to-undirected,remove-self-loops", "--json");
        assertEquals(0, t.exit(), t.err());
        JsonNode k = new ObjectMapper().readTree(t.out());
        assertEquals(4, k.get("edges").asLong());
        assertEquals(0, k.get("self_loops").asLong());
        assertEquals(2, k.get("transforms").size());
        assertEquals("remove-self-loops", k.get("transforms").get(1).asText());
    }

    @Test
    void badTransformIsAUserError() {
        CliRun r = CliRun.of("data", "info", tmp.toString(), "--transform", "bogus");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().startsWith("error: transform list 'bogus': unknown transform 'bogus'"), r.err());
    }

    @Test
    void missingPathIsOneLineUserError() {
        Path missing = tmp.resolve("no/such/folder");
        CliRun r = CliRun.of("data", "info", missing.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("error: " + missing + ": no such file or folder", r.errLines().getFirst());
        assertEquals("", r.out());
    }

    @Test
    void unknownNameSaysWhatWasTriedAndWhatToRun() {
        CliRun r = CliRun.of("data", "info", "no-such-dataset", "--data-dir", tmp.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().getFirst();
        assertTrue(line.startsWith("error: dataset 'no-such-dataset' not found"), line);
        assertTrue(line.contains(tmp.resolve("no-such-dataset").toString()), line);
        assertTrue(line.contains("tessera data download NAME"), line);
        assertTrue(line.contains("tessera data list"), line);
    }

    @Test
    void unknownFormatIsAUserError() {
        CliRun r = CliRun.of("data", "info", tmp.toString(), "--format", "nonsense");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: --format: unknown format 'nonsense'"), r.err());
    }

    @Test
    void datasetIsRequired() {
        CliRun r = CliRun.of("data", "info");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: Missing required parameter: 'DATASET'"), r.err());
    }
}
