package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInfoCommandTest {
    @TempDir
    Path tmp;

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
