package dev.tessera.lm.t5;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weights of a Hugging Face {@code T5ForConditionalGeneration} checkpoint, read from {@code model.safetensors}
 * or from the shards named by {@code model.safetensors.index.json}, checked against the names and shapes that a
 * {@link T5Config} implies, and converted to float32 (F16 and BF16 are widened exactly). Plain Java.
 *
 * <p>Tied aliases are resolved as in HF: {@code encoder.embed_tokens.weight}, {@code decoder.embed_tokens.weight}
 * and, when the embeddings are tied, {@code lm_head.weight} are the same tensor as {@code shared.weight}; files
 * that store them anyway are accepted (their shape is checked, their values are not used).
 */
public final class T5Checkpoint {
    /** The single-file checkpoint. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** The shared embedding [V, d]. */
    public static final String SHARED = "shared.weight";
    /** The untied LM head [V, d]. */
    public static final String LM_HEAD = "lm_head.weight";
    /** Keys HF itself ignores when loading (a position bias that old checkpoints stored in cross-attention). */
    private static final List<String> IGNORED = List.of(
            "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight");
    private static final List<String> ALIASES = List.of("encoder.embed_tokens.weight", "decoder.embed_tokens.weight");

    /**
     * One float32 tensor.
     *
     * @param shape dimensions
     * @param data row-major values
     */
    public record Tensor(long[] shape, float[] data) {
    }

    private final Map<String, Tensor> tensors;

