package dev.tessera.profile;

import ai.djl.ndarray.types.DataType;
import dev.tessera.nn.conv.GcnConv;

/**
 * One GCN layer as the training code runs it ({@link GcnConv}, d → d, with bias): {@code Y = Â X Wᵀ + b},
 * {@code Â = D^-1/2 (A + I) D^-1/2}, the propagation operator built once in the set-up ({@link GraphContext}). The
 * backward pass is the engine's autograd of {@code sum(Y)} with respect to W and b.
 */
final class GcnOperator implements ScalingOperator {
    @Override
    public String name() {
        return "gcn";
    }

    @Override
    public String description() {
        return "one GCN layer Y = D^-1/2 (A+I) D^-1/2 X W^T + b (GcnConv, d -> d; backward by autograd)";
    }

    @Override
    public Call prepare(ScalingInput in) {
        GcnConv conv = GcnConv.builder().setInputSize(in.dim()).setOutputSize(in.dim()).build();
        conv.initialize(in.manager(), DataType.FLOAT32);
        return GraphLayerCall.of(in, conv::forward);
    }
}
