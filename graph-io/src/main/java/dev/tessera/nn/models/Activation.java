package dev.tessera.nn.models;

import ai.djl.ndarray.NDArray;

/** The nonlinearity between the layers of a {@link Gnn}. */
public enum Activation {
    /** max(0, x). */
    RELU,
    /** x for x &gt; 0, exp(x) - 1 otherwise (alpha 1, as PyTorch's default). */
    ELU,
    /** x·Φ(x), with Φ the standard normal CDF. */
    GELU;

    /**
     * @param x any shape
     * @return the activation, same shape, in x's manager
     */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case ELU -> ai.djl.nn.Activation.elu(x, 1f);
            case GELU -> ai.djl.nn.Activation.gelu(x);
        };
    }
}
