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
 */
public record ModelSettings(Integer hidden, Integer layers, Double dropout, Integer heads, Boolean residual,
        Boolean layerNorm, Boolean selfLoops, String activation, int[] fanouts) {

    /** Settings with every value left to the model. */
    public static final ModelSettings DEFAULTS = new ModelSettings(null, null, null, null, null, null, null, null, null);
}
