package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class T5ConfigTest {
    @TempDir
    Path dir;

    @Test
    void toJsonReadsBackEqual() throws IOException {
        for (T5Config c : new T5Config[] {
            T5Config.builder().setVocabSize(50).optDModel(16).optDKv(4).optNumHeads(3).optDFf(20).optNumLayers(2)
                    .optNumDecoderLayers(1).optLayerNormEpsilon(1e-5).optRelativeAttention(8, 20)
                    .optTokenIds(3, 4, 5).build(),
            T5Config.builder().setVocabSize(7).optFeedForward(T5Config.FeedForward.GATED_GELU)
                    .optTieWordEmbeddings(false).build()}) {
            Path f = dir.resolve("config.json");
            Files.writeString(f, c.toJson());
            assertEquals(c, T5Config.fromJson(f));
        }
    }

    @Test
    void readsTheFixtureConfigs() {
        T5Config flan = T5Config.fromJson(SharedData.require("fixtures/t5/flan-style/config.json"));
        assertEquals(T5Config.FeedForward.GATED_GELU, flan.feedForward());
        assertFalse(flan.tieWordEmbeddings());
        assertEquals(64, flan.innerDim());
        T5Config classic = T5Config.fromJson(SharedData.require("fixtures/t5/t5-classic/config.json"));
        assertEquals(T5Config.FeedForward.RELU, classic.feedForward());
        assertTrue(classic.tieWordEmbeddings(), "tie_word_embeddings absent means true");
        T5Config odd = T5Config.fromJson(SharedData.require("fixtures/t5/flan-odd-dims/config.json"));
        assertEquals(48, odd.innerDim());
        assertEquals(64, odd.dModel());
        assertEquals(3, odd.numLayers());
        assertEquals(2, odd.numDecoderLayers());
        assertEquals(96, odd.dFf());
        assertEquals(1e-6, odd.layerNormEpsilon());
    }

    @Test
    void absentKeysTakeHfDefaults() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"vocab_size\": 100, \"num_layers\": 3, \"layer_norm_epsilon\": 1e-5}");
        T5Config c = T5Config.fromJson(f);
        assertEquals(3, c.numDecoderLayers(), "num_decoder_layers defaults to num_layers");
        assertTrue(c.tieWordEmbeddings());
        assertEquals(T5Config.FeedForward.RELU, c.feedForward());
        assertEquals(1e-5, c.layerNormEpsilon());
        assertEquals(512, c.dModel());
    }

    @Test
    void malformedConfigsGiveOneLineErrorsNamingTheFile() throws IOException {
        Path f = dir.resolve("config.json");
        assertMessage(f, "no such file");
        Files.writeString(f, "{not json");
        assertMessage(f, "not JSON");
        Files.writeString(f, "{\"d_model\": 8}");
        assertMessage(f, "missing vocab_size");
        Files.writeString(f, "{\"vocab_size\": 10, \"feed_forward_proj\": \"gated-silu\"}");
        assertMessage(f, "feed_forward_proj \"gated-silu\" is not supported");
        Files.writeString(f, "{\"vocab_size\": 10, \"num_heads\": 2.5}");
        assertMessage(f, "num_heads is 2.5");
        Files.writeString(f, "{\"vocab_size\": 10, \"tie_word_embeddings\": \"no\"}");
        assertMessage(f, "tie_word_embeddings");
        Files.writeString(f, "{\"vocab_size\": 10, \"eos_token_id\": 10}");
        assertMessage(f, "token ids");
    }

    private static void assertMessage(Path f, String part) {
        TesseraException e = assertThrows(TesseraException.class, () -> T5Config.fromJson(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void builderDefaultsDecoderLayersToEncoderLayers() {
        T5Config c = T5Config.builder().setVocabSize(10).optNumLayers(4).build();
        assertEquals(4, c.numDecoderLayers());
        assertThrows(IllegalArgumentException.class, () -> T5Config.builder().build());
    }
}
