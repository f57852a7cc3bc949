package dev.tessera.nn.layers;

import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GcnConv;

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
     * The layer followed by one GCN propagation, Â (x Wᵀ) + b ({@link GcnConv#gcnConv}, self-loops on).
     *
     * @param store parameter values
     * @param graph the graph's operators
     * @param x [N, in], nodes in the graph's order
     * @param training whether gradients are recorded
     * @return [N, out]
     */
    public NDArray forwardPropagated(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return GcnConv.gcnConv(graph, x, w, b, true, training);
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
        // Slices of a parameter are new handles in the parameter's manager: move them to the call's, or every call
        // would leave two handles behind in the model's manager.
        NDArray w = store.getValue(weight, x.getDevice(), training).get(from + ":" + to);
        w.attach(x.getManager());
        NDArray b = null;
        if (bias != null) {
            b = store.getValue(bias, x.getDevice(), training).get(from + ":" + to);
            b.attach(x.getManager());
        }
        return Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * Outputs {@code [from, to)} of the layer, channels first: {@code W[from:to] xᵀ + b[from:to]}, the transpose of
     * {@link #forwardRows}'s result computed without a transposing copy (the matrix product reads xᵀ in place).
     *
     * @param store parameter values
     * @param x [n, in]
     * @param from first output
     * @param to one past the last output
     * @param training whether gradients are recorded
     * @return [to − from, n], contiguous, in x's manager
     */
    public NDArray forwardChannelsFirst(ParameterStore store, NDArray x, int from, int to, boolean training) {
        NDArray w = store.getValue(weight, x.getDevice(), training);
        boolean all = from == 0 && to == out;
        if (!all) {
            w = w.get(from + ":" + to);
            w.attach(x.getManager());
        }
        NDArray y = w.matMul(x.transpose());
        y.attach(x.getManager()); // a product lands in its first operand's manager, here the parameter's: move it
        if (bias == null) {
            return y;
        }
        NDArray b = store.getValue(bias, x.getDevice(), training);
        if (!all) {
            b = b.get(from + ":" + to);
            b.attach(x.getManager());
        }
        NDArray column = b.reshape(to - from, 1);
        column.attach(x.getManager()); // a view of a parameter: keep it out of the model's manager
        NDArray shifted = y.add(column);
        if (!training) {
            y.close();
        }
        return shifted;
    }
}
