package dev.tessera.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands that the engine owns.
 *
 * <p><b>Why.</b> DJL's {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code maximum}, {@code minimum}
 * with a number) wraps the number in a 0-d tensor that aliases a Java direct buffer, runs the op and closes the
 * wrapper at once. PyTorch's autograd keeps that tensor for the backward pass of every op whose gradient needs the
 * operand ({@code x·c}, {@code x/c}, {@code x^c}, {@code max(x, c)}); once the garbage collector has freed the
 * buffer, the backward pass reads freed memory: gradients that differ from run to run with the same seed, depending
 * on what ran before in the JVM, and now and then NaN. A scalar from {@link #of} lives in memory the engine
 * allocated (a 0-d {@code full}), which autograd keeps alive for as long as it needs it.
 *
 * <p>Use it for the number operand of an op on a tensor that needs a gradient; ops without a gradient, and
 * {@code add}/{@code sub} (whose backward ignores the operand's value), are safe with a plain number.
 */
public final class Scalars {
    private Scalars() {
    }

    /**
     * @param like gives the manager, data type and device
     * @param value the scalar
     * @return a 0-d tensor holding {@code value}, in {@code like}'s manager
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }
}
