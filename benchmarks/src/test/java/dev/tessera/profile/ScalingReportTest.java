package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.profile.ScalingRow.Status;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingReportTest {
    private static final List<ScalingRow> ROWS = List.of(
            new ScalingRow("attention", 1000, 64, Status.OK, 10.0, 10, 300.0, 20.0, ""),
            new ScalingRow("attention", 10_000, 64, Status.OVER_LIMIT, 1000.0, 1, 900.0, 600.0, ""),
            ScalingRow.skipped("attention", 100_000, 64, "dropped after N=10,000: over_limit"),
            new ScalingRow("gcn", 1000, 64, Status.FAILED, null, 0, null, null, "child exited with 1: boom"),
            ScalingRow.skipped("gcn", 10_000, 64, "dropped after N=1,000: failed"),
            ScalingRow.skipped("gcn", 100_000, 64, "dropped after N=1,000: failed"));

    @Test
    void jsonHasRowsExponentsAndConfig() {
        Map<String, ExponentFit> fits = ScalingReport.fits(List.of("attention", "gcn"), ROWS);
        ObjectNode config = Json.object().put("dim", 64);
        JsonNode j = ScalingReport.json(ROWS, fits, config);
        assertEquals(List.of("rows", "exponents", "config"), iterable(j.fieldNames()));
        assertEquals(6, j.get("rows").size());
        for (JsonNode row : j.get("rows")) {
            for (String key : List.of("op", "nodes", "dim", "ms", "peak_mb", "op_mb", "repeats", "status", "in_fit")) {
                assertTrue(row.has(key), key + " missing in " + row);
            }
        }
        JsonNode first = j.get("rows").get(0);
        assertEquals("attention", first.get("op").asText());
        assertEquals(1000, first.get("nodes").asInt());
        assertEquals(10.0, first.get("ms").asDouble());
        assertEquals(300.0, first.get("peak_mb").asDouble());
        assertTrue(first.get("in_fit").asBoolean());
        assertTrue(j.get("rows").get(2).get("ms").isNull(), "skipped rows have no time");
        assertEquals("skipped", j.get("rows").get(2).get("status").asText());
        // Two points: 10 ms at 1,000 and 1,000 ms at 10,000 nodes: exponent 2. gcn has none.
        assertEquals(2.0, j.get("exponents").get("attention").asDouble(), 1e-12);
        assertTrue(j.get("exponents").get("gcn").isNull());
        assertEquals(64, j.get("config").get("dim").asInt());
    }

    @Test
    void tableShowsEveryRowAndTheFit() {
        StringWriter s = new StringWriter();
        ScalingReport.print(new PrintWriter(s), ROWS, ScalingReport.fits(List.of("attention", "gcn"), ROWS), false);
        List<String> lines = s.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("op "), lines.get(0));
        assertTrue(lines.get(0).contains("ms (fwd)") && lines.get(0).contains("peak_mb") && lines.get(0).contains("op_mb"));
        assertTrue(lines.get(3).contains("1,000.0") && lines.get(3).contains("over_limit"), lines.get(3));
        assertTrue(lines.get(5).contains("failed (child exited with 1: boom)"), lines.get(5));
        assertTrue(s.toString().contains("attention  2.00  over all measured sizes"), s.toString());
        assertTrue(s.toString().contains("gcn           -  fewer than two sizes measured"), s.toString());
    }

    @Test
    void filesAreWritten(@TempDir Path dir) throws Exception {
        Map<String, ExponentFit> fits = ScalingReport.fits(List.of("attention", "gcn"), ROWS);
        ObjectNode json = ScalingReport.json(ROWS, fits, Json.object());
        List<Path> files = ScalingReport.write(dir.resolve("out"), json, ROWS, List.of("attention", "gcn"), "title");
        assertEquals(List.of(dir.resolve("out/results.json"), dir.resolve("out/scaling.png")), files);
        assertEquals(json, Json.MAPPER.readTree(files.get(0).toFile()));
        BufferedImage png = ImageIO.read(files.get(1).toFile());
        assertNotNull(png);
        assertEquals(800, png.getWidth());
        assertFalse(Files.list(dir.resolve("out")).anyMatch(p -> p.getFileName().toString().contains(".tmp")));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
