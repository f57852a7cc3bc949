package dev.tessera.nodeclass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;

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

    /** @return the values the user set, as JSON (unset ones omitted) */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (hidden != null) {
            o.put("hidden", hidden);
        }
        if (layers != null) {
            o.put("layers", layers);
        }
        if (dropout != null) {
            o.put("dropout", dropout);
        }
        if (heads != null) {
            o.put("heads", heads);
        }
        if (residual != null) {
            o.put("residual", residual);
        }
        if (layerNorm != null) {
            o.put("layer_norm", layerNorm);
        }
        if (selfLoops != null) {
            o.put("self_loops", selfLoops);
        }
        if (activation != null) {
            o.put("activation", activation);
        }
        if (fanouts != null) {
            var a = o.putArray("fanouts");
            for (int f : fanouts) {
                a.add(f);
            }
        }
        return o;
    }
}
