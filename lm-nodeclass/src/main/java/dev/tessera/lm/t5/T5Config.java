package dev.tessera.lm.t5;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The architecture of a T5 / Flan-T5 encoder-decoder (Raffel et al., JMLR 2020; Chung et al., 2022), as in Hugging
 * Face's {@code T5Config}. Build with {@link #builder()} ({@code setVocabSize} is required) or read a
 * {@code config.json} with {@link #fromJson(Path)}.
 *
 * @param vocabSize V, rows of the shared embedding
 * @param dModel d, the residual width
 * @param dKv width of one attention head; the attention inner width is {@code numHeads * dKv} (not always d)
 * @param numHeads H
 * @param dFf feed-forward hidden width
 * @param numLayers encoder blocks
 * @param numDecoderLayers decoder blocks
 * @param feedForward the feed-forward variant ({@code feed_forward_proj})
 * @param tieWordEmbeddings whether the LM head is the shared embedding (then hidden states are scaled by d^-1/2)
 * @param layerNormEpsilon ε of the RMS layer norm
 * @param relativeAttentionNumBuckets relative position buckets
 * @param relativeAttentionMaxDistance distance beyond which all positions share the last bucket
 * @param padTokenId the padding id (also what finished rows are fed during generation)
 * @param eosTokenId the end-of-sequence id
 * @param decoderStartTokenId the first decoder input
 */
public record T5Config(int vocabSize, int dModel, int dKv, int numHeads, int dFf, int numLayers,
        int numDecoderLayers, FeedForward feedForward, boolean tieWordEmbeddings, double layerNormEpsilon,
        int relativeAttentionNumBuckets, int relativeAttentionMaxDistance, int padTokenId, int eosTokenId,
        int decoderStartTokenId) {
    /** Default d (t5-small). */
    public static final int DEFAULT_D_MODEL = 512;
    /** Default head width. */
    public static final int DEFAULT_D_KV = 64;
    /** Default H. */
    public static final int DEFAULT_NUM_HEADS = 8;
    /** Default feed-forward width. */
    public static final int DEFAULT_D_FF = 2048;
    /** Default encoder blocks. */
    public static final int DEFAULT_NUM_LAYERS = 6;
    /** Default ε (HF's). */
    public static final double DEFAULT_LAYER_NORM_EPSILON = 1e-6;
    /** Default buckets. */
    public static final int DEFAULT_NUM_BUCKETS = 32;
    /** Default maximum distance. */
    public static final int DEFAULT_MAX_DISTANCE = 128;
    /** Default padding id. */
    public static final int DEFAULT_PAD_TOKEN_ID = 0;
    /** Default end-of-sequence id. */
    public static final int DEFAULT_EOS_TOKEN_ID = 1;
    /** Default decoder start id (T5 starts with the padding id). */
    public static final int DEFAULT_DECODER_START_TOKEN_ID = 0;

    /** The feed-forward variants: {@code wo(act(wi x))} or, gated, {@code wo(act(wi_0 x) * (wi_1 x))}. */
    public enum FeedForward {
        /** {@code "relu"}: original T5. */
        RELU(false, "relu"),
        /** {@code "gated-relu"}. */
        GATED_RELU(true, "gated-relu"),
        /** {@code "gated-gelu"}: T5 v1.1 and Flan-T5; the activation is HF's {@code gelu_new} (tanh approximation). */
        GATED_GELU(true, "gated-gelu");

        private final boolean gated;
        private final String hfName;

        FeedForward(boolean gated, String hfName) {
            this.gated = gated;
            this.hfName = hfName;
        }

        /** @return whether the block has two input projections {@code wi_0}, {@code wi_1} */
        public boolean gated() {
            return gated;
        }

        /** @return the {@code feed_forward_proj} string */
        public String hfName() {
            return hfName;
        }

        /**
         * @param name a {@code feed_forward_proj} value
         * @return the variant, or null when unsupported
         */
        public static FeedForward parse(String name) {
            for (FeedForward f : values()) {
                if (f.hfName.equals(name.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            return null;
        }
    }

    public T5Config {
        check(vocabSize >= 1, "vocab_size must be >= 1");
        check(dModel >= 1 && dKv >= 1 && numHeads >= 1 && dFf >= 1, "d_model, d_kv, num_heads and d_ff must be >= 1");
        check(numLayers >= 1 && numDecoderLayers >= 1, "num_layers and num_decoder_layers must be >= 1");
        check(feedForward != null, "feed_forward_proj must be set");
        check(layerNormEpsilon > 0, "layer_norm_epsilon must be > 0");
        check(relativeAttentionNumBuckets >= 2 && relativeAttentionMaxDistance >= 1,
                "relative_attention_num_buckets must be >= 2 and relative_attention_max_distance >= 1");
        check(padTokenId >= 0 && padTokenId < vocabSize && eosTokenId >= 0 && eosTokenId < vocabSize
                && decoderStartTokenId >= 0 && decoderStartTokenId < vocabSize, "token ids must be in [0, vocab_size)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("T5 config: " + message);
        }
    }

    /** @return H * d_kv, the width of the attention projections */
    public int innerDim() {
        return numHeads * dKv;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a Hugging Face {@code config.json}. Absent keys take HF's defaults: {@code tie_word_embeddings} true,
     * {@code num_decoder_layers} = {@code num_layers}, {@code feed_forward_proj} "relu", ε 1e-6.
     *
     * @param file the {@code config.json}
     * @return the config
     * @throws TesseraException when the file is missing, not JSON, or holds a wrong or unsupported value
     */
    public static T5Config fromJson(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw TesseraException.at(file, 0, "no such file (a T5 checkpoint directory needs config.json)");
        } catch (IOException e) {
            throw TesseraException.at(file, 0, "cannot read (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw TesseraException.at(file, 0, "not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw TesseraException.at(file, 0, "not a JSON object");
        }
        Builder b = builder().setVocabSize(requiredInt(file, root, "vocab_size"));
        b.optDModel(optInt(file, root, "d_model", DEFAULT_D_MODEL));
        b.optDKv(optInt(file, root, "d_kv", DEFAULT_D_KV));
        b.optNumHeads(optInt(file, root, "num_heads", DEFAULT_NUM_HEADS));
        b.optDFf(optInt(file, root, "d_ff", DEFAULT_D_FF));
        int layers = optInt(file, root, "num_layers", DEFAULT_NUM_LAYERS);
        b.optNumLayers(layers);
        JsonNode dec = root.get("num_decoder_layers");
        b.optNumDecoderLayers(dec == null || dec.isNull() ? layers : optInt(file, root, "num_decoder_layers", layers));
        JsonNode ff = root.get("feed_forward_proj");
        if (ff != null && !ff.isNull()) {
            FeedForward f = ff.isTextual() ? FeedForward.parse(ff.asText()) : null;
            if (f == null) {
                throw TesseraException.at(file, 0, "feed_forward_proj " + ff + " is not supported (use \"relu\", "
                        + "\"gated-relu\" or \"gated-gelu\")");
            }
            b.optFeedForward(f);
        }
        JsonNode tie = root.get("tie_word_embeddings");
        if (tie != null && !tie.isNull()) {
            if (!tie.isBoolean()) {
                throw TesseraException.at(file, 0, "tie_word_embeddings is " + tie + ", not true or false");
            }
            b.optTieWordEmbeddings(tie.asBoolean());
        }
        JsonNode eps = root.get("layer_norm_epsilon");
        if (eps != null && !eps.isNull()) {
            if (!eps.isNumber() || !(eps.asDouble() > 0)) {
                throw TesseraException.at(file, 0, "layer_norm_epsilon is " + eps + ", not a positive number");
            }
            b.optLayerNormEpsilon(eps.asDouble());
        }
        b.optRelativeAttention(optInt(file, root, "relative_attention_num_buckets", DEFAULT_NUM_BUCKETS),
                optInt(file, root, "relative_attention_max_distance", DEFAULT_MAX_DISTANCE));
        b.optTokenIds(optInt(file, root, "pad_token_id", DEFAULT_PAD_TOKEN_ID),
                optInt(file, root, "eos_token_id", DEFAULT_EOS_TOKEN_ID),
                optInt(file, root, "decoder_start_token_id", DEFAULT_DECODER_START_TOKEN_ID));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(file, 0, e.getMessage());
        }
    }

    /**
     * The Hugging Face {@code config.json} of this architecture (what {@code T5Config.from_pretrained} and
     * {@link #fromJson(Path)} read back; dropout and initializer keys take HF's defaults).
     *
     * @return the JSON text, two-space indented
     */
    public String toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.putArray("architectures").add("T5ForConditionalGeneration");
        o.put("model_type", "t5");
        o.put("is_encoder_decoder", true);
        o.put("vocab_size", vocabSize);
        o.put("d_model", dModel);
        o.put("d_kv", dKv);
        o.put("d_ff", dFf);
        o.put("num_heads", numHeads);
        o.put("num_layers", numLayers);
        o.put("num_decoder_layers", numDecoderLayers);
        o.put("feed_forward_proj", feedForward.hfName());
        o.put("dense_act_fn", feedForward == FeedForward.GATED_GELU ? "gelu_new" : "relu");
        o.put("is_gated_act", feedForward.gated());
        o.put("tie_word_embeddings", tieWordEmbeddings);
        o.put("layer_norm_epsilon", layerNormEpsilon);
        o.put("relative_attention_num_buckets", relativeAttentionNumBuckets);
        o.put("relative_attention_max_distance", relativeAttentionMaxDistance);
        o.put("dropout_rate", 0.1);
        o.put("initializer_factor", 1.0);
        o.put("pad_token_id", padTokenId);
        o.put("eos_token_id", eosTokenId);
        o.put("decoder_start_token_id", decoderStartTokenId);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int requiredInt(Path file, JsonNode root, String key) {
        if (root.get(key) == null || root.get(key).isNull()) {
            throw TesseraException.at(file, 0, "missing " + key);
        }
        return optInt(file, root, key, 0);
    }

    private static int optInt(Path file, JsonNode root, String key, int dflt) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw TesseraException.at(file, 0, key + " is " + n + ", not a non-negative integer");
        }
        return n.asInt();
    }

    /** Builds a {@link T5Config}; defaults are t5-small's. */
    public static final class Builder {
        private int vocabSize = -1;
        private int dModel = DEFAULT_D_MODEL;
        private int dKv = DEFAULT_D_KV;
        private int numHeads = DEFAULT_NUM_HEADS;
        private int dFf = DEFAULT_D_FF;
        private int numLayers = DEFAULT_NUM_LAYERS;
        private int numDecoderLayers = -1;
        private FeedForward feedForward = FeedForward.RELU;
        private boolean tie = true;
        private double eps = DEFAULT_LAYER_NORM_EPSILON;
        private int buckets = DEFAULT_NUM_BUCKETS;
        private int maxDistance = DEFAULT_MAX_DISTANCE;
        private int pad = DEFAULT_PAD_TOKEN_ID;
        private int eos = DEFAULT_EOS_TOKEN_ID;
        private int start = DEFAULT_DECODER_START_TOKEN_ID;

        private Builder() {
        }

        /** @param v V (required) @return this */
        public Builder setVocabSize(int v) {
            this.vocabSize = v;
            return this;
        }

        /** @param d d (default {@value T5Config#DEFAULT_D_MODEL}) @return this */
        public Builder optDModel(int d) {
            this.dModel = d;
            return this;
        }

        /** @param d head width (default {@value T5Config#DEFAULT_D_KV}) @return this */
        public Builder optDKv(int d) {
            this.dKv = d;
            return this;
        }

        /** @param h H (default {@value T5Config#DEFAULT_NUM_HEADS}) @return this */
        public Builder optNumHeads(int h) {
            this.numHeads = h;
            return this;
        }

        /** @param d feed-forward width (default {@value T5Config#DEFAULT_D_FF}) @return this */
        public Builder optDFf(int d) {
            this.dFf = d;
            return this;
        }

        /** @param l encoder blocks (default {@value T5Config#DEFAULT_NUM_LAYERS}) @return this */
        public Builder optNumLayers(int l) {
            this.numLayers = l;
            return this;
        }

        /** @param l decoder blocks (default: the encoder's) @return this */
        public Builder optNumDecoderLayers(int l) {
            this.numDecoderLayers = l;
            return this;
        }

        /** @param f feed-forward variant (default relu) @return this */
        public Builder optFeedForward(FeedForward f) {
            this.feedForward = f;
            return this;
        }

        /** @param t tied LM head (default true) @return this */
        public Builder optTieWordEmbeddings(boolean t) {
            this.tie = t;
            return this;
        }

        /** @param e ε (default {@value T5Config#DEFAULT_LAYER_NORM_EPSILON}) @return this */
        public Builder optLayerNormEpsilon(double e) {
            this.eps = e;
            return this;
        }

        /**
         * @param numBuckets buckets (default {@value T5Config#DEFAULT_NUM_BUCKETS})
         * @param maxDistance maximum distance (default {@value T5Config#DEFAULT_MAX_DISTANCE})
         * @return this
         */
        public Builder optRelativeAttention(int numBuckets, int maxDistance) {
            this.buckets = numBuckets;
            this.maxDistance = maxDistance;
            return this;
        }

        /**
         * @param padId padding id (default 0)
         * @param eosId end-of-sequence id (default 1)
         * @param decoderStartId decoder start id (default 0)
         * @return this
         */
        public Builder optTokenIds(int padId, int eosId, int decoderStartId) {
            this.pad = padId;
            this.eos = eosId;
            this.start = decoderStartId;
            return this;
        }

        /** @return the config */
        public T5Config build() {
            return new T5Config(vocabSize, dModel, dKv, numHeads, dFf, numLayers,
                    numDecoderLayers < 0 ? numLayers : numDecoderLayers, feedForward, tie, eps, buckets, maxDistance,
                    pad, eos, start);
        }
    }
}
