package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.djl.EngineThreads;
import dev.tessera.gqt.export.TokenExport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera tokenize} on the six-node toy dataset: files, JSON fields, determinism, user errors. */
class TokenizeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheFilesAndTheJsonKeys() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("tokens");
        CliRun r = CliRun.of("tokenize", "--dataset", toy.toString(), "--levels", "2", "--codebook", "2", "--dim", "8",
                "--epochs", "3", "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"tokens.safetensors", "tokens.npy", "tokenizer.json", "tokenizer.safetensors"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"nodes", "levels", "codebook_size", "usage", "perplexity", "bytes_tokens",
            "bytes_features", "compression", "seconds"}) {
            assertTrue(j.has(f), f + " missing in " + r.out());
        }
        assertEquals(6, j.get("nodes").asInt());
        assertEquals(2, j.get("levels").asInt());
        assertEquals(2, j.get("usage").size());
        // 6 nodes × 2 levels × 1 bit = 12 bits = 2 bytes; features 6 × 3 × 4 bytes
        assertEquals(2, j.get("bytes_tokens").asLong());
        assertEquals(72, j.get("bytes_features").asLong());
        assertEquals(36.0, j.get("compression").asDouble(), 1e-9);
        var loaded = TokenExport.read(out.resolve("tokens.safetensors")).tokens();
        assertEquals(6, loaded.nodes());
        assertEquals(2, loaded.levels());
        JsonNode report = new ObjectMapper().readTree(out.resolve("tokenizer.json").toFile());
        assertEquals("gat", report.at("/config/conv").asText());
        assertEquals(3, report.get("epochs").asInt());
        assertTrue(report.get("seconds_per_epoch").asDouble() > 0);
        // the thread count changes the tokens (EngineThreads), so the report records it
        assertEquals(EngineThreads.setting(), report.at("/environment/engine_threads").asText());
        assertTrue(report.at("/environment/cpus").asInt() > 0);
    }

    @Test
    void trainingOptionsReachTheConfiguration() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path out = tmp.resolve("w");
        CliRun r = CliRun.of("tokenize", "--dataset", toy.toString(), "--codebook", "2", "--dim", "8", "--epochs", "2",
                "--dgi-weight", "0", "--bgrl-weight", "0.5", "--mae-weight", "2", "--remask-rounds", "1",
                "--dropout", "0.1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("tokenizer.json").toFile());
        assertEquals(0.0, report.at("/config/dgi_weight").asDouble());
        assertEquals(0.5, report.at("/config/bgrl_weight").asDouble());
        assertEquals(2.0, report.at("/config/mae_weight").asDouble());
        assertEquals(1, report.at("/config/remask_rounds").asInt());
        assertEquals(0.1, report.at("/config/dropout").asDouble(), 1e-6);
    }

    @Test
    void sameSeedSameTokens() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        byte[][] files = new byte[2][];
        for (int run = 0; run < 2; run++) {
            Path out = tmp.resolve("t" + run);
            CliRun r = CliRun.of("tokenize", "--dataset", toy.toString(), "--codebook", "2", "--dim", "8", "--epochs",
                    "3", "--conv", "sage", "--seed", "5", "--out", out.toString());
            assertEquals(0, r.exit(), r.err());
            files[run] = Files.readAllBytes(out.resolve("tokens.npy"));
        }
        assertTrue(java.util.Arrays.equals(files[0], files[1]));
    }

    @Test
    void badOptionsAreOneLineErrors() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        CliRun conv = CliRun.of("tokenize", "--dataset", toy.toString(), "--conv", "mlp2", "--out",
                tmp.resolve("x").toString());
        assertEquals(Tessera.USER_ERROR, conv.exit());
        assertEquals("error: --conv: unknown layer 'mlp2' (expected gcn, sage, gat)", conv.errLines().get(0));
        CliRun levels = CliRun.of("tokenize", "--dataset", toy.toString(), "--levels", "0", "--out",
                tmp.resolve("x").toString());
        assertEquals(Tessera.USER_ERROR, levels.exit());
        assertTrue(levels.errLines().get(0).startsWith("error: --levels:"), levels.err());
        CliRun codebook = CliRun.of("tokenize", "--dataset", toy.toString(), "--codebook", "64", "--out",
                tmp.resolve("x").toString());
        assertEquals(Tessera.USER_ERROR, codebook.exit());
        assertTrue(codebook.errLines().get(codebook.errLines().size() - 1).startsWith("error: --codebook:"),
                codebook.err());
        CliRun dropout = CliRun.of("tokenize", "--dataset", toy.toString(), "--dropout", "1", "--out",
                tmp.resolve("x").toString());
        assertEquals(Tessera.USER_ERROR, dropout.exit());
        assertTrue(dropout.errLines().get(0).startsWith("error: --dropout:"), dropout.err());
        assertTrue(Files.notExists(tmp.resolve("x")));
    }
}
