package dev.tessera.nn.models;

import java.util.Objects;

/**
 * The architecture of a {@link Gnn}: layer type, depth, widths, regularization and which of the two stacks
 * (classic or residual, see {@link Gnn}). Immutable; {@link #toBuilder()} derives variants.
 */
public final class GnnConfig {
    /** Default number of message-passing layers (classic) or residual blocks (residual). */
    public static final int DEFAULT_LAYERS = 2;
    /** Default hidden width. */
    public static final int DEFAULT_HIDDEN = 64;
    /** Default dropout probability. */
    public static final float DEFAULT_DROPOUT = 0.5f;
    /** Default: no residual connections (classic stack). */
    public static final boolean DEFAULT_RESIDUAL = false;
    /** Default: no layer normalization (classic stack). */
    public static final boolean DEFAULT_LAYER_NORM = false;
    /** Default: GCN adds self-loops. */
    public static final boolean DEFAULT_SELF_LOOPS = true;
    /** Default number of attention heads (GAT's hidden layers). */
    public static final int DEFAULT_HEADS = 8;
    /** Default activation. */
    public static final Activation DEFAULT_ACTIVATION = Activation.RELU;

    private final ConvType conv;
    private final int inputSize;
    private final int numClasses;
    private final int layers;
    private final int hidden;
    private final float dropout;
    private final Float inputDropout;
    private final boolean residual;
    private final boolean layerNorm;
    private final boolean selfLoops;
    private final int heads;
    private final Activation activation;

    private GnnConfig(Builder b) {
        this.conv = b.conv;
        this.inputSize = b.inputSize;
        this.numClasses = b.numClasses;
        this.layers = b.layers;
        this.hidden = b.hidden;
        this.dropout = b.dropout;
        this.inputDropout = b.inputDropout;
        this.residual = b.residual;
        this.layerNorm = b.layerNorm;
        this.selfLoops = b.selfLoops;
        this.heads = b.heads;
        this.activation = b.activation;
    }

    /** @return a builder; {@code setConv}, {@code setInputSize} and {@code setNumClasses} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.conv = conv;
        b.inputSize = inputSize;
        b.numClasses = numClasses;
        b.layers = layers;
        b.hidden = hidden;
        b.dropout = dropout;
        b.inputDropout = inputDropout;
        b.residual = residual;
        b.layerNorm = layerNorm;
        b.selfLoops = selfLoops;
        b.heads = heads;
        b.activation = activation;
        return b;
    }

    /** @return the layer type */
    public ConvType conv() {
        return conv;
    }

    /** @return F, the input feature width */
    public int inputSize() {
        return inputSize;
    }

    /** @return C, the number of logits per node */
    public int numClasses() {
        return numClasses;
    }

    /** @return L, message-passing layers (classic) or residual blocks (residual) */
    public int layers() {
        return layers;
    }

    /** @return the hidden size per layer, for GAT per head */
    public int hidden() {
        return hidden;
    }

    /** @return H, the width of the hidden representations: {@link #hidden()}, times the heads for GAT */
    public int hiddenWidth() {
        return conv == ConvType.GAT ? hidden * heads : hidden;
    }

    /** @return the dropout probability between layers */
    public float dropout() {
        return dropout;
    }

    /**
     * @return the dropout probability on the input features: as set, else {@link #dropout()} for the classic stack
     *     (Kipf &amp; Welling drop the input) and 0 for the residual one (Platonov et al. do not)
     */
    public float inputDropout() {
        if (inputDropout != null) {
            return inputDropout;
        }
        return isResidualStack() ? 0f : dropout;
    }

    /** @return whether the residual stack adds the skip connection */
    public boolean residual() {
        return residual;
    }

    /** @return whether the residual stack normalizes with LayerNorm */
    public boolean layerNorm() {
        return layerNorm;
    }

    /** @return whether GCN (and GAT) add self-loops */
    public boolean selfLoops() {
        return selfLoops;
    }

    /** @return attention heads of GAT's hidden layers */
    public int heads() {
        return heads;
    }

    /** @return the activation */
    public Activation activation() {
        return activation;
    }

    /** @return true for the residual stack (residual or layer norm on), false for the classic one */
    public boolean isResidualStack() {
        return residual || layerNorm;
    }

