package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.profile.ScalingOperators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileScalingCommandTest {
    @Test
    void tinyRunInChildJvmsPrintsJsonAndWritesFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("prof");
        CliRun r = CliRun.of("profile", "scaling", "--nodes", "400,200", "--ops", "attention,gcn", "--dim", "8",
                "--repeats", "2", "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(List.of("rows", "exponents", "config"), names(j));
        JsonNode rows = j.get("rows");
        assertEquals(4, rows.size());
        String[][] cells = {{"attention", "200"}, {"attention", "400"}, {"gcn", "200"}, {"gcn", "400"}};
        for (int i = 0; i < 4; i++) {
            JsonNode row = rows.get(i);
            assertEquals(cells[i][0], row.get("op").asText());
            assertEquals(Integer.parseInt(cells[i][1]), row.get("nodes").asInt(), "sizes run smallest first");
            assertEquals(8, row.get("dim").asInt());
            assertEquals("ok", row.get("status").asText(), row.toString());
            assertTrue(row.get("ms").asDouble() > 0, row.toString());
            assertEquals(2, row.get("repeats").asInt());
            if (System.getProperty("os.name").startsWith("Linux")) {
                // A JVM with the engine loaded holds well over 50 MiB; the operator's share is part of it.
                assertTrue(row.get("peak_mb").asDouble() > 50, row.toString());
                assertTrue(row.get("op_mb").asDouble() < row.get("peak_mb").asDouble(), row.toString());
            }
        }
        assertTrue(j.get("exponents").get("attention").isNumber());
        assertTrue(j.get("exponents").get("gcn").isNumber());
        assertEquals(List.of(200, 400), new ObjectMapper().convertValue(j.get("config").get("nodes"),
                new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() { }));
        assertTrue(r.err().contains("profile gcn N=400 d=8: started"), r.err());
        assertEquals(j, new ObjectMapper().readTree(out.resolve("results.json").toFile()));
        assertTrue(Files.size(out.resolve("scaling.png")) > 0);
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        String[][] cases = {
            {"--ops", "attention,nope", "error: --ops: unknown operator 'nope' (expected "
                + String.join(", ", ScalingOperators.names()) + ")"},
            {"--nodes", "100,1", "error: --nodes: every size needs at least 2 nodes, got 1"},
            {"--dim", "0", "error: --dim: need at least 1, got 0"},
            {"--time-limit", "0", "error: --time-limit: need a positive number of seconds, got 0.0"},
            {"--repeats", "0", "error: --repeats: need at least 1, got 0"},
            {"--out", file.toString(), "error: --out: " + file + " is a file, not a folder"},
            {"--nodes", "ten", "error: Invalid value for option '--nodes' (LIST): 'ten' is not an int"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("profile", "scaling", c[0], c[1]);
            assertEquals(Tessera.USER_ERROR, r.exit(), c[0] + " " + c[1]);
            assertEquals(c[2], r.errLines().getFirst());
            TesseraTest.assertNoStackTrace(r);
        }
    }

    private static List<String> names(JsonNode j) {
        List<String> out = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
