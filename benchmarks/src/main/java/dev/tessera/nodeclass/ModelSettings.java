package dev.tessera.nodeclass;

/**
 * Model options as the user gave them; {@code null} means "the model's default" (the model's provider decides, and
 * records the value it used in the run's configuration).
 *
 * @param hidden hidden size per layer (per head for attention)
 * @param layers number of message-passing (or linear) layers
 * @param dropout dropout probability on features
 * @param heads attention heads
 * @param residual residual connections around each layer
 * @param layerNorm layer normalization before each layer
 * @param selfLoops add self-loops before message passing
 * @param activation activation name ({@code relu}, {@code elu}, {@code gelu})
 * @param fanouts neighbours sampled per layer for mini-batch training; {@code null} for full batch
 * @param device {@code cpu} or {@code gpu}; {@code null} for the engine's default
 * @param geco GECO's own options; {@link GecoSettings#DEFAULTS} when none was given
 * @param gqt the GQT classifier's own options; {@link GqtSettings#DEFAULTS} when none was given
 */
public record ModelSettings(Integer hidden, Integer layers, Double dropout, Integer heads, Boolean residual,
        Boolean layerNorm, Boolean selfLoops, String activation, int[] fanouts, String device, GecoSettings geco,
        GqtSettings gqt) {

    /** Settings with every value left to the model. */
    public static final ModelSettings DEFAULTS = new ModelSettings(null, null, null, null, null, null, null, null, null,
            null, GecoSettings.DEFAULTS, GqtSettings.DEFAULTS);

    /**
     * The GQT classifier's options; {@code null} means the default.
     *
     * @param tokens a folder (or its {@code tokens.safetensors}) written by {@code tessera tokenize}; null: tokenize
     *     first with the tokenizer's defaults
     * @param neighbors k, PPR neighbours per node's sequence
     * @param codebookInit code embeddings initialized from the codebooks
     * @param levelEncoding token-slot (hierarchy) encodings
     * @param positionEncoding sequence-position encodings
     * @param pprGating PPR-weight gating
     */
    public record GqtSettings(java.nio.file.Path tokens, Integer neighbors, Boolean codebookInit, Boolean levelEncoding,
            Boolean positionEncoding, Boolean pprGating) {
        /** Every GQT option left to its default. */
        public static final GqtSettings DEFAULTS = new GqtSettings(null, null, null, null, null, null);

        /** @return whether any GQT option was given */
        public boolean anySet() {
            return !equals(DEFAULTS);
        }
    }

    /**
     * GECO's options; {@code null} means the default.
     *
     * @param ordering the base node ordering of the global blocks (a graph-io ordering name)
     * @param permute a fresh random node order per training step
     * @param order Hyena's order K
     * @param blocks which blocks run: {@code both}, {@code local} (LCB only) or {@code global} (GCB only)
     * @param causal one-sided filters (a node sees only earlier nodes in the order)
     * @param positionalEncoding {@code none}, {@code rw} (random-walk) or {@code lap} (Laplacian eigenvectors)
     * @param positionalDim the encoding's width
     * @param inputDropout dropout on the input features
     * @param propagateOutput whether the output head propagates over the graph (a last GCN layer)
     * @param localResidual whether the local block's output is added to its input
     */
    public record GecoSettings(String ordering, Boolean permute, Integer order, String blocks, Boolean causal,
            String positionalEncoding, Integer positionalDim, Double inputDropout, Boolean propagateOutput,
            Boolean localResidual) {
        /** Every GECO option left to its default. */
        public static final GecoSettings DEFAULTS = new GecoSettings(null, null, null, null, null, null, null, null, null,
                null);

        /** @return whether any GECO option was given */
        public boolean anySet() {
            return !equals(DEFAULTS);
        }
    }
}
