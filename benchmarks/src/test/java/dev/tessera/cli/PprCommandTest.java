package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.io.safetensors.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PprCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesNeighborsAndWeightsAsSafetensors() throws Exception {
        // Toy: 0-1, 1-2 both ways, loop on 2, 3->1, 0->5; node 4 isolated, node 5 dangling.
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("out/ppr.safetensors");
        CliRun r = CliRun.of("ppr", toy.toString(), "--topk", "3", "--eps", "1e-8", "--out", out.toString(), "--no-cache");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + out), r.out());
        SafetensorsReader f = SafetensorsReader.read(out);
        assertArrayEquals(new long[] {6, 3}, f.tensor("neighbors").shape());
        assertArrayEquals(new long[] {6, 3}, f.tensor("weights").shape());
        int[] ids = f.tensor("neighbors").toIntArray();
        float[] w = f.tensor("weights").toFloatArray();
        // Isolated node 4 and dangling node 5 keep all their mass: themselves with weight 1, then padding.
        assertArrayEquals(new int[] {4, -1, -1}, java.util.Arrays.copyOfRange(ids, 12, 15));
        assertArrayEquals(new float[] {1f, 0f, 0f}, java.util.Arrays.copyOfRange(w, 12, 15));
        assertArrayEquals(new int[] {5, -1, -1}, java.util.Arrays.copyOfRange(ids, 15, 18));
        // From node 3 (3 -> 1 only) nothing returns to 3, so it keeps exactly alpha; the dangling node 5 keeps
        // whatever reaches it and, being reached from 0 forever after, is the strongest.
        assertEquals(5, ids[9]);
        assertTrue(w[9] > 0.15f);
        for (int i = 0; i < 6; i++) {
            assertTrue(w[3 * i] >= w[3 * i + 1] && w[3 * i + 1] >= w[3 * i + 2]);
        }
        assertEquals("0.15", f.metadata().get("alpha"));
        assertEquals("1.0E-8", f.metadata().get("eps"));
        assertEquals("3", f.metadata().get("topk"));
        assertEquals("toy", f.metadata().get("dataset"));
    }

    @Test
    void missingTopKIsAUserError() {
        CliRun r = CliRun.of("ppr", tmp.toString(), "--out", tmp.resolve("x.safetensors").toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--topk"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.safetensors")));
    }

    @Test
    void badAlphaIsAUserErrorAndWritesNothing() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("x.safetensors");
        CliRun r = CliRun.of("ppr", toy.toString(), "--topk", "2", "--alpha", "1.5", "--out", out.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals("error: bad option: alpha must be in (0, 1): 1.5", r.errLines().get(0));
        assertFalse(Files.exists(out));
    }

    @Test
    void benchReportsTimeAndAccuracyAsJson() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("bench", "ppr", "--dataset", toy.toString(), "--topk", "4", "--eps", "1e-7",
                "--repeat", "1", "--warmup", "0", "--check", "6", "--json", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(6, j.get("nodes").asInt());
        assertEquals(7, j.get("edges").asLong());
        assertEquals(4, j.get("topk").asInt());
        assertTrue(j.get("seconds").asDouble() >= 0);
        assertTrue(j.get("mean_push_ops").asDouble() >= 1, "every source is pushed at least once");
        assertEquals(6, j.at("/check/sources").asInt());
        // At most 4 nodes are reachable from any toy node, so top-4 with a tight eps finds them all.
        assertEquals(1.0, j.at("/check/topk_recall").asDouble(), 0);
        assertTrue(j.at("/check/min_err").asDouble() >= -1e-9, "push never overestimates");
        assertTrue(j.at("/check/max_err_over_deg").asDouble() < 1e-6);
    }
}
