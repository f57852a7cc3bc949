package dev.tessera.profile;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.layers.GecoLayer;
import dev.tessera.geco.layers.NodeSequence;
import dev.tessera.nn.GraphContext;

/**
 * One GECO layer ({@link GecoLayer}, d → d, GECO's defaults: Hyena order 2, two-sided implicit filters, FFN 2d,
 * dropout off): local propagation, the global FFT convolution over all N nodes in their numbering, and the
 * feed-forward block, each a pre-norm residual branch. Forward runs in inference mode (temporaries freed as they
 * go, channels in groups of 16 on long sequences); the backward pass is the engine's autograd of {@code sum(Y)}.
 */
final class GecoOperator implements ScalingOperator {
    @Override
    public String name() {
        return "geco";
    }

    @Override
    public String description() {
        return "one GECO layer: LCB (D^-1/2 (A+I) D^-1/2 X W) -> GCB (Hyena order 2, FFT long convolutions over N) -> "
                + "FFN 2d, pre-norm residuals (GecoLayer, d -> d; backward by autograd)";
    }

    @Override
    public Call prepare(ScalingInput in) {
        GecoConfig config = GecoConfig.builder().setInputSize(in.dim()).setNumClasses(1).optHidden(in.dim())
                .optDropout(0f).build();
        GecoLayer layer = new GecoLayer(config);
        layer.initialize(in.manager(), DataType.FLOAT32);
        GraphContext ctx = in.context();
        ctx.propagation(GraphContext.Aggregation.GCN_SELF_LOOPS); // built now, not in the first call
        ParameterStore store = new ParameterStore(in.manager(), false);
        NDArray x = in.features();
        return () -> {
            try (NDManager m = in.manager().newSubManager()) {
                x.tempAttach(m); // results start from x: they land in m and are freed with it
                if (in.backward()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(layer.forward(store, ctx, NodeSequence.IDENTITY, x, true).sum());
                    }
                } else {
                    layer.forward(store, ctx, NodeSequence.IDENTITY, x, false);
                }
            }
        };
    }
}
