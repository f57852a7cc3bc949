package dev.tessera.nn.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Layer normalization over the feature axis of [N, d] (PyTorch's {@code LayerNorm(d)}: gamma 1, beta 0, eps 1e-5). */
public final class Norm extends FixedShapeBlock {
    /** PyTorch's epsilon. */
    public static final float EPS = 1e-5f;

    private final int width;
    private final Parameter gamma;
    private final Parameter beta;

    /** @param width d */
    public Norm(int width) {
        this.width = width;
        this.gamma = declare(Parameters.constant("gamma", new Shape(width), 1f));
        this.beta = declare(Parameter.builder().setName("beta").setType(Parameter.Type.BIAS).optShape(new Shape(width))
                .build());
    }

    /**
     * @param store parameter values
     * @param x [N, d]
     * @param training whether gradients are recorded
     * @return [N, d], in x's manager
     */
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray g = store.getValue(gamma, x.getDevice(), training);
        NDArray b = store.getValue(beta, x.getDevice(), training);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(width), g, b, EPS).singletonOrThrow();
    }
}
