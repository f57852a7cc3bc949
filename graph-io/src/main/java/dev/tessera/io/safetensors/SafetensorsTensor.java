package dev.tessera.io.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: its name, element type, shape and raw little-endian bytes (row-major).
 *
 * @param name the tensor's key in the header
 * @param dtype the element type
 * @param shape the dimensions (empty for a scalar)
 * @param data exactly {@code numel * dtype.byteSize()} bytes, little-endian, position 0
 */
public record SafetensorsTensor(String name, SafetensorsDtype dtype, long[] shape, ByteBuffer data) {
    /** Checks the size and makes the buffer little-endian. */
    public SafetensorsTensor {
        shape = shape.clone();
        long numel = numel(shape);
        if (data.remaining() != numel * dtype.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "': " + data.remaining() + " bytes for shape "
                    + Arrays.toString(shape) + " of " + dtype);
        }
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param shape dimensions
     * @return their product (1 for a scalar)
     * @throws IllegalArgumentException on a negative dimension or overflow
     */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** @return the number of elements */
    public long numel() {
        return numel(shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the bytes, a read-only little-endian view at position 0 */
    @Override
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the elements of an I32 tensor */
    public int[] toIntArray() {
        require(SafetensorsDtype.I32);
        int[] out = new int[Math.toIntExact(numel())];
        data().asIntBuffer().get(out);
        return out;
    }

    /** @return the elements of an F32 tensor */
    public float[] toFloatArray() {
        require(SafetensorsDtype.F32);
        float[] out = new float[Math.toIntExact(numel())];
        data().asFloatBuffer().get(out);
        return out;
    }

    /** @return the elements of an I64 tensor */
    public long[] toLongArray() {
        require(SafetensorsDtype.I64);
        long[] out = new long[Math.toIntExact(numel())];
        data().asLongBuffer().get(out);
        return out;
    }

    /** @return the elements of an F64 tensor */
    public double[] toDoubleArray() {
        require(SafetensorsDtype.F64);
        double[] out = new double[Math.toIntExact(numel())];
        data().asDoubleBuffer().get(out);
        return out;
    }

    private void require(SafetensorsDtype want) {
        if (dtype != want) {
            throw new IllegalStateException("tensor '" + name + "' is " + dtype + ", not " + want);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsTensor t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
