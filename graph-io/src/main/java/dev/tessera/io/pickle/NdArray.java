package dev.tessera.io.pickle;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A numpy array as pickled: shape, {@link DType}, memory order and the raw element bytes. numpy pickles an array
 * as {@code _reconstruct(ndarray, (0,), b'b')} followed by the state {@code (1, shape, dtype, is_fortran, rawdata)};
 * this class holds that state, immutably, and reads elements in C (row-major) order whatever the storage order.
 *
 * <p>Element {@code i} in C order of an array of shape {@code [d0, ..., dk]} has the multi-index
 * {@code (i0, ..., ik)} with {@code i = ((i0 * d1 + i1) * d2 + ...) + ik}; it is stored at
 * {@code i0 + d0 * (i1 + d1 * (...))} in Fortran order.
 */
public final class NdArray {
    private final long[] shape;
    private final DType dtype;
    private final boolean fortranOrder;
    private final ByteBuffer data;
    private final long size;

    /**
     * @param shape the dimensions, each {@code >= 0}
     * @param dtype the element type
     * @param fortranOrder whether elements are stored column-major
     * @param data the raw elements, exactly {@code product(shape) * itemSize} bytes (kept, not copied)
     * @throws IllegalArgumentException when the byte count does not match the shape
     */
    public NdArray(long[] shape, DType dtype, boolean fortranOrder, byte[] data) {
        Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("array shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
        for (long d : shape) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                n = Arrays.stream(shape).anyMatch(x -> x == 0) ? 0 : Long.MAX_VALUE;
                break;
            }
        }
        if (n > Integer.MAX_VALUE || n * dtype.itemSize() != data.length) {
            throw new IllegalArgumentException("array of shape " + Arrays.toString(shape) + " and dtype " + dtype + " needs "
                    + (n > Integer.MAX_VALUE ? "more than 2 GiB" : n * dtype.itemSize() + " bytes") + ", the pickle holds " + data.length);
        }
        this.size = n;
        this.dtype = dtype;
        this.fortranOrder = fortranOrder && shape.length > 1;
        this.data = ByteBuffer.wrap(data).order(dtype.order()).asReadOnlyBuffer().order(dtype.order());
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions */
    public int ndim() {
        return shape.length;
    }

    /**
     * @param axis a dimension
     * @return its length
     */
    public long dim(int axis) {
        return shape[axis];
    }

    /** @return the number of elements, the product of the shape */
    public long size() {
        return size;
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return whether the elements are stored column-major (always false for fewer than 2 dimensions) */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /**
     * @param i an element index in C order, {@code [0, size)}
     * @return the element as a double (exact for floats, bools and integers up to 2<sup>53</sup>)
     */
    public double getDouble(long i) {
        int p = storage(i);
        return switch (dtype.kind()) {
            case 'f' -> switch (dtype.itemSize()) {
                case 2 -> Float.float16ToFloat(data.getShort(p * 2));
                case 4 -> data.getFloat(p * 4);
                default -> data.getDouble(p * 8);
            };
            case 'u' -> dtype.itemSize() == 8 ? unsigned64(data.getLong(p * 8)) : integer(p);
            default -> integer(p);
        };
    }

    /**
     * @param i an element index in C order, {@code [0, size)}
     * @return the element as a float, rounded once from the stored value as numpy's {@code astype(float32)} does
     */
    public float getFloat(long i) {
        if (dtype.kind() == 'f') {
            return dtype.itemSize() == 4 ? data.getFloat(storage(i) * 4) : (float) getDouble(i);
        }
        if (dtype.kind() == 'u' && dtype.itemSize() == 8) {
            return (float) unsigned64(data.getLong(storage(i) * 8));
        }
        return integer(storage(i));
    }

    /**
     * @param i an element index in C order, {@code [0, size)}
     * @return the element as a long
     * @throws IllegalArgumentException when a float element is not an integer, or an unsigned 64-bit value
     *     exceeds {@code Long.MAX_VALUE}
     */
    public long getLong(long i) {
        if (dtype.kind() == 'f') {
            double v = getDouble(i);
            if (v != Math.rint(v) || Math.abs(v) > 0x1p63) {
                throw new IllegalArgumentException("array element " + i + " is " + v + ", not an integer");
            }
            return (long) v;
        }
        long v = integer(storage(i));
        if (dtype.kind() == 'u' && dtype.itemSize() == 8 && v < 0) {
            throw new IllegalArgumentException("array element " + i + " exceeds the long range");
        }
        return v;
    }

    /** @return all elements in C order as floats ({@link #getFloat(long)}) */
    public float[] toFloatArray() {
        float[] out = new float[(int) size];
        if (dtype.kind() == 'f' && dtype.itemSize() == 4 && !fortranOrder) {
            data.asFloatBuffer().get(0, out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = getFloat(i);
        }
        return out;
    }

    /** @return all elements in C order as doubles ({@link #getDouble(long)}) */
    public double[] toDoubleArray() {
        double[] out = new double[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** @return all elements in C order as longs ({@link #getLong(long)}) */
    public long[] toLongArray() {
        long[] out = new long[(int) size];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    private long integer(int p) {
        return switch (dtype.itemSize()) {
            case 1 -> dtype.kind() == 'i' ? data.get(p) : data.get(p) & 0xffL;
            case 2 -> dtype.kind() == 'i' ? data.getShort(p * 2) : data.getShort(p * 2) & 0xffffL;
            case 4 -> dtype.kind() == 'i' ? data.getInt(p * 4) : data.getInt(p * 4) & 0xffffffffL;
            default -> data.getLong(p * 8);
        };
    }

    private static double unsigned64(long bits) {
        return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
    }

    /** Maps a C-order index to the storage index (they differ only for Fortran order). */
    private int storage(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("element " + i + " of an array of " + size);
        }
        if (!fortranOrder) {
            return (int) i;
        }
        long rest = i;
        long offset = 0;
        long stride = size;
        for (int k = shape.length - 1; k >= 0; k--) {
            long idx = rest % shape[k];
            rest /= shape[k];
            stride /= shape[k];
            // Fortran stride of axis k is the product of the dimensions before it.
            offset += idx * stride;
        }
        return (int) offset;
    }

    @Override
    public String toString() {
        return "NdArray(shape=" + Arrays.toString(shape) + ", dtype=" + dtype + (fortranOrder ? ", fortran" : "") + ")";
    }
}
