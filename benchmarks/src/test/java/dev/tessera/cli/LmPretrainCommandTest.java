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

/** {@code tessera lm pretrain} on the six-node toy dataset, then {@code lm train} from its checkpoint. */
class LmPretrainCommandTest {
    @Test
    void pretrainsACheckpointThatLmTrainFineTunes(@TempDir Path tmp) throws Exception {
        Path data = ToyDataset.write(tmp.resolve("toy"));
        Path ckpt = tmp.resolve("t5");
        CliRun r = CliRun.of("lm", "pretrain", "--dataset", data.toString(), "--out", ckpt.toString(), "--epochs", "3",
                "--batch-size", "2", "--max-input-tokens", "64", "--no-cache", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertEquals(3, o.get("epoch_losses").size());
        assertEquals(6, o.get("texts").asInt());
        assertEquals(3 * 3, o.get("steps").asInt(), "6 texts in batches of 2, 3 epochs");
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json"}) {
            assertTrue(Files.isRegularFile(ckpt.resolve(f)), f);
        }
        assertTrue(Files.readString(ckpt.resolve("tokenizer.json")).contains("<extra_id_99>"));

        CliRun t = CliRun.of("lm", "train", "--dataset", data.toString(), "--model", ckpt.toString(), "--seeds", "1",
                "--epochs", "2", "--topk-ppr", "1", "--candidates", "2", "--max-input-tokens", "64", "--select-epoch",
                "--augment", "--no-cache", "--json");
        assertEquals(0, t.exit(), t.err());
        JsonNode to = Json.MAPPER.readTree(t.out());
        assertTrue(to.at("/config/pipeline/select_epoch").asBoolean(), t.out());
        assertTrue(to.at("/config/pipeline/augment").asBoolean(), t.out());
    }

    @Test
    void badOptionsAreOneLineErrors(@TempDir Path tmp) throws Exception {
        Path data = ToyDataset.write(tmp.resolve("toy"));
        String ds = data.toString();
        String out = tmp.resolve("t5").toString();
        for (String[] bad : new String[][] {{"--epochs", "0"}, {"--lr", "-1"}, {"--batch-size", "0"},
            {"--max-input-tokens", "2"}}) {
            CliRun r = CliRun.of("lm", "pretrain", "--dataset", ds, "--out", out, bad[0], bad[1], "--no-cache");
            assertNotEquals(0, r.exit());
            assertEquals(1, r.errLines().size(), r.err());
            assertTrue(r.err().contains(bad[0]), r.err());
        }
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun r = CliRun.of("lm", "pretrain", "--dataset", ds, "--out", file.toString(), "--no-cache");
        assertNotEquals(0, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("--out"), r.err());
    }
}