    @Override
    public String toString() {
        return "GnnConfig(" + conv + ", " + inputSize + " -> " + numClasses + ", layers=" + layers + ", hidden="
                + hidden + ", dropout=" + dropout + ", inputDropout=" + inputDropout() + ", residual=" + residual
                + ", layerNorm=" + layerNorm + ", selfLoops=" + selfLoops + ", heads=" + heads + ", activation="
                + activation + ")";
    }

    /** Builds a {@link GnnConfig}. */
    public static final class Builder {
        private ConvType conv;
        private int inputSize = -1;
        private int numClasses = -1;
        private int layers = DEFAULT_LAYERS;
        private int hidden = DEFAULT_HIDDEN;
        private float dropout = DEFAULT_DROPOUT;
        private Float inputDropout;
        private boolean residual = DEFAULT_RESIDUAL;
        private boolean layerNorm = DEFAULT_LAYER_NORM;
        private boolean selfLoops = DEFAULT_SELF_LOOPS;
        private int heads = DEFAULT_HEADS;
        private Activation activation = DEFAULT_ACTIVATION;

        private Builder() {
        }

        /**
         * @param conv the layer type (required)
         * @return this builder
         */
        public Builder setConv(ConvType conv) {
            this.conv = Objects.requireNonNull(conv, "conv");
            return this;
        }

        /**
         * @param inputSize F &gt; 0, the input feature width (required)
         * @return this builder
         */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /**
         * @param numClasses C &gt; 0 (required)
         * @return this builder
         */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * @param layers L &gt;= 1 (default {@value GnnConfig#DEFAULT_LAYERS})
         * @return this builder
         */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * @param hidden hidden size per layer &gt; 0 (default {@value GnnConfig#DEFAULT_HIDDEN}); for GAT per head,
         *     the heads being concatenated
         * @return this builder
         */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * @param dropout probability in [0, 1) (default {@value GnnConfig#DEFAULT_DROPOUT})
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * @param inputDropout probability in [0, 1) on the input features (default: see
         *     {@link GnnConfig#inputDropout()})
         * @return this builder
         */
        public Builder optInputDropout(float inputDropout) {
            this.inputDropout = inputDropout;
            return this;
        }

        /**
         * @param residual whether to use the residual stack with skip connections (default
         *     {@value GnnConfig#DEFAULT_RESIDUAL})
         * @return this builder
         */
        public Builder optResidual(boolean residual) {
            this.residual = residual;
            return this;
        }

        /**
         * @param layerNorm whether to use the residual stack with LayerNorm (default
         *     {@value GnnConfig#DEFAULT_LAYER_NORM})
         * @return this builder
         */
        public Builder optLayerNorm(boolean layerNorm) {
            this.layerNorm = layerNorm;
            return this;
        }

        /**
         * @param selfLoops whether GCN and GAT add self-loops (default {@value GnnConfig#DEFAULT_SELF_LOOPS})
         * @return this builder
         */
        public Builder optSelfLoops(boolean selfLoops) {
            this.selfLoops = selfLoops;
            return this;
        }

        /**
         * @param heads attention heads of GAT's hidden layers, &gt;= 1 (default {@value GnnConfig#DEFAULT_HEADS})
         * @return this builder
         */
        public Builder optHeads(int heads) {
            this.heads = heads;
            return this;
        }

        /**
         * @param activation the nonlinearity (default relu)
         * @return this builder
         */
        public Builder optActivation(Activation activation) {
            this.activation = Objects.requireNonNull(activation, "activation");
            return this;
        }

        /**
         * @return the configuration
         * @throws dev.tessera.TesseraException when a size or probability is out of range
         */
        public GnnConfig build() {
            if (conv == null) {
                throw new dev.tessera.TesseraException("model config: the layer type (conv) is required");
            }
            positive("input size", inputSize);
            positive("number of classes", numClasses);
            positive("layers", layers);
            positive("hidden", hidden);
            positive("heads", heads);
            probability("dropout", dropout);
            if (inputDropout != null) {
                probability("input dropout", inputDropout);
            }
            return new GnnConfig(this);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new dev.tessera.TesseraException("model config: " + name + " must be positive, got " + value);
            }
        }

        private static void probability(String name, float p) {
            if (!(p >= 0 && p < 1)) {
                throw new dev.tessera.TesseraException("model config: " + name + " must be in [0, 1), got " + p);
            }
        }
    }
}
