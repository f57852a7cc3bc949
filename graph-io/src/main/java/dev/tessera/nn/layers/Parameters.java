package dev.tessera.nn.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.UniformInitializer;

/** Parameter declarations shared by GECO's blocks, initialized as PyTorch initializes the same modules. */
public final class Parameters {
    private Parameters() {
    }

    /**
     * @param name the parameter's name
     * @param out rows
     * @param in columns (the fan-in)
     * @return a [out, in] weight, U(±1/sqrt(in)) as {@code torch.nn.Linear}
     */
    public static Parameter linearWeight(String name, int out, int in) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(new Shape(out, in))
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(in)))).build();
    }

    /**
     * @param name the parameter's name
     * @param out size
     * @param in the fan-in of the layer it belongs to
     * @return a [out] bias, U(±1/sqrt(in)) as {@code torch.nn.Linear}
     */
    public static Parameter linearBias(String name, int out, int in) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(out))
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(in)))).build();
    }

    /**
     * @param name the parameter's name
     * @param shape its shape
     * @param value every entry's initial value
     * @return a parameter filled with a constant
     */
    public static Parameter constant(String name, Shape shape, float value) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new ConstantInitializer(value)).build();
    }
}
