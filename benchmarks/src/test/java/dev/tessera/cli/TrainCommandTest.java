package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.djl.EngineThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera train} on the six-node toy dataset: JSON fields, per-run output, user errors. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private Path toy() throws Exception {
        return ToyDataset.write(tmp.resolve("toy"));
    }

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        Path toy = toy();
        CliRun r = CliRun.of("train", "--model", "gcn", "--dataset", toy.toString(), "--seeds", "2", "--epochs", "5",
                "--hidden", "8", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"dataset", "split", "model", "metric", "test_mean", "test_std", "val_mean",
            "val_std", "seeds", "epoch_ms_mean", "total_s", "config"}) {
            assertTrue(j.has(f), f + " missing in " + r.out());
        }
        assertEquals("public", j.get("split").asText());
        assertEquals("gcn", j.get("model").asText());
        assertEquals("accuracy", j.get("metric").asText());
        assertEquals(2, j.get("seeds").asInt());
        double test = j.get("test_mean").asDouble();
        assertTrue(test >= 0 && test <= 1, r.out());
        assertEquals(8, j.at("/config/model/hidden").asInt());
        assertEquals(5, j.at("/config/training/epochs").asInt());
        assertEquals("[0,1]", j.at("/config/seed_values").toString());
        assertEquals("[\"public\"]", j.at("/config/splits").toString());
        assertEquals(EngineThreads.setting(), j.at("/config/environment/engine_threads").asText());
    }

    @Test
    void sameSeedSameNumbers() throws Exception {
        Path toy = toy();
        String[] args = {"train", "--model", "sage", "--dataset", toy.toString(), "--seeds", "1", "--epochs", "8",
            "--json"};
        JsonNode a = new ObjectMapper().readTree(CliRun.of(args).out());
        JsonNode b = new ObjectMapper().readTree(CliRun.of(args).out());
        assertEquals(a.get("val_mean"), b.get("val_mean"));
        assertEquals(a.get("test_mean"), b.get("test_mean"));
    }

    @Test
    void outFileListsEveryRun() throws Exception {
        Path toy = toy();
        Path out = tmp.resolve("run.json");
        CliRun r = CliRun.of("train", "--model", "mlp", "--dataset", toy.toString(), "--seeds", "3", "--epochs", "3",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(Files.readString(out));
        assertEquals(3, j.get("runs").size());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("toy +public +mlp +accuracy +3 .*")), r.out());
    }

    @Test
    void userErrorsAreOneLineNamingTheOption() throws Exception {
        Path toy = toy();
        CliRun unknownModel = CliRun.of("train", "--model", "gpt", "--dataset", toy.toString());
        assertEquals(Tessera.USER_ERROR, unknownModel.exit());
        assertEquals("error: --model: unknown model 'gpt' (known: mlp, gcn, sage, gat, geco, gqt)",
                unknownModel.errLines().get(0));
        CliRun badSplit = CliRun.of("train", "--model", "gcn", "--dataset", toy.toString(), "--split", "fold9");
        assertEquals(Tessera.USER_ERROR, badSplit.exit());
        assertTrue(badSplit.errLines().get(badSplit.errLines().size() - 1)
                .startsWith("error: --split: toy has no split 'fold9'"), badSplit.err());
        CliRun badDropout = CliRun.of("train", "--model", "gcn", "--dataset", toy.toString(), "--dropout", "1.5");
        assertEquals(Tessera.USER_ERROR, badDropout.exit());
        assertEquals("error: --dropout: expected a probability in [0, 1), got 1.5", badDropout.errLines().get(0));
        CliRun resume = CliRun.of("train", "--model", "gcn", "--dataset", toy.toString(), "--resume");
        assertEquals(Tessera.USER_ERROR, resume.exit());
        assertTrue(resume.errLines().get(0).startsWith("error: --resume: needs --checkpoint-dir"), resume.err());
    }

    @Test
    void resumedRunReportsTheSameResult() throws Exception {
        Path toy = toy();
        Path ckpt = tmp.resolve("ckpt");
        String[] args = {"train", "--model", "gcn", "--dataset", toy.toString(), "--seeds", "1", "--epochs", "12",
            "--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "4", "--json"};
        JsonNode first = new ObjectMapper().readTree(CliRun.of(args).out());
        assertTrue(Files.isRegularFile(ckpt.resolve("public/seed-0/checkpoint.safetensors")));
        String[] resumed = java.util.Arrays.copyOf(args, args.length + 1);
        resumed[args.length] = "--resume";
        JsonNode again = new ObjectMapper().readTree(CliRun.of(resumed).out());
        assertEquals(first.get("test_mean"), again.get("test_mean"));
        assertEquals(first.get("val_mean"), again.get("val_mean"));
    }

    @Test
    void fanoutsTrainOnSampledMiniBatches() throws Exception {
        Path toy = toy();
        CliRun r = CliRun.of("train", "--model", "sage", "--dataset", toy.toString(), "--seeds", "1", "--epochs", "3",
                "--fanouts", "2,2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("[2,2]", j.at("/config/model/fanouts").toString());
        assertEquals(1024, j.at("/config/training/batch_size").asInt());
        CliRun bad = CliRun.of("train", "--model", "sage", "--dataset", toy.toString(), "--fanouts", "0");
        assertEquals(Tessera.USER_ERROR, bad.exit());
        assertTrue(bad.errLines().get(0).startsWith("error: --fanouts:"), bad.err());
    }
}
