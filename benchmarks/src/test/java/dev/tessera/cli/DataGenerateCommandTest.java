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

class DataGenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode info(Path p) throws Exception {
        CliRun r = CliRun.of("data", "info", p.toString(), "--json", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void sbmWritesTheOgbLayoutDeterministically() throws Exception {
        Path a = tmp.resolve("a");
        String[] opts = {"--nodes", "300", "--avg-degree", "6", "--features", "4", "--classes", "3", "--seed", "5"};
        CliRun r = CliRun.of(concat(new String[] {"data", "generate", "sbm", a.toString(), "--json"}, opts));
        assertEquals(0, r.exit(), r.err());
        JsonNode g = JSON.readTree(r.out());
        assertEquals("ogb", g.get("format").asText());
        assertTrue(Files.isRegularFile(a.resolve("raw/edge.csv.gz")));
        JsonNode j = info(a);
        assertEquals("a", j.get("name").asText());
        assertEquals(300, j.get("nodes").asLong());
        // N x D stored directed edges: 900 undirected edges, both directions, no self-loops.
        assertEquals(1800, j.get("edges").asLong());
        assertEquals(0, j.get("self_loops").asLong());
        assertEquals(4, j.get("features").asInt());
        assertEquals("[100,100,100]", j.get("class_sizes").toString());
        assertEquals("{\"random\":{\"train\":180,\"valid\":60,\"test\":60}}", j.get("splits").toString());
        // A share 0.8 of edges inside classes, up to sampling noise.
        assertEquals(0.8, j.get("edge_homophily").asDouble(), 0.05);

        Path b = tmp.resolve("b");
        assertEquals(0, CliRun.of(concat(new String[] {"data", "generate", "sbm", b.toString()}, opts)).exit());
        JsonNode k = info(b);
        for (String field : new String[] {"edges", "class_sizes", "edge_homophily", "degree", "in_degree"}) {
            assertEquals(j.get(field), k.get(field), "same seed, same " + field);
        }
    }

    @Test
    void rmatToACacheFile() throws Exception {
        Path out = tmp.resolve("r.tessera-cache");
        CliRun r = CliRun.of("data", "generate", "rmat", out.toString(), "--nodes", "256", "--avg-degree", "4",
                "--classes", "2", "--features", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote rmat("), r.out());
        JsonNode j = info(out);
        assertEquals("cache", j.get("format").asText());
        assertEquals(256, j.get("nodes").asLong());
        assertEquals(1024, j.get("edges").asLong());
        assertEquals(0, j.get("features").asInt());
        assertEquals(2, j.get("classes").asInt());
    }

    @Test
    void badOptionsAreUserErrors() {
        Path out = tmp.resolve("x");
        String[][] cases = {
            {"data", "generate", "ba", out.toString(), "--nodes", "10"},
            {"data", "generate", "sbm", out.toString()},
            {"data", "generate", "sbm", out.toString(), "--nodes", "1"},
            {"data", "generate", "sbm", out.toString(), "--nodes", "20", "--classes", "21"},
            {"data", "generate", "sbm", out.toString(), "--nodes", "20", "--homophily", "1.5"},
            {"data", "generate", "sbm", out.toString(), "--nodes", "5"},
            {"data", "generate", "sbm", out.toString(), "--nodes", "ten"},
        };
        String[] expected = {
            "error: MODEL: unknown model 'ba' (expected sbm or rmat)",
            "error: Missing required option: '--nodes=N'",
            "error: --nodes: need at least 2, got 1",
            "error: --classes: need 1..20 (at most one class per node), got 21",
            "error: --homophily: need a share in [0, 1], got 1.5",
            "error: --avg-degree: need 0..4, got 10.0",
            "error: Invalid value for option '--nodes': 'ten' is not an int",
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.of(cases[i]);
            assertEquals(Tessera.USER_ERROR, r.exit(), String.join(" ", cases[i]));
            assertEquals(expected[i], r.errLines().getFirst());
            TesseraTest.assertNoStackTrace(r);
        }
        assertFalse(Files.exists(out));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
