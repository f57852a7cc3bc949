package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera bench nodeclass}: the grid's table and its three result files. */
class BenchNodeclassCommandTest {
    @TempDir
    Path tmp;

    @Test
    void gridWritesJsonCsvAndChart() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("results");
        CliRun r = CliRun.of("bench", "nodeclass", "--datasets", toy.toString(), "--models", "mlp,gcn", "--seeds", "2",
                "--epochs", "4", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("toy +public +mlp +accuracy +2 .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("toy +public +gcn +accuracy +2 .*")), r.out());
        JsonNode j = new ObjectMapper().readTree(Files.readString(out.resolve("results.json")));
        assertEquals(2, j.get("results").size());
        assertEquals(2, j.at("/results/1/runs").size());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("dataset,split,model,metric,seeds,runs,test_mean,test_std"), csv.get(0));
        assertTrue(csv.get(2).startsWith("toy,public,gcn,accuracy,2,2,"), csv.get(2));
        byte[] png = Files.readAllBytes(out.resolve("results.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals('N', png[2]);
        assertEquals('G', png[3]);
    }

    @Test
    void jsonOnStdoutHasOneObjectPerExperiment() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("bench", "nodeclass", "--datasets", toy.toString(), "--models", "sage", "--seeds", "1",
                "--epochs", "2", "--out", tmp.resolve("o").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("sage", j.at("/results/0/model").asText());
        assertEquals(1, j.at("/results/0/seeds").asInt());
    }

    @Test
    void unknownModelFailsBeforeAnyTraining() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun r = CliRun.of("bench", "nodeclass", "--datasets", toy.toString(), "--models", "gcn,nope",
                "--out", tmp.resolve("o").toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals("error: --models: unknown model 'nope' (known: mlp, gcn, sage, gat, geco, gqt)", r.errLines().get(0));
        assertTrue(Files.notExists(tmp.resolve("o")));
    }
}
