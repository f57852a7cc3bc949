package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.gqt.export.TokenExport;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.graph.GraphDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera train --model gqt --tokens DIR} on the six-node toy dataset with tokens written by TokenExport. */
class TrainGqtCommandTest {
    @TempDir
    Path tmp;

    /** Two levels of three codes in 4 dimensions; each node's quantized vector is the sum of its codewords. */
    private static TokenSet tokens() {
        int n = 6;
        int k = 2;
        int c = 3;
        int d = 4;
        float[] books = new float[k * c * d];
        for (int i = 0; i < books.length; i++) {
            books[i] = (float) Math.sin(i + 1);
        }
        int[] t = new int[n * k];
        float[] q = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                t[i * k + l] = (i + l) % c;
                for (int j = 0; j < d; j++) {
                    q[i * d + j] += books[(l * c + t[i * k + l]) * d + j];
                }
            }
        }
        return new TokenSet(t, books, q, n, k, c, d);
    }

    @Test
    void trainsOnTokensAndReportsTheSameJsonAsTheOtherModels() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        GraphDataset ds = DatasetLoader.builder().optDataDir(tmp.resolve("data")).build().load(toy.toString());
        Path tokens = tmp.resolve("tokens");
        TokenExport.write(tokens, tokens(), TokenExport.fingerprint(ds), "{}");
        CliRun r = CliRun.of("train", "--model", "gqt", "--dataset", toy.toString(), "--tokens", tokens.toString(),
                "--seeds", "2", "--epochs", "3", "--hidden", "8", "--heads", "2", "--layers", "1", "--ppr-neighbors",
                "3", "--no-ppr-gating", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String f : new String[] {"dataset", "split", "model", "metric", "test_mean", "test_std", "val_mean",
            "val_std", "seeds", "epoch_ms_mean", "total_s", "config"}) {
            assertTrue(j.has(f), f + " missing in " + r.out());
        }
        assertEquals("gqt", j.get("model").asText());
        double test = j.get("test_mean").asDouble();
        assertTrue(test >= 0 && test <= 1, r.out());
        assertEquals(8, j.at("/config/model/dim").asInt());
        assertEquals(4, j.at("/config/model/sequence_length").asInt());
        assertEquals(2, j.at("/config/model/levels").asInt());
        assertEquals(3, j.at("/config/model/codebook_size").asInt());
        assertEquals(false, j.at("/config/model/ppr_gating").asBoolean());
        assertEquals(true, j.at("/config/model/level_encoding").asBoolean());
        assertEquals(3, j.at("/config/training/epochs").asInt());
        assertEquals("adamw", j.at("/config/training/optimizer").asText(), "the model's training defaults");
        assertEquals(false, j.at("/config/training/eval_train").asBoolean(), "epochs skip the training nodes");
    }

    @Test
    void tokensOfAnotherGraphAreAOneLineError() throws Exception {
        Path toy = ToyDataset.write(tmp.resolve("toy"));
        Path tokens = tmp.resolve("tokens");
        TokenExport.write(tokens, tokens(), "cora:nodes=6:edges=7:features=3", "{}");
        CliRun r = CliRun.of("train", "--model", "gqt", "--dataset", toy.toString(), "--tokens", tokens.toString(),
                "--seeds", "1", "--epochs", "1");
        assertEquals(Tessera.USER_ERROR, r.exit());
        String line = r.errLines().get(r.errLines().size() - 1);
        assertTrue(line.startsWith("error: --tokens: ") && line.contains("was made for dataset 'cora:"), r.err());
        CliRun missing = CliRun.of("train", "--model", "gqt", "--dataset", toy.toString(), "--tokens",
                tmp.resolve("none").toString(), "--seeds", "1", "--epochs", "1");
        assertEquals(Tessera.USER_ERROR, missing.exit());
        assertTrue(missing.errLines().get(missing.errLines().size() - 1).startsWith("error: --tokens: no "),
                missing.err());
        CliRun other = CliRun.of("train", "--model", "gcn", "--dataset", toy.toString(), "--tokens", tokens.toString());
        assertEquals(Tessera.USER_ERROR, other.exit());
        assertTrue(other.errLines().get(0).contains("apply to gqt only"), other.err());
    }
}
