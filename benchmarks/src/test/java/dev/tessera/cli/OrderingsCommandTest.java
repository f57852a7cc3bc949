package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderingsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonHoldsEveryOrderingWithHandComputedEnvelopes() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("orderings", toy.toString(), "--json", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(6, j.get("nodes").asInt());
        assertEquals(7, j.get("edges").asLong());
        List<String> names = new ArrayList<>();
        j.get("orderings").forEach(o -> names.add(o.get("name").asText()));
        assertEquals(List.of("natural", "random", "degree", "bfs", "rcm", "community"), names);
        // Symmetrized toy: 0-1, 1-2, 1-3, 0-5 (the loop on 2 is on the diagonal). Natural: the edge 0-5 spans 5;
        // profile rows 1..5 reach back 1, 1, 2, 0, 5.
        JsonNode natural = j.get("orderings").get(0);
        assertEquals(5, natural.get("bandwidth").asLong());
        assertEquals(9, natural.get("profile").asLong());
        // RCM: root 2, Cuthill-McKee 2, 1, 3, 0, 5 then 4; reversed 4, 5, 0, 3, 1, 2: edge 0-1 spans 2.
        JsonNode rcm = j.get("orderings").get(4);
        assertEquals(2, rcm.get("bandwidth").asLong());
        assertEquals(4, rcm.get("profile").asLong());
        for (JsonNode o : j.get("orderings")) {
            assertTrue(o.get("ms").asDouble() >= 0);
        }
    }

    @Test
    void textTableForChosenOrderings() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("orderings", toy.toString(), "--orderings", "natural,rcm");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("natural +5 +9 +[0-9.]+")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("rcm +2 +4 +[0-9.]+")), r.out());
        assertEquals(5, r.out().lines().count(), r.out());
    }

    @Test
    void unknownOrderingIsOneLineUserError() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("orderings", toy.toString(), "--orderings", "rcm,spectral");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().startsWith("error: unknown ordering 'spectral'"), r.err());
    }
}
