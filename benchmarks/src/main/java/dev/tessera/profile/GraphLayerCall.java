package dev.tessera.profile;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.nn.GraphContext;

/** The timed call of a graph layer d → d: its forward over the whole graph, and with {@code --backward} autograd of sum(Y). */
final class GraphLayerCall {
    /** A layer's forward pass. */
    @FunctionalInterface
    interface Forward {
        NDArray apply(ParameterStore store, GraphContext graph, NDArray x, boolean training);
    }

    private GraphLayerCall() {
    }

    /**
     * Builds the GCN propagation operator now (not in the first call) and returns the call.
     *
     * @param in the problem
     * @param forward the initialized layer's forward
     * @return the call to time; in inference mode without backward, in training mode with it
     */
    static ScalingOperator.Call of(ScalingInput in, Forward forward) {
        GraphContext ctx = in.context();
        ctx.propagation(GraphContext.Aggregation.GCN_SELF_LOOPS);
        ParameterStore store = new ParameterStore(in.manager(), false);
        NDArray x = in.features();
        return () -> {
            try (NDManager m = in.manager().newSubManager()) {
                x.tempAttach(m); // results start from x: they land in m and are freed with it
                if (in.backward()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(forward.apply(store, ctx, x, true).sum());
                    }
                } else {
                    forward.apply(store, ctx, x, false);
                }
            }
        };
    }
}