    private T5Checkpoint(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** @return the parameters by HF name, aliases excluded (the LM head only when untied), in {@link #expectedShapes} order */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * The parameter names and shapes of a {@code T5ForConditionalGeneration} with this config, aliases excluded.
     *
     * @param c the config
     * @return name to shape, in model order
     */
    public static Map<String, long[]> expectedShapes(T5Config c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long d = c.dModel();
        long inner = c.innerDim();
        long ff = c.dFf();
        m.put(SHARED, new long[] {c.vocabSize(), d});
        for (String stack : List.of("encoder", "decoder")) {
            boolean dec = stack.equals("decoder");
            int layers = dec ? c.numDecoderLayers() : c.numLayers();
            for (int i = 0; i < layers; i++) {
                String p = stack + ".block." + i + ".layer.";
                attention(m, p + "0.SelfAttention.", d, inner);
                if (i == 0) {
                    m.put(p + "0.SelfAttention.relative_attention_bias.weight",
                            new long[] {c.relativeAttentionNumBuckets(), c.numHeads()});
                }
                m.put(p + "0.layer_norm.weight", new long[] {d});
                int f = 1;
                if (dec) {
                    attention(m, p + "1.EncDecAttention.", d, inner);
                    m.put(p + "1.layer_norm.weight", new long[] {d});
                    f = 2;
                }
                String q = p + f + ".DenseReluDense.";
                if (c.feedForward().gated()) {
                    m.put(q + "wi_0.weight", new long[] {ff, d});
                    m.put(q + "wi_1.weight", new long[] {ff, d});
                } else {
                    m.put(q + "wi.weight", new long[] {ff, d});
                }
                m.put(q + "wo.weight", new long[] {d, ff});
                m.put(p + f + ".layer_norm.weight", new long[] {d});
            }
            m.put(stack + ".final_layer_norm.weight", new long[] {d});
        }
        if (!c.tieWordEmbeddings()) {
            m.put(LM_HEAD, new long[] {c.vocabSize(), d});
        }
        return m;
    }

    private static void attention(Map<String, long[]> m, String p, long d, long inner) {
        m.put(p + "q.weight", new long[] {inner, d});
        m.put(p + "k.weight", new long[] {inner, d});
        m.put(p + "v.weight", new long[] {inner, d});
        m.put(p + "o.weight", new long[] {d, inner});
    }

    /**
     * Reads a checkpoint directory: {@value #MODEL_FILE}, else the shards of {@value #INDEX_FILE}.
     *
     * @param dir the directory
     * @param config its config
     * @return the checked float32 weights
     * @throws TesseraException when files are missing or malformed, a key is unknown or missing, a shape is wrong
     *     or a dtype is not F32, F16 or BF16
     */
    public static T5Checkpoint read(Path dir, T5Config config) {
        Map<String, SafetensorsTensor> raw = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        Path single = dir.resolve(MODEL_FILE);
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsReader r = SafetensorsReader.read(single);
            raw.putAll(r.tensors());
            r.tensors().keySet().forEach(k -> from.put(k, single));
        } else if (Files.isRegularFile(index)) {
            readSharded(index, raw, from);
        } else {
            throw TesseraException.at(dir, 0, "no " + MODEL_FILE + " or " + INDEX_FILE
                    + " (only safetensors checkpoints are supported)");
        }
        return check(raw, from, config, dir);
    }

    private static void readSharded(Path index, Map<String, SafetensorsTensor> raw, Map<String, Path> from) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(index));
        } catch (NoSuchFileException e) {
            throw TesseraException.at(index, 0, "no such file");
        } catch (JsonProcessingException e) {
            throw TesseraException.at(index, 0, "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw TesseraException.at(index, 0, "cannot read (" + e.getMessage() + ")");
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw TesseraException.at(index, 0, "no weight_map object");
        }
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")) {
                throw TesseraException.at(index, 0, "weight_map entry '" + e.getKey() + "' names no shard file in "
                        + "this directory: " + e.getValue());
            }
            byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(e.getKey());
        }
        for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
            Path shard = index.resolveSibling(e.getKey());
            SafetensorsReader r = SafetensorsReader.read(shard);
            for (String name : e.getValue()) {
                SafetensorsTensor t = r.tensors().get(name);
                if (t == null) {
                    throw TesseraException.at(shard, 0, "has no tensor '" + name + "' (" + index.getFileName()
                            + " places it there)");
                }
                raw.put(name, t);
                from.put(name, shard);
            }
        }
    }

    private static T5Checkpoint check(Map<String, SafetensorsTensor> raw, Map<String, Path> from, T5Config c,
            Path dir) {
        Map<String, long[]> want = expectedShapes(c);
        Map<String, long[]> accepted = new LinkedHashMap<>(want);
        long[] emb = want.get(SHARED);
        for (String a : ALIASES) {
            accepted.put(a, emb);
        }
        if (c.tieWordEmbeddings()) {
            accepted.put(LM_HEAD, emb);
        }
        TreeSet<String> unknown = new TreeSet<>();
        for (String name : raw.keySet()) {
            if (!accepted.containsKey(name) && !IGNORED.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw TesseraException.at(dir, 0, unknown.size() + " unknown tensor(s) for a T5 with this config.json, e.g. '"
                    + unknown.first() + "'" + (c.tieWordEmbeddings() || !unknown.contains(LM_HEAD) ? ""
                    : " (tie_word_embeddings is false but the file has no separate head?)"));
        }
        if (!raw.containsKey(SHARED)) {
            // Some exports keep only the encoder's copy of the shared embedding.
            for (String a : ALIASES) {
                if (raw.containsKey(a)) {
                    raw.put(SHARED, raw.get(a));
                    from.put(SHARED, from.get(a));
                    break;
                }
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String name : want.keySet()) {
            if (!raw.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw TesseraException.at(dir, 0, missing.size() + " tensor(s) missing for a T5 with this config.json, e.g. '"
                    + missing.first() + "'");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            if (IGNORED.contains(name)) {
                continue;
            }
            SafetensorsTensor t = raw.get(name);
            if (!Arrays.equals(t.shape(), accepted.get(name))) {
                throw TesseraException.at(from.get(name), 0, "tensor '" + name + "' has shape "
                        + Arrays.toString(t.shape()) + ", config.json implies " + Arrays.toString(accepted.get(name)));
            }
        }
        for (String name : want.keySet()) {
            SafetensorsTensor t = raw.get(name);
            out.put(name, new Tensor(t.shape(), toFloats(t, from.get(name))));
        }
        return new T5Checkpoint(out);
    }

    /**
     * @param t an F32, F16 or BF16 tensor
     * @param file its file, for messages
     * @return its values as float32
     */
    static float[] toFloats(SafetensorsTensor t, Path file) {
        switch (t.dtype()) {
            case F32 -> {
                return t.toFloatArray();
            }
            case F16, BF16 -> {
                ByteBuffer b = t.data();
                ShortBuffer s = b.asShortBuffer();
                float[] out = new float[s.remaining()];
                boolean bf = t.dtype() == dev.tessera.io.safetensors.SafetensorsDtype.BF16;
                for (int i = 0; i < out.length; i++) {
                    short h = s.get(i);
                    out[i] = bf ? Float.intBitsToFloat((h & 0xffff) << 16) : Float.float16ToFloat(h);
                }
                return out;
            }
            default -> throw TesseraException.at(file, 0, "tensor '" + t.name() + "' is " + t.dtype()
                    + "; T5 weights must be F32, F16 or BF16");
        }
    }
}
