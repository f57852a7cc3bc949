package dev.tessera.nn.conv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.GraphContext.Aggregation;

/**
 * Graph convolution of Kipf &amp; Welling, "Semi-Supervised Classification with Graph Convolutional Networks"
 * (ICLR 2017), with the semantics of PyG's {@code GCNConv}:
 *
 * <pre>  Y = Â · (X Wᵀ) + b,   Â = D^-1/2 (A + I) D^-1/2</pre>
 *
 * with messages flowing along stored edges {@code u → v} and summed at {@code v} ({@link GraphContext}). Without
 * self-loops ({@code optSelfLoops(false)}) Â is {@code D^-1/2 A D^-1/2}.
 *
 * <p>Shapes: X [N, F_in], W [F_out, F_in] (the layout of DJL's and PyTorch's {@code Linear}), b [F_out],
 * Y [N, F_out]. Initialization as PyG: W Glorot-uniform, b zeros.
 *
 * <p><b>Order of the products.</b> {@code Â (X Wᵀ) = (Â X) Wᵀ}; the sparse product costs O(E·F) for the F columns
 * it propagates, and dominates on large graphs. So the layer propagates on the smaller side: {@code (Â X) Wᵀ} when
 * F_in &lt; F_out (e.g. the first layer on tolokers, 10 features into 64 hidden units), {@code Â (X Wᵀ)} otherwise.
 * Both give the same result up to float32 rounding.
 */
public class GcnConv extends GraphLayer {
    /** Default: a bias is added. */
    public static final boolean DEFAULT_BIAS = true;
    /** Default: self-loops are added before normalizing (Kipf &amp; Welling's renormalization trick). */
    public static final boolean DEFAULT_SELF_LOOPS = true;

    private final int inputSize;
    private final int outputSize;
    private final boolean selfLoops;
    private final Parameter weight;
    private final Parameter bias;

    GcnConv(Builder b) {
        this.inputSize = b.inputSize;
        this.outputSize = b.outputSize;
        this.selfLoops = b.selfLoops;
        // Glorot uniform, U(±sqrt(6 / (F_in + F_out))), as PyG's glorot: DJL's scale is sqrt(magnitude / avg fan).
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outputSize, inputSize))
                .optInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                        XavierInitializer.FactorType.AVG, 3f))
                .build());
        this.bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outputSize)).build()) : null;
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
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return gcnConv(graph, x, w, b, selfLoops, training);
    }

    /**
     * The functional twin of the layer: {@code Y = Â (X Wᵀ) + b}, propagating on the smaller side.
     *
     * @param graph the graph's cached operators
     * @param x float32 [N, F_in]
     * @param weight [F_out, F_in]
     * @param bias [F_out], or null for none
     * @param selfLoops whether Â adds self-loops before normalizing
     * @return float32 [N, F_out], in x's manager
     */
    public static NDArray gcnConv(GraphContext graph, NDArray x, NDArray weight, NDArray bias, boolean selfLoops) {
        return gcnConv(graph, x, weight, bias, selfLoops, true);
    }

    /**
     * {@link #gcnConv(GraphContext, NDArray, NDArray, NDArray, boolean)}, telling whether gradients are needed: without,
     * the sparse product runs in plain Java ({@link dev.tessera.djl.Propagation#propagate(NDArray, boolean)}).
     *
     * @param graph the graph's cached operators
     * @param x float32 [N, F_in]
     * @param weight [F_out, F_in]
     * @param bias [F_out], or null for none
     * @param selfLoops whether Â adds self-loops before normalizing
     * @param gradient whether the result must be differentiable (training)
     * @return float32 [N, F_out], in x's manager
     */
    public static NDArray gcnConv(GraphContext graph, NDArray x, NDArray weight, NDArray bias, boolean selfLoops,
            boolean gradient) {
        var propagation = graph.propagation(selfLoops ? Aggregation.GCN_SELF_LOOPS : Aggregation.GCN);
        NDArray y;
        if (x.getShape().get(1) < weight.getShape().get(0)) {
            NDArray ax = propagation.propagate(x, gradient);
            y = Linear.linear(ax, weight).singletonOrThrow();
        } else {
            NDArray xw = Linear.linear(x, weight).singletonOrThrow();
            y = propagation.propagate(xw, gradient);
            if (!gradient) {
                xw.close();
            }
        }
        return bias == null ? y : y.add(bias);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize)};
    }

    @Override
    public String toString() {
        return "GcnConv(" + inputSize + " -> " + outputSize + (selfLoops ? "" : ", no self-loops") + ")";
    }

    /** Builds a {@link GcnConv}. */
    public static final class Builder {
        private int inputSize = -1;
        private int outputSize = -1;
        private boolean bias = DEFAULT_BIAS;
        private boolean selfLoops = DEFAULT_SELF_LOOPS;

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
         * @param bias whether to add a learned bias (default {@value GcnConv#DEFAULT_BIAS})
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * @param selfLoops whether Â adds a self-loop to every node without one before normalizing (default
         *     {@value GcnConv#DEFAULT_SELF_LOOPS})
         * @return this builder
         */
        public Builder optSelfLoops(boolean selfLoops) {
            this.selfLoops = selfLoops;
            return this;
        }

        /** @return the layer, parameters declared but not initialized */
        public GcnConv build() {
            Sizes.check("GcnConv", inputSize, outputSize);
            return new GcnConv(this);
        }
    }
}
