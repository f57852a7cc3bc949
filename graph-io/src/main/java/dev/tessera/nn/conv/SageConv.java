package dev.tessera.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.GraphContext.Aggregation;

/**
 * GraphSAGE convolution with mean aggregation and a root weight, Hamilton, Ying &amp; Leskovec, "Inductive
 * Representation Learning on Large Graphs" (NeurIPS 2017), with the semantics of PyG's {@code SAGEConv} (default
 * options):
 *
 * <pre>  Y[v] = X[v] W_rootᵀ + (mean_{u → v} X[u]) W_neighᵀ + b</pre>
 *
 * The mean runs over the stored edges into {@code v} (a node without any gets 0); the bias belongs to the
 * neighbour term, as PyG's {@code lin_l}.
 *
 * <p>Shapes: X [N, F_in], W_root and W_neigh [F_out, F_in], b [F_out], Y [N, F_out]. Initialization as PyTorch's
 * {@code Linear} (which PyG's {@code SAGEConv} uses): every entry U(±1/sqrt(F_in)).
 *
 * <p>The mean is linear, so {@code mean(X) W_neighᵀ = mean(X W_neighᵀ)}: the layer averages the smaller of the two
 * (F_in or F_out columns), as {@link GcnConv} does.
 */
public class SageConv extends GraphLayer {
    /** Default: a bias is added. */
    public static final boolean DEFAULT_BIAS = true;

    private final int inputSize;
    private final int outputSize;
    private final Parameter neighbourWeight;
    private final Parameter rootWeight;
    private final Parameter bias;

    SageConv(Builder b) {
        this.inputSize = b.inputSize;
        this.outputSize = b.outputSize;
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(inputSize)));
        this.neighbourWeight = addParameter(Parameter.builder().setName("neighbourWeight")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(outputSize, inputSize)).optInitializer(init).build());
        this.rootWeight = addParameter(Parameter.builder().setName("rootWeight")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(outputSize, inputSize)).optInitializer(init).build());
        this.bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outputSize)).optInitializer(init).build()) : null;
    }

    /** @return a builder; {@code setInputSize} and {@code setOutputSize} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return F_in */
    public int inputSize() {
        return inputSize;
    }

    /** @return F_out */
    public int outputSize() {
        return outputSize;
    }

    @Override
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        NDArray wn = store.getValue(neighbourWeight, x.getDevice(), training);
        NDArray wr = store.getValue(rootWeight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return sageConv(graph, x, wr, wn, b);
    }

    /**
     * The functional twin of the layer: {@code Y = X W_rootᵀ + mean(X) W_neighᵀ + b}, averaging the smaller side.
     *
     * @param graph the graph's cached operators
     * @param x float32 [N, F_in]
     * @param rootWeight W_root [F_out, F_in]
     * @param neighbourWeight W_neigh [F_out, F_in]
     * @param bias [F_out], or null for none
     * @return float32 [N, F_out], in x's manager
     */
    public static NDArray sageConv(GraphContext graph, NDArray x, NDArray rootWeight, NDArray neighbourWeight,
            NDArray bias) {
        var mean = graph.propagation(Aggregation.MEAN);
        NDArray neighbours;
        if (x.getShape().get(1) < neighbourWeight.getShape().get(0)) {
            neighbours = bias == null ? Linear.linear(mean.propagate(x), neighbourWeight).singletonOrThrow()
                    : Linear.linear(mean.propagate(x), neighbourWeight, bias).singletonOrThrow();
        } else {
            neighbours = mean.propagate(Linear.linear(x, neighbourWeight).singletonOrThrow());
            if (bias != null) {
                neighbours = neighbours.add(bias);
            }
        }
        return neighbours.add(Linear.linear(x, rootWeight).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize)};
    }

    @Override
    public String toString() {
        return "SageConv(" + inputSize + " -> " + outputSize + ")";
    }

    /** Builds a {@link SageConv}. */
    public static final class Builder {
        private int inputSize = -1;
        private int outputSize = -1;
        private boolean bias = DEFAULT_BIAS;

        private Builder() {
        }

        /**
         * @param inputSize F_in &gt; 0 (required)
         * @return this builder
         */
        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        /**
         * @param outputSize F_out &gt; 0 (required)
         * @return this builder
         */
        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /**
         * @param bias whether to add a learned bias to the neighbour term (default {@value SageConv#DEFAULT_BIAS})
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** @return the layer, parameters declared but not initialized */
        public SageConv build() {
            Sizes.check("SageConv", inputSize, outputSize);
            return new SageConv(this);
        }
    }
}
