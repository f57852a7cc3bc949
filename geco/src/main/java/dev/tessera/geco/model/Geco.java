package dev.tessera.geco.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.tessera.geco.GecoConfig;
import dev.tessera.nn.layers.Dense;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.geco.layers.GecoLayer;
import dev.tessera.geco.layers.NodeSequence;
import dev.tessera.nn.layers.Norm;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.functional.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * The GECO node classifier: an input projection, L {@link GecoLayer}s and an output head.
 *
 * <pre>  H⁰ = drop(GELU(drop_in(X) W_inᵀ + b_in))        X [N, F] → [N, d]
 *  Hˡ = GecoLayer_l(Hˡ⁻¹)                           l = 1..L
 *  logits = LN(Hᴸ) W_outᵀ + b_out                  [N, C]
 *  logits = Â LN(Hᴸ) W_outᵀ + b_out                {@link GecoConfig#propagateOutput()}: a last GCN layer</pre>
 */
public final class Geco extends FixedShapeBlock {
    private final GecoConfig config;
    private final Dense input;
    private final List<GecoLayer> layers = new ArrayList<>();
    private final Norm outputNorm;
    private final Dense output;

    /** @param config the architecture */
    public Geco(GecoConfig config) {
        this.config = config;
        this.input = child("input", new Dense(config.inputSize(), config.hidden(), true));
        for (int l = 0; l < config.layers(); l++) {
            layers.add(child("layer" + l, new GecoLayer(config)));
        }
        this.outputNorm = child("outputNorm", new Norm(config.hidden()));
        this.output = child("output", new Dense(config.hidden(), config.numClasses(), true));
    }

    /** @return the architecture */
    public GecoConfig config() {
        return config;
    }

    /**
     * @param store parameter values
     * @param graph the graph's operators
     * @param sequence the global blocks' node order
     * @param x float32 [N, F]
     * @param training whether dropout is on
     * @return float32 [N, C] logits
     */
    public NDArray forward(ParameterStore store, GraphContext graph, NodeSequence sequence, NDArray x, boolean training) {
        NDArray pre = input.forward(store, Dropout.dropout(x, config.inputDropout(), training), training);
        NDArray h = Dropout.dropout(ai.djl.nn.Activation.gelu(pre), config.dropout(), training);
        // In inference each hidden state is freed once the next exists: on large graphs they are [N, d] each.
        if (!training) {
            pre.close();
        }
        for (GecoLayer layer : layers) {
            NDArray next = layer.forward(store, graph, sequence, h, training);
            if (!training) {
                h.close();
            }
            h = next;
        }
        NDArray normed = outputNorm.forward(store, h, training);
        if (!training) {
            h.close();
        }
        if (config.propagateOutput()) {
            return output.forwardPropagated(store, graph, normed, training);
        }
        return output.forward(store, normed, training);
    }
}
