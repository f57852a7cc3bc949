package dev.tessera.geco.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.layers.GecoLayerTest;
import dev.tessera.geco.layers.NodeSequence;
import dev.tessera.graph.CsrGraph;
import dev.tessera.nn.GraphContext;
import org.junit.jupiter.api.Test;

class GecoTest {
    private static final int N = 15;
    private static final int F = 6;
    private static final int C = 3;

    private static Geco model(NDManager m, boolean propagateOutput) {
        GecoConfig config = GecoConfig.builder().setInputSize(F).setNumClasses(C).optHidden(8).optDropout(0f)
                .optFilterWidth(8).optPropagateOutput(propagateOutput).build();
        Geco geco = new Geco(config);
        Engine.getInstance().setRandomSeed(11);
        geco.initialize(m, DataType.FLOAT32);
        return geco;
    }

    /** With the same weights, the propagated head's logits are Â times the linear head's (bias added after). */
    @Test
    void propagatedHeadIsTheLinearHeadSmoothedOverTheGraph() {
        CsrGraph g = GecoLayerTest.graph(N, 4);
        try (NDManager m = NDManager.newBaseManager(); GraphContext ctx = GraphContext.of(g, m)) {
            Geco linear = model(m, false);
            Geco propagated = model(m, true);
            NDArray x = m.create(GecoLayerTest.random(N * F, 5), new Shape(N, F));
            ParameterStore store = new ParameterStore(m, false);
            NDArray bias = linear.namedParameters().get("output_bias").getArray();
            assertEquals(bias.toFloatArray()[0], propagated.namedParameters().get("output_bias").getArray()
                    .toFloatArray()[0], "same initialization");
            NDArray lin = linear.forward(store, ctx, NodeSequence.IDENTITY, x, false).sub(bias);
            float[] expected = ctx.propagation(GraphContext.Aggregation.GCN_SELF_LOOPS).propagate(lin).toFloatArray();
            float[] actual = propagated.forward(store, ctx, NodeSequence.IDENTITY, x, false).sub(bias).toFloatArray();
            double diff = 0;
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "logit " + i);
                diff = Math.max(diff, Math.abs(expected[i] - lin.toFloatArray()[i]));
            }
            assertTrue(diff > 1e-3, "propagation changes the logits");
        }
    }
}
