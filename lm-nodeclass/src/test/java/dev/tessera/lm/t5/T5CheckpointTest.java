package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.io.safetensors.SafetensorsDtype;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.io.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class T5CheckpointTest {
    @TempDir
    Path dir;

    private final T5Config config = T5TestModels.tiny(10);

    @Test
    void expectedKeysMatchTheFixtureCounts() {
        // flan-style: 2/2 blocks, gated, untied → 52 tensors; t5-classic: relu, tied → 47; odd dims: 3/2 → 61
        T5Config flan = T5Config.builder().setVocabSize(512).optDModel(64).optDKv(16).optNumHeads(4).optDFf(128)
                .optNumLayers(2).optFeedForward(T5Config.FeedForward.GATED_GELU).optTieWordEmbeddings(false).build();
        assertEquals(52, T5Checkpoint.expectedShapes(flan).size());
        T5Config classic = T5Config.builder().setVocabSize(512).optDModel(64).optDKv(16).optNumHeads(4).optDFf(128)
                .optNumLayers(2).build();
        assertEquals(47, T5Checkpoint.expectedShapes(classic).size());
        T5Config odd = T5Config.builder().setVocabSize(512).optDModel(64).optDKv(8).optNumHeads(6).optDFf(96)
                .optNumLayers(3).optNumDecoderLayers(2).optFeedForward(T5Config.FeedForward.GATED_GELU)
                .optTieWordEmbeddings(false).build();
        assertEquals(61, T5Checkpoint.expectedShapes(odd).size());
        assertArrayEquals(new long[] {48, 64}, T5Checkpoint.expectedShapes(odd)
                .get("encoder.block.2.layer.0.SelfAttention.q.weight"));
        assertArrayEquals(new long[] {64, 48}, T5Checkpoint.expectedShapes(odd)
                .get("decoder.block.1.layer.1.EncDecAttention.o.weight"));
    }

    @Test
    void readsValuesAndAcceptsStoredAliases() {
        Map<String, float[]> v = T5TestModels.values(config, 1);
        Map<String, float[]> withAliases = new LinkedHashMap<>(v);
        withAliases.put("encoder.embed_tokens.weight", v.get(T5Checkpoint.SHARED));
        withAliases.put("decoder.embed_tokens.weight", v.get(T5Checkpoint.SHARED));
        T5TestModels.write(dir, config, withAliases);
        T5Checkpoint ck = T5Checkpoint.read(dir, config);
        assertEquals(v.keySet(), ck.tensors().keySet());
        for (String k : v.keySet()) {
            assertArrayEquals(v.get(k), ck.tensors().get(k).data(), k);
        }
    }

    @Test
    void readsShardedCheckpoints() throws Exception {
        Map<String, float[]> v = T5TestModels.values(config, 2);
        Map<String, long[]> shapes = T5Checkpoint.expectedShapes(config);
        SafetensorsWriter a = new SafetensorsWriter();
        SafetensorsWriter b = new SafetensorsWriter();
        Map<String, Object> weightMap = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, float[]> e : v.entrySet()) {
            boolean first = i++ % 2 == 0;
            (first ? a : b).addFloat32(e.getKey(), e.getValue(), shapes.get(e.getKey()));
            weightMap.put(e.getKey(), first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        a.write(dir.resolve("model-00001-of-00002.safetensors"));
        b.write(dir.resolve("model-00002-of-00002.safetensors"));
        T5TestModels.writeJson(dir.resolve(T5Checkpoint.INDEX_FILE), Map.of("metadata", Map.of(), "weight_map", weightMap));
        T5Checkpoint ck = T5Checkpoint.read(dir, config);
        for (String k : v.keySet()) {
            assertArrayEquals(v.get(k), ck.tensors().get(k).data(), k);
        }
        weightMap.put("encoder.final_layer_norm.weight", "model-00001-of-00002.safetensors".equals(
                weightMap.get("encoder.final_layer_norm.weight")) ? "model-00002-of-00002.safetensors"
                        : "model-00001-of-00002.safetensors");
        T5TestModels.writeJson(dir.resolve(T5Checkpoint.INDEX_FILE), Map.of("weight_map", weightMap));
        assertFails("has no tensor 'encoder.final_layer_norm.weight'");
    }

    @Test
    void widensF16AndBf16Exactly() {
        Map<String, float[]> v = T5TestModels.values(config, 3);
        Map<String, long[]> shapes = T5Checkpoint.expectedShapes(config);
        SafetensorsWriter w = new SafetensorsWriter();
        int i = 0;
        for (Map.Entry<String, float[]> e : v.entrySet()) {
            float[] x = e.getValue();
            SafetensorsDtype dt = i++ % 2 == 0 ? SafetensorsDtype.F16 : SafetensorsDtype.BF16;
            ByteBuffer buf = ByteBuffer.allocate(2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : x) {
                buf.putShort(dt == SafetensorsDtype.F16 ? Float.floatToFloat16(f)
                        : (short) (Float.floatToRawIntBits(f) >>> 16));
            }
            buf.flip();
            w.add(new SafetensorsTensor(e.getKey(), dt, shapes.get(e.getKey()), buf));
        }
        T5TestModels.writeJson(dir.resolve("config.json"), T5TestModels.json(config));
        w.write(dir.resolve(T5Checkpoint.MODEL_FILE));
        T5Checkpoint ck = T5Checkpoint.read(dir, config);
        for (String k : v.keySet()) {
            assertArrayEquals(v.get(k), ck.tensors().get(k).data(), k);
        }
    }

    @Test
    void unknownMissingAndMisshapenKeysFail() {
        Map<String, float[]> v = new LinkedHashMap<>(T5TestModels.values(config, 4));
        v.put("encoder.block.7.layer.0.layer_norm.weight", new float[12]);
        T5TestModels.write(dir, config, v);
        assertFails("unknown tensor(s) for a T5 with this config.json, e.g. 'encoder.block.7.layer.0.layer_norm.weight'");

        v = new LinkedHashMap<>(T5TestModels.values(config, 4));
        v.remove(T5Checkpoint.LM_HEAD);
        T5TestModels.write(dir, config, v);
        assertFails("missing for a T5 with this config.json, e.g. 'lm_head.weight'");

        v = new LinkedHashMap<>(T5TestModels.values(config, 4));
        T5TestModels.write(dir, config, v);
        Map<String, long[]> shapes = T5Checkpoint.expectedShapes(config);
        SafetensorsWriter w = new SafetensorsWriter();
        v.forEach((k, x) -> {
            if (k.equals("decoder.block.1.layer.1.EncDecAttention.o.weight")) {
                w.addFloat32(k, x, 8, 12); // transposed
            } else {
                w.addFloat32(k, x, shapes.get(k));
            }
        });
        w.write(dir.resolve(T5Checkpoint.MODEL_FILE));
        assertFails("'decoder.block.1.layer.1.EncDecAttention.o.weight' has shape [8, 12], config.json implies [12, 8]");

        T5TestModels.write(dir, config, T5TestModels.values(config, 4));
        T5Config tied = T5Config.builder().setVocabSize(10).optDModel(12).optDKv(4).optNumHeads(2).optDFf(16)
                .optNumLayers(1).optNumDecoderLayers(2).optFeedForward(T5Config.FeedForward.GATED_GELU).build();
        // a tied config accepts a stored lm_head as an alias of shared.weight
        assertEquals(T5Checkpoint.expectedShapes(tied).keySet(), T5Checkpoint.read(dir, tied).tensors().keySet());
    }

    @Test
    void missingCheckpointFileIsAUserError() throws Exception {
        Files.deleteIfExists(dir.resolve(T5Checkpoint.MODEL_FILE));
        assertFails("no model.safetensors or model.safetensors.index.json");
    }

    private void assertFails(String part) {
        TesseraException e = assertThrows(TesseraException.class, () -> T5Checkpoint.read(dir, config));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
