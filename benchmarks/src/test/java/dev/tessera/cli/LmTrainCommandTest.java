package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.cli.output.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera lm train} and {@code lm evaluate} on the six-node toy dataset with the from-scratch model. */
class LmTrainCommandTest {
    @Test
    void trainsSavesAndEvaluates(@TempDir Path tmp) throws Exception {
        Path data = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("runs");
        CliRun r = CliRun.of("lm", "train", "--dataset", data.toString(), "--model", "scratch", "--seeds", "1",
                "--epochs", "2", "--topk-ppr", "1", "--candidates", "2", "--max-input-tokens", "64", "--no-cache",
                "--json", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertEquals("scratch", o.get("model").asText());
        assertEquals("accuracy", o.get("metric").asText());
        assertEquals(1, o.get("num_runs").asInt());
        double test = o.get("test_mean").asDouble();
        assertTrue(test >= 0 && test <= 1, r.out());
        assertTrue(o.has("gnn_test_mean"), r.out());
        for (String phase : new String[] {"pruning_gnn", "scratch_model", "training_prompts", "fine_tune", "predict"}) {
            assertTrue(o.at("/phase_s/" + phase).isNumber(), phase + " in " + r.out());
        }
        assertEquals(1.0, o.get("candidate_recall").asDouble(), 0, "two classes, two candidates");
        assertEquals(1, o.at("/config/pipeline/topk_ppr").asInt());
        assertEquals(2, o.at("/config/pipeline/fine_tuning/epochs").asInt());
        assertEquals(dev.tessera.lm.classify.LmClassifierSettings.DEFAULT_TRAIN_PROMPTS_PER_EPOCH,
                o.at("/config/pipeline/fine_tuning/prompts_per_epoch").asInt());
        JsonNode saved = Json.MAPPER.readTree(out.resolve("results.json").toFile());
        assertEquals(2, saved.at("/runs/0/epoch_losses").size());
        Path model = out.resolve("seed-0");
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        assertEquals(0, Json.MAPPER.readTree(model.resolve(LmTrainCommand.RECORD).toFile()).get("seed").asInt());

        CliRun e = CliRun.of("lm", "evaluate", "--dataset", data.toString(), "--model", model.toString(), "--no-cache",
                "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode eo = Json.MAPPER.readTree(e.out());
        assertEquals(test, eo.get("test_mean").asDouble(), 0, "the recorded settings and seed reproduce the run");
        assertEquals(1, eo.at("/config/pipeline/topk_ppr").asInt());

        // a sample smaller than the toy's training set: shorter epochs, recorded in the configuration
        CliRun sampled = CliRun.of("lm", "train", "--dataset", data.toString(), "--model", "scratch", "--seeds", "1",
                "--epochs", "1", "--topk-ppr", "1", "--candidates", "2", "--max-input-tokens", "64", "--no-cache",
                "--train-prompts-per-epoch", "1", "--json");
        assertEquals(0, sampled.exit(), sampled.err());
        assertEquals(1, Json.MAPPER.readTree(sampled.out()).at("/config/pipeline/fine_tuning/prompts_per_epoch").asInt());
        CliRun all = CliRun.of("lm", "train", "--dataset", data.toString(), "--model", "scratch", "--seeds", "1",
                "--epochs", "1", "--topk-ppr", "1", "--candidates", "2", "--max-input-tokens", "64", "--no-cache",
                "--train-prompts-per-epoch", "all", "--json");
        assertEquals(0, all.exit(), all.err());
        assertTrue(Json.MAPPER.readTree(all.out()).at("/config/pipeline/fine_tuning/prompts_per_epoch").isNull());

        CliRun table = CliRun.of("lm", "evaluate", "--dataset", data.toString(), "--model", model.toString(),
                "--no-cache");
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().contains("gnn test"), table.out());
    }

    @Test
    void badFlagsAndFilesAreOneLineErrors(@TempDir Path tmp) throws Exception {
        Path data = ToyDataset.write(tmp.resolve("toy"));
        String ds = data.toString();
        CliRun r = CliRun.of("lm", "train", "--dataset", ds, "--model", tmp.resolve("nope").toString(), "--no-cache");
        assertNotEquals(0, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--model"), r.err());

        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--topk-ppr", "-1", "--no-cache");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--topk-ppr"), r.err());

        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--candidates", "0", "--no-cache");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--candidates"), r.err());

        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--lr", "-1", "--no-cache");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--lr"), r.err());

        for (String bad : new String[] {"0", "-3", "some", "1.5"}) {
            r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--train-prompts-per-epoch", bad,
                    "--no-cache");
            assertNotEquals(0, r.exit());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains("--train-prompts-per-epoch"), r.err());
        }

        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--conv", "gat", "--no-cache");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--conv"), r.err());

        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--split", "fold9", "--no-cache");
        assertNotEquals(0, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("fold9"), r.err());

        Path missing = tmp.resolve("missing-template.txt");
        r = CliRun.of("lm", "train", "--dataset", ds, "--model", "scratch", "--template", missing.toString(),
                "--no-cache");
        assertNotEquals(0, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("missing-template.txt"), r.err());

        r = CliRun.of("lm", "evaluate", "--dataset", ds, "--model", "scratch", "--no-cache");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("--model"), r.err());

        r = CliRun.of("lm", "train", "--dataset", ds);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--model"), r.err());
    }
}
