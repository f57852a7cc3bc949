package dev.tessera.profile;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.nn.GraphContext;
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
        GraphContext ctx = in.context();
        ctx.propagation(GraphContext.Aggregation.GCN_SELF_LOOPS); // built now, not in the first call
        ParameterStore store = new ParameterStore(in.manager(), false);
        NDArray x = in.features();
        return () -> {
            try (NDManager m = in.manager().newSubManager()) {
                x.tempAttach(m); // results start from x: they land in m and are freed with it
                if (in.backward()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(conv.forward(store, ctx, x, true).sum());
                    }
                } else {
                    conv.forward(store, ctx, x, false);
                }
            }
        };
    }
}
