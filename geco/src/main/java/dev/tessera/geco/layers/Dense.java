package dev.tessera.geco.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/** A linear layer, y = x Wᵀ + b with W [out, in], initialized as {@code torch.nn.Linear}. */
public final class Dense extends FixedShapeBlock {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in input width
     * @param out output width
     * @param bias whether b is added
     */
    public Dense(int in, int out, boolean bias) {
        this.in = in;
        this.out = out;
        this.weight = declare(Parameters.linearWeight("weight", out, in));
        this.bias = bias ? declare(Parameters.linearBias("bias", out, in)) : null;
    }

    /** @return input width */
    public int inputSize() {
        return in;
    }

    /** @return output width */
    public int outputSize() {
        return out;
    }

    /**
     * @param store parameter values
     * @param x [..., in]
     * @param training whether gradients are recorded
     * @return [..., out], in x's manager
     */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * Rows {@code [from, to)} of the weight (and bias): the same layer restricted to some of its outputs.
     *
     * @param store parameter values
     * @param x [..., in]
     * @param from first output
     * @param to one past the last output
     * @param training whether gradients are recorded
     * @return [..., to − from]
     */
    public NDArray forwardRows(ParameterStore store, NDArray x, int from, int to, boolean training) {
        NDArray w = store.getValue(weight, x.getDevice(), training).get(from + ":" + to);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training).get(from + ":" + to);
        return Linear.linear(x, w, b).singletonOrThrow();
    }
}
