package dev.tessera.profile;

import ai.djl.ndarray.types.DataType;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.layers.GecoLayer;
import dev.tessera.geco.layers.NodeSequence;

/**
 * One GECO layer ({@link GecoLayer}, d → d, GECO's defaults: Hyena order 2, two-sided implicit filters, FFN 2d,
 * dropout off): local propagation, the global FFT convolution over all N nodes in their numbering, and the
 * feed-forward block, each a pre-norm residual branch. Forward runs in inference mode (temporaries freed as they
 * go, channels in groups of 8 on long sequences); the backward pass is the engine's autograd of {@code sum(Y)}.
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
        return GraphLayerCall.of(in,
                (store, ctx, x, training) -> layer.forward(store, ctx, NodeSequence.IDENTITY, x, training));
    }
}
