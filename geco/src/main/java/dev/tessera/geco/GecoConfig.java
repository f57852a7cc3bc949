package dev.tessera.geco;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The architecture of a GECO node classifier ({@link dev.tessera.geco.model.Geco}). Build with {@link #builder()}:
 * {@code setInputSize} and {@code setNumClasses} are required, everything else has the default named below.
 *
 * @param inputSize F, node feature width (positional encodings included)
 * @param numClasses C
 * @param hidden d, the width of every layer
 * @param layers L, GECO layers
 * @param order K, gated long convolutions per global block (Hyena's order)
 * @param dropout dropout on each block's output and the feed-forward hidden layer
 * @param inputDropout dropout on the input features
 * @param ffnMultiplier the feed-forward block's hidden width, in multiples of d
 * @param local whether the Local Propagation Block runs (off: GCB-only ablation)
 * @param global whether the Global Context Block runs (off: LCB-only ablation)
 * @param bidirectional whether the long filters see both sides of a node in the order
 * @param filterWidth hidden width of the implicit filter network
 * @param filterBands frequency bands of the filter's positional features
 * @param filterLayers inner layers of the filter network
 * @param filterFrequency initial frequency of the filter's sine activations
 * @param normalizeFilter whether each filter channel is L1-normalized
 * @param localResidual whether the local block's output is added to its input (else it replaces it)
 * @param propagateOutput whether the output head propagates over the graph like a last GCN layer
 *     (logits = Â LN(H) W_outᵀ + b_out) rather than reading each node alone
 */
public record GecoConfig(int inputSize, int numClasses, int hidden, int layers, int order, float dropout,
        float inputDropout, int ffnMultiplier, boolean local, boolean global, boolean bidirectional, int filterWidth,
        int filterBands, int filterLayers, float filterFrequency, boolean normalizeFilter, boolean localResidual,
        boolean propagateOutput) {
    /** Default d. */
    public static final int DEFAULT_HIDDEN = 64;
    /** Default L. */
    public static final int DEFAULT_LAYERS = 2;
    /** Default K (Hyena's). */
    public static final int DEFAULT_ORDER = 2;
    /** Default dropout. */
    public static final float DEFAULT_DROPOUT = 0.5f;
    /** Default input dropout. */
    public static final float DEFAULT_INPUT_DROPOUT = 0f;
    /** Default feed-forward multiplier. */
    public static final int DEFAULT_FFN_MULTIPLIER = 2;
    /** Default filter network width (Hyena's {@code filter_order}). */
    public static final int DEFAULT_FILTER_WIDTH = 64;
    /** Default bands (Hyena's {@code emb_dim} 3 = t plus one band). */
    public static final int DEFAULT_FILTER_BANDS = 1;
    /** Default inner layers (Hyena's {@code num_inner_mlps}). */
    public static final int DEFAULT_FILTER_LAYERS = 2;
    /** Default sine frequency (Hyena's {@code w}). */
    public static final float DEFAULT_FILTER_FREQUENCY = 1f;
    /** Hyena's decay window: the fastest channel reaches {@link #DECAY_TARGET} after this fraction of the sequence. */
    public static final float FAST_DECAY = 0.3f;
    /** Hyena's decay window: the slowest channel reaches {@link #DECAY_TARGET} after this fraction. */
    public static final float SLOW_DECAY = 1.5f;
    /** Hyena's decay target. */
    public static final float DECAY_TARGET = 1e-2f;

    public GecoConfig {
        check(inputSize >= 1, "input size must be >= 1");
        check(numClasses >= 1, "number of classes must be >= 1");
        check(hidden >= 1, "hidden size must be >= 1");
        check(layers >= 1, "layers must be >= 1");
        check(order >= 1, "order must be >= 1");
        check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        check(inputDropout >= 0 && inputDropout < 1, "input dropout must be in [0, 1)");
        check(ffnMultiplier >= 1, "feed-forward multiplier must be >= 1");
        check(local || global, "at least one of the local and global blocks must be on");
        check(filterWidth >= 1 && filterBands >= 0 && filterLayers >= 0, "filter sizes must be positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GECO config: " + message);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return every value by name, for run records */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        m.put("layers", layers);
        m.put("order", order);
        m.put("dropout", dropout);
        m.put("input_dropout", inputDropout);
        m.put("ffn_multiplier", ffnMultiplier);
        m.put("local_block", local);
        m.put("global_block", global);
        m.put("bidirectional", bidirectional);
        m.put("filter_width", filterWidth);
        m.put("filter_bands", filterBands);
        m.put("filter_layers", filterLayers);
        m.put("filter_frequency", filterFrequency);
        m.put("normalize_filter", normalizeFilter);
        m.put("local_residual", localResidual);
        m.put("propagate_output", propagateOutput);
        return m;
    }

    /** Builds a {@link GecoConfig}. */
    public static final class Builder {
        private int inputSize = -1;
        private int numClasses = -1;
        private int hidden = DEFAULT_HIDDEN;
        private int layers = DEFAULT_LAYERS;
        private int order = DEFAULT_ORDER;
        private float dropout = DEFAULT_DROPOUT;
        private float inputDropout = DEFAULT_INPUT_DROPOUT;
        private int ffnMultiplier = DEFAULT_FFN_MULTIPLIER;
        private boolean local = true;
        private boolean global = true;
        private boolean bidirectional = true;
        private int filterWidth = DEFAULT_FILTER_WIDTH;
        private int filterBands = DEFAULT_FILTER_BANDS;
        private int filterLayers = DEFAULT_FILTER_LAYERS;
        private float filterFrequency = DEFAULT_FILTER_FREQUENCY;
        private boolean normalizeFilter = true;
        private boolean localResidual = true;
        private boolean propagateOutput = false;

        private Builder() {
        }

        /** @param f F (required) @return this */
        public Builder setInputSize(int f) {
            this.inputSize = f;
            return this;
        }

        /** @param c C (required) @return this */
        public Builder setNumClasses(int c) {
            this.numClasses = c;
            return this;
        }

        /** @param d hidden width (default {@value GecoConfig#DEFAULT_HIDDEN}) @return this */
        public Builder optHidden(int d) {
            this.hidden = d;
            return this;
        }

        /** @param l layers (default {@value GecoConfig#DEFAULT_LAYERS}) @return this */
        public Builder optLayers(int l) {
            this.layers = l;
            return this;
        }

        /** @param k Hyena order (default {@value GecoConfig#DEFAULT_ORDER}) @return this */
        public Builder optOrder(int k) {
            this.order = k;
            return this;
        }

        /** @param p dropout (default {@value GecoConfig#DEFAULT_DROPOUT}) @return this */
        public Builder optDropout(float p) {
            this.dropout = p;
            return this;
        }

        /** @param p input dropout (default {@value GecoConfig#DEFAULT_INPUT_DROPOUT}) @return this */
        public Builder optInputDropout(float p) {
            this.inputDropout = p;
            return this;
        }

        /** @param m feed-forward multiplier (default {@value GecoConfig#DEFAULT_FFN_MULTIPLIER}) @return this */
        public Builder optFfnMultiplier(int m) {
            this.ffnMultiplier = m;
            return this;
        }

        /**
         * @param local whether the local block runs (default true)
         * @param global whether the global block runs (default true)
         * @return this
         */
        public Builder optBlocks(boolean local, boolean global) {
            this.local = local;
            this.global = global;
            return this;
        }

        /** @param b two-sided filters (default true) @return this */
        public Builder optBidirectional(boolean b) {
            this.bidirectional = b;
            return this;
        }

        /** @param w filter network width (default {@value GecoConfig#DEFAULT_FILTER_WIDTH}) @return this */
        public Builder optFilterWidth(int w) {
            this.filterWidth = w;
            return this;
        }

        /** @param b filter bands (default {@value GecoConfig#DEFAULT_FILTER_BANDS}) @return this */
        public Builder optFilterBands(int b) {
            this.filterBands = b;
            return this;
        }

        /** @param l filter inner layers (default {@value GecoConfig#DEFAULT_FILTER_LAYERS}) @return this */
        public Builder optFilterLayers(int l) {
            this.filterLayers = l;
            return this;
        }

        /** @param w initial sine frequency (default {@value GecoConfig#DEFAULT_FILTER_FREQUENCY}) @return this */
        public Builder optFilterFrequency(float w) {
            this.filterFrequency = w;
            return this;
        }

        /** @param n L1-normalize filters (default true) @return this */
        public Builder optNormalizeFilter(boolean n) {
            this.normalizeFilter = n;
            return this;
        }

        /** @param r residual around the local block (default true) @return this */
        public Builder optLocalResidual(boolean r) {
            this.localResidual = r;
            return this;
        }

        /** @param p propagate the output head over the graph (default false) @return this */
        public Builder optPropagateOutput(boolean p) {
            this.propagateOutput = p;
            return this;
        }

        /** @return the configuration */
        public GecoConfig build() {
            return new GecoConfig(inputSize, numClasses, hidden, layers, order, dropout, inputDropout, ffnMultiplier,
                    local, global, bidirectional, filterWidth, filterBands, filterLayers, filterFrequency,
                    normalizeFilter, localResidual, propagateOutput);
        }
    }
}
