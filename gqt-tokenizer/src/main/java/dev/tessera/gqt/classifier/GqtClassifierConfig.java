package dev.tessera.gqt.classifier;

import dev.tessera.TesseraException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GQT classifier's architecture ({@link GqtClassifier}). Defaults are the reference code's transformer: 3 pre-LN
 * layers, d = {@value #DEFAULT_DIM}, {@value #DEFAULT_HEADS} heads, feed-forward {@value #DEFAULT_FFN_MULTIPLIER}·d =
 * 256, dropout {@value #DEFAULT_DROPOUT}; every token modulation on (the reference has them all off by default,
 * which the paper does not describe).
 *
 * <p>Token modulations, each switchable:
 *
 * <ul>
 *   <li>{@code codebookInit}: the code-token embedding table is initialized from the RVQ codebooks [K·C, D] and
 *       followed by a learned projection D → d; off: a [K·C, d] table initialized N(0, 1/d) and no projection;</li>
 *   <li>{@code levelEncoding}: a learned vector per token slot (K code levels and the quantized token);</li>
 *   <li>{@code positionEncoding}: a learned vector per sequence position, sinusoid-initialized;</li>
 *   <li>{@code pprGating}: each node's tokens scaled by a learned gate of its PPR weight (see
 *       {@link GqtClassifier}).</li>
 * </ul>
 */
public final class GqtClassifierConfig {
    public static final int DEFAULT_DIM = 128;
    public static final int DEFAULT_LAYERS = 3;
    public static final int DEFAULT_HEADS = 8;
    public static final int DEFAULT_FFN_MULTIPLIER = 2;
    public static final float DEFAULT_DROPOUT = 0.5f;

    private final int levels;
    private final int codebookSize;
    private final int codeDim;
    private final int sequenceLength;
    private final int numClasses;
    private final int dim;
    private final int layers;
    private final int heads;
    private final int ffnMultiplier;
    private final float dropout;
    private final boolean codebookInit;
    private final boolean levelEncoding;
    private final boolean positionEncoding;
    private final boolean pprGating;

    private GqtClassifierConfig(Builder b) {
        levels = b.levels;
        codebookSize = b.codebookSize;
        codeDim = b.codeDim;
        sequenceLength = b.sequenceLength;
        numClasses = b.numClasses;
        dim = b.dim;
        layers = b.layers;
        heads = b.heads;
        ffnMultiplier = b.ffnMultiplier;
        dropout = b.dropout;
        codebookInit = b.codebookInit;
        levelEncoding = b.levelEncoding;
        positionEncoding = b.positionEncoding;
        pprGating = b.pprGating;
    }

    /** @return a builder; the token shape, sequence length and class count are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return K, code levels per node */
    public int levels() {
        return levels;
    }

    /** @return C, codes per level */
    public int codebookSize() {
        return codebookSize;
    }

    /** @return D, the codebooks' (and quantized vectors') width */
    public int codeDim() {
        return codeDim;
    }

    /** @return S, nodes per sequence (the target and its neighbours) */
    public int sequenceLength() {
        return sequenceLength;
    }

    /** @return the number of classes */
    public int numClasses() {
        return numClasses;
    }

    /** @return d, the transformer width */
    public int dim() {
        return dim;
    }

    /** @return transformer layers */
    public int layers() {
        return layers;
    }

    /** @return attention heads */
    public int heads() {
        return heads;
    }

    /** @return the feed-forward width as a multiple of d */
    public int ffnMultiplier() {
        return ffnMultiplier;
    }

    /** @return dropout on attention weights, sub-layer outputs, the feed-forward hidden layer and the encoder output */
    public float dropout() {
        return dropout;
    }

    /** @return whether code embeddings start from the codebooks */
    public boolean codebookInit() {
        return codebookInit;
    }

    /** @return whether token-slot (hierarchy) encodings are added */
    public boolean levelEncoding() {
        return levelEncoding;
    }

    /** @return whether position encodings are added */
    public boolean positionEncoding() {
        return positionEncoding;
    }

    /** @return whether tokens are gated by PPR weight */
    public boolean pprGating() {
        return pprGating;
    }

