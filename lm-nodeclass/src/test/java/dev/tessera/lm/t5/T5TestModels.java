package dev.tessera.lm.t5;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.io.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Tiny T5 configs and checkpoints written to a temporary directory. */
final class T5TestModels {
    private T5TestModels() {
    }

    /** @return a tiny gated-gelu, untied config with inner width 8 ≠ d = 12 and 1 encoder / 2 decoder blocks */
    static T5Config tiny(int vocab) {
        return T5Config.builder().setVocabSize(vocab).optDModel(12).optDKv(4).optNumHeads(2).optDFf(16)
                .optNumLayers(1).optNumDecoderLayers(2).optFeedForward(T5Config.FeedForward.GATED_GELU)
                .optTieWordEmbeddings(false).build();
    }

    /** @return the HF config.json keys of a config */
    static Map<String, Object> json(T5Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocab_size", c.vocabSize());
        m.put("d_model", c.dModel());
        m.put("d_kv", c.dKv());
        m.put("num_heads", c.numHeads());
        m.put("d_ff", c.dFf());
        m.put("num_layers", c.numLayers());
        m.put("num_decoder_layers", c.numDecoderLayers());
        m.put("feed_forward_proj", c.feedForward().hfName());
        m.put("tie_word_embeddings", c.tieWordEmbeddings());
        return m;
    }

    static void writeJson(Path file, Map<String, Object> m) {
        try {
            Files.writeString(file, new ObjectMapper().writeValueAsString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return deterministic values for every expected tensor of the config */
    static Map<String, float[]> values(T5Config c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : T5Checkpoint.expectedShapes(c).entrySet()) {
            float[] v = new float[(int) SafetensorsTensor.numel(e.getValue())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (Math.round(r.nextGaussian() * 64) / 128.0); // exact in F16 and BF16
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** Writes config.json and model.safetensors; returns the directory. */
    static Path write(Path dir, T5Config c, Map<String, float[]> values) {
        writeJson(dir.resolve("config.json"), json(c));
        SafetensorsWriter w = new SafetensorsWriter();
        Map<String, long[]> shapes = T5Checkpoint.expectedShapes(c);
        // stored aliases (encoder/decoder embed_tokens, a tied lm_head) have the shared embedding's shape
        long[] emb = shapes.get(T5Checkpoint.SHARED);
        values.forEach((name, v) -> w.addFloat32(name, v, shapes.containsKey(name) ? shapes.get(name)
                : v.length == emb[0] * emb[1] ? emb : new long[] {v.length}));
        w.write(dir.resolve(T5Checkpoint.MODEL_FILE));
        return dir;
    }
}
