package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.bench.UniformGraph;
import org.junit.jupiter.api.Test;

class BenchSpmmCommandTest {
    @Test
    void jsonReportsTheProblemAndASaneMedian() throws Exception {
        CliRun r = CliRun.of("bench", "spmm", "--nodes", "500", "--edges", "3000", "--cols", "8", "--threads", "2",
                "--seed", "3", "--warmup", "1", "--runs", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(500, j.get("nodes").asInt());
        // Repeated pairs are summed: the stored edges are those of the same seeded graph.
        assertEquals(UniformGraph.generate(500, 3000, 3).numEdges(), j.get("edges").asLong());
        assertTrue(j.get("edges").asLong() <= 3000 && j.get("edges").asLong() > 2900);
        assertEquals(8, j.get("cols").asInt());
        assertEquals(2, j.get("threads").asInt());
        double median = j.get("median_ms").asDouble();
        assertTrue(median > 0 && median < 10_000, "median_ms " + median);
        assertTrue(j.get("min_ms").asDouble() <= median);
        double bytes = j.get("bytes_per_run").asDouble();
        assertEquals(bytes / (median / 1e3) / 1e9, j.get("gbps").asDouble(), 1e-6 * j.get("gbps").asDouble());
    }

    @Test
    void textOutputAndBadOptions() {
        CliRun r = CliRun.of("bench", "spmm", "--nodes", "50", "--edges", "200", "--cols", "3", "--threads", "1", "--runs", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("spmm N=50 "), r.out());
        assertTrue(r.out().contains("median"), r.out());
        CliRun bad = CliRun.of("bench", "spmm", "--nodes", "50", "--cols", "0");
        assertEquals(Tessera.USER_ERROR, bad.exit());
        assertEquals("error: --cols: need at least 1, got 0", bad.errLines().get(0));
    }
}