    /** @return K + 1, tokens per node */
    public int tokensPerNode() {
        return levels + 1;
    }

    /** @return the configuration for reports, snake-case keys */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("levels", levels);
        m.put("codebook_size", codebookSize);
        m.put("code_dim", codeDim);
        m.put("sequence_length", sequenceLength);
        m.put("classes", numClasses);
        m.put("dim", dim);
        m.put("layers", layers);
        m.put("heads", heads);
        m.put("ffn", ffnMultiplier * dim);
        m.put("dropout", (double) dropout);
        m.put("codebook_init", codebookInit);
        m.put("level_encoding", levelEncoding);
        m.put("position_encoding", positionEncoding);
        m.put("ppr_gating", pprGating);
        return m;
    }

    @Override
    public String toString() {
        return "GqtClassifierConfig" + toMap();
    }

    /** Builder: {@code setTokens}, {@code setSequenceLength} and {@code setNumClasses} are required. */
    public static final class Builder {
        private int levels;
        private int codebookSize;
        private int codeDim;
        private int sequenceLength;
        private int numClasses;
        private int dim = DEFAULT_DIM;
        private int layers = DEFAULT_LAYERS;
        private int heads = DEFAULT_HEADS;
        private int ffnMultiplier = DEFAULT_FFN_MULTIPLIER;
        private float dropout = DEFAULT_DROPOUT;
        private boolean codebookInit = true;
        private boolean levelEncoding = true;
        private boolean positionEncoding = true;
        private boolean pprGating = true;

        private Builder() {
        }

        /**
         * @param levels K
         * @param codebookSize C
         * @param codeDim D
         * @return this
         */
        public Builder setTokens(int levels, int codebookSize, int codeDim) {
            this.levels = levels;
            this.codebookSize = codebookSize;
            this.codeDim = codeDim;
            return this;
        }

        /** @param length S, nodes per sequence @return this */
        public Builder setSequenceLength(int length) {
            this.sequenceLength = length;
            return this;
        }

        /** @param numClasses classes @return this */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** @param dim d, a multiple of the heads @return this */
        public Builder optDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** @param layers transformer layers @return this */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** @param heads attention heads @return this */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /** @param multiplier feed-forward width / d @return this */
        public Builder optFfnMultiplier(int multiplier) {
            this.ffnMultiplier = multiplier;
            return this;
        }

        /** @param dropout in [0, 1) @return this */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** @param on code embeddings initialized from the codebooks (default on) @return this */
        public Builder optCodebookInit(boolean on) {
            this.codebookInit = on;
            return this;
        }

        /** @param on token-slot (hierarchy) encodings (default on) @return this */
        public Builder optLevelEncoding(boolean on) {
            this.levelEncoding = on;
            return this;
        }

        /** @param on position encodings (default on) @return this */
        public Builder optPositionEncoding(boolean on) {
            this.positionEncoding = on;
            return this;
        }

        /** @param on PPR-weight gating (default on) @return this */
        public Builder optPprGating(boolean on) {
            this.pprGating = on;
            return this;
        }

        /**
         * @return the configuration
         * @throws TesseraException naming the value when one is out of range
         */
        public GqtClassifierConfig build() {
            check(levels >= 1 && codebookSize >= 1 && codeDim >= 1, "token shape", levels + " x " + codebookSize
                    + " x " + codeDim, "positive (setTokens is required)");
            check(sequenceLength >= 1, "sequence length", sequenceLength, "at least 1");
            check(numClasses >= 1, "classes", numClasses, "at least 1");
            check(dim >= 1, "dim", dim, "positive");
            check(layers >= 0, "layers", layers, "non-negative");
            check(heads >= 1 && dim % heads == 0, "heads", heads, "positive and dividing dim " + dim);
            check(ffnMultiplier >= 1, "ffn multiplier", ffnMultiplier, "positive");
            check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
            return new GqtClassifierConfig(this);
        }

        private static void check(boolean ok, String what, Object value, String expected) {
            if (!ok) {
                throw new TesseraException("gqt classifier: " + what + " = " + value + ": must be " + expected);
            }
        }
    }
}
