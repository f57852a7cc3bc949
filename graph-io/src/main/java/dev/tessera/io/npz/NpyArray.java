package dev.tessera.io.npz;

import dev.tessera.io.npz.NpyDtype.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One NumPy array: a {@link NpyDtype}, a shape and its elements as bytes in C (row-major) order, in the dtype's
 * byte order. Immutable. Typed accessors ({@link #asLongs()}, {@link #asFloats()}, {@link #asBooleans()},
 * {@link #asStrings()}, ...) decode the elements, flattened in C order; factories ({@link #ofLongs(long[], long...)},
 * ...) encode Java arrays.
 *
 * <p>Shape: {@code [d0, ..., dk-1]} with {@code size = d0 * ... * dk-1} elements (1 for a 0-d scalar). The bytes
 * live in one Java array, so one array holds less than 2<sup>31</sup> bytes.
 */
public final class NpyArray {
    private final NpyDtype dtype;
    private final long[] shape;
    private final byte[] data;

    private NpyArray(NpyDtype dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps raw element bytes (no copy; the caller must not modify them).
     *
     * @param dtype the element type
     * @param shape the shape
     * @param data [size * itemSize] bytes, C order, in the dtype's byte order
     * @return the array
     * @throws IllegalArgumentException when the byte count does not match the shape
     */
    public static NpyArray of(NpyDtype dtype, long[] shape, byte[] data) {
        Objects.requireNonNull(dtype, "dtype");
        long bytes = Math.multiplyExact(sizeOf(shape), (long) dtype.itemSize());
        if (data.length != bytes) {
            throw new IllegalArgumentException(data.length + " bytes for shape " + shapeString(shape) + " of " + dtype);
        }
        return new NpyArray(dtype, shape.clone(), data);
    }

    /**
     * Reorders raw element bytes stored in Fortran (column-major) order into a C-order array, as numpy pickles
     * and {@code .npy} files with {@code fortran_order} store them.
     *
     * @param dtype the element type
     * @param shape the shape
     * @param data [size * itemSize] bytes, Fortran order, in the dtype's byte order (not modified)
     * @return the array, C order
     * @throws IllegalArgumentException when the byte count does not match the shape
     */
    public static NpyArray ofFortranOrder(NpyDtype dtype, long[] shape, byte[] data) {
        NpyArray checked = of(dtype, shape, data);
        return new NpyArray(dtype, checked.shape, NpyFile.reorder(data, checked.shape, dtype.itemSize(), true));
    }

    /**
     * @param values flattened in C order
     * @param shape the shape (default: one dimension of {@code values.length})
     * @return a {@code |b1} array
     */
    public static NpyArray ofBooleans(boolean[] values, long... shape) {
        shape = shapeFor(values.length, shape);
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) (values[i] ? 1 : 0);
        }
        return new NpyArray(NpyDtype.BOOL, shape, b);
    }

    /**
     * @param values flattened in C order
     * @param shape the shape (default: one dimension)
     * @return a {@code <i8} array
     */
    public static NpyArray ofLongs(long[] values, long... shape) {
        return ofLongs(NpyDtype.INT64, values, shape);
    }

    /**
     * @param values flattened in C order
     * @param shape the shape (default: one dimension)
     * @return a {@code <i4} array
     */
    public static NpyArray ofInts(int[] values, long... shape) {
        return ofLongs(NpyDtype.INT32, Arrays.stream(values).asLongStream().toArray(), shape);
    }

    /**
     * Encodes integers into any integer or bool dtype.
     *
     * @param dtype a BOOL, INT or UINT dtype
     * @param values flattened in C order; for {@code u8}, values are read as unsigned 64-bit patterns
     * @param shape the shape (default: one dimension)
     * @return the array
     * @throws IllegalArgumentException when a value does not fit the dtype
     */
    public static NpyArray ofLongs(NpyDtype dtype, long[] values, long... shape) {
        if (!dtype.isInteger()) {
            throw new IllegalArgumentException("ofLongs needs an integer or bool dtype, not " + dtype);
        }
        shape = shapeFor(values.length, shape);
        int size = dtype.itemSize();
        ByteBuffer buf = ByteBuffer.allocate(values.length * size).order(dtype.order());
        int bits = size * 8;
        for (long v : values) {
            boolean fits = switch (dtype.kind()) {
                case BOOL -> v == 0 || v == 1;
                case INT -> bits == 64 || (v >= -(1L << (bits - 1)) && v < (1L << (bits - 1)));
                default -> bits == 64 || (v >= 0 && v < (1L << bits));
            };
            if (!fits) {
                throw new IllegalArgumentException("value " + v + " does not fit " + dtype);
            }
            switch (size) {
                case 1 -> buf.put((byte) v);
                case 2 -> buf.putShort((short) v);
                case 4 -> buf.putInt((int) v);
                default -> buf.putLong(v);
            }
        }
        return new NpyArray(dtype, shape, buf.array());
    }

    /**
     * @param values flattened in C order
     * @param shape the shape (default: one dimension)
     * @return a {@code <f4} array
     */
    public static NpyArray ofFloats(float[] values, long... shape) {
        shape = shapeFor(values.length, shape);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return new NpyArray(NpyDtype.FLOAT32, shape, buf.array());
    }

    /**
     * @param values flattened in C order
     * @param shape the shape (default: one dimension)
     * @return a {@code <f8} array
     */
    public static NpyArray ofDoubles(double[] values, long... shape) {
        shape = shapeFor(values.length, shape);
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        return new NpyArray(NpyDtype.FLOAT64, shape, buf.array());
    }

    /**
     * Encodes strings as fixed-width unicode, as {@code numpy.array(list_of_str)} does: width = the longest
     * string's code points (at least 1), shorter strings padded with NUL.
     *
     * @param values flattened in C order; must not contain NUL (it would be read back as padding)
     * @param shape the shape (default: one dimension)
     * @return a {@code <U n} array
     */
    public static NpyArray ofStrings(List<String> values, long... shape) {
        int width = 1;
        for (String s : values) {
            width = Math.max(width, s.codePointCount(0, s.length()));
        }
        return ofStrings(NpyDtype.unicode(width), values, shape);
    }

    /**
     * Encodes strings into a fixed-width dtype: {@code U n} as UTF-32, {@code S n} as UTF-8 bytes.
     *
     * @param dtype a UNICODE or BYTES dtype
     * @param values flattened in C order
     * @param shape the shape (default: one dimension)
     * @return the array
     * @throws IllegalArgumentException when a string is longer than the width or holds NUL
     */
    public static NpyArray ofStrings(NpyDtype dtype, List<String> values, long... shape) {
        if (!dtype.isString()) {
            throw new IllegalArgumentException("ofStrings needs a U or S dtype, not " + dtype);
        }
        shape = shapeFor(values.size(), shape);
        int size = dtype.itemSize();
        ByteBuffer buf = ByteBuffer.allocate(Math.multiplyExact(values.size(), size)).order(dtype.order());
        for (int i = 0; i < values.size(); i++) {
            String s = values.get(i);
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("string " + i + " holds NUL, which numpy reads as padding");
            }
            buf.position(i * size);
            if (dtype.kind() == Kind.UNICODE) {
                int[] cps = s.codePoints().toArray();
                if (cps.length * 4 > size) {
                    throw new IllegalArgumentException("string " + i + " has " + cps.length + " characters, more than " + dtype);
                }
                for (int cp : cps) {
                    buf.putInt(cp);
                }
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                if (b.length > size) {
                    throw new IllegalArgumentException("string " + i + " has " + b.length + " bytes, more than " + dtype);
                }
                buf.put(b);
            }
        }
        return new NpyArray(dtype, shape, buf.array());
    }

    /** @return the element type */
    public NpyDtype dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions (0 for a scalar) */
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

    /** @return the number of elements */
    public long size() {
        return sizeOf(shape);
    }

    /** @return the shape as numpy prints it, e.g. {@code (3, 2)}, {@code (5,)}, {@code ()} */
    public String shapeString() {
        return shapeString(shape);
    }

    /** @return a copy of the raw element bytes, C order, in the dtype's byte order */
    public byte[] bytes() {
        return data.clone();
    }

    /** Raw bytes without a copy, for {@link NpyFile}. */
    byte[] rawBytes() {
        return data;
    }

    /**
     * @param order a byte order
     * @return the same values stored in that byte order (this array when nothing changes)
     */
    public NpyArray withOrder(ByteOrder order) {
        if (!dtype.hasByteOrder() || dtype.order().equals(order)) {
            return this;
        }
        // Unicode swaps each 4-byte code unit; numbers swap the whole element.
        int unit = dtype.kind() == Kind.UNICODE ? 4 : dtype.itemSize();
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += unit) {
            for (int j = 0; j < unit; j++) {
                out[i + j] = data[i + unit - 1 - j];
            }
        }
        return new NpyArray(dtype.withOrder(order), shape, out);
    }

    /**
     * @return the elements as booleans (any non-zero byte is true)
     * @throws IllegalArgumentException unless the dtype is bool
     */
    public boolean[] asBooleans() {
        require(dtype.kind() == Kind.BOOL, "bool");
        boolean[] out = new boolean[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] != 0;
        }
        return out;
    }

    /**
     * @return the elements as 64-bit integers (bool as 0/1)
     * @throws IllegalArgumentException unless the dtype is an integer or bool, or when a {@code u8} value exceeds
     *     {@link Long#MAX_VALUE}
     */
    public long[] asLongs() {
        require(dtype.isInteger(), "integer");
        int n = elementCount();
        long[] out = new long[n];
        ByteBuffer buf = buffer();
        int size = dtype.itemSize();
        boolean signed = dtype.kind() == Kind.INT;
        for (int i = 0; i < n; i++) {
            long v = switch (size) {
                case 1 -> signed ? buf.get(i) : Byte.toUnsignedLong(buf.get(i));
                case 2 -> signed ? buf.getShort(i * 2) : Short.toUnsignedLong(buf.getShort(i * 2));
                case 4 -> signed ? buf.getInt(i * 4) : Integer.toUnsignedLong(buf.getInt(i * 4));
                default -> buf.getLong(i * 8);
            };
            if (size == 8 && !signed && v < 0) {
                throw new IllegalArgumentException("element " + i + " = " + Long.toUnsignedString(v) + " exceeds a signed 64-bit integer");
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * @return the elements as 32-bit integers
     * @throws IllegalArgumentException unless the dtype is an integer or bool, or when a value does not fit
     */
    public int[] asInts() {
        long[] l = asLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i]) {
                throw new IllegalArgumentException("element " + i + " = " + l[i] + " does not fit a 32-bit integer");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    /**
     * @return the elements as doubles (integers converted, float32 widened exactly)
     * @throws IllegalArgumentException unless the dtype is a number or bool
     */
    public double[] asDoubles() {
        if (dtype.kind() != Kind.FLOAT) {
            require(dtype.isInteger(), "numeric");
            long[] l = asLongs();
            double[] out = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                out[i] = l[i];
            }
            return out;
        }
        int n = elementCount();
        double[] out = new double[n];
        ByteBuffer buf = buffer();
        for (int i = 0; i < n; i++) {
            out[i] = dtype.itemSize() == 4 ? buf.getFloat(i * 4) : buf.getDouble(i * 8);
        }
        return out;
    }

    /**
     * @return the elements as floats: float32 exactly, float64 rounded to nearest, integers converted
     * @throws IllegalArgumentException unless the dtype is a number or bool
     */
    public float[] asFloats() {
        if (dtype.kind() == Kind.FLOAT && dtype.itemSize() == 4) {
            int n = elementCount();
            float[] out = new float[n];
            buffer().asFloatBuffer().get(out);
            return out;
        }
        double[] d = asDoubles();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    /**
     * @return the elements as strings, trailing NUL padding removed: {@code U n} decoded from UTF-32, {@code S n}
     *     from UTF-8
     * @throws IllegalArgumentException unless the dtype is U or S, or when a code point is invalid
     */
    public List<String> asStrings() {
        require(dtype.isString(), "string (U or S)");
        int n = elementCount();
        int size = dtype.itemSize();
        List<String> out = new ArrayList<>(n);
        ByteBuffer buf = buffer();
        for (int i = 0; i < n; i++) {
            int base = i * size;
            if (dtype.kind() == Kind.UNICODE) {
                int len = size / 4;
                while (len > 0 && buf.getInt(base + (len - 1) * 4) == 0) {
                    len--;
                }
                StringBuilder sb = new StringBuilder(len);
                for (int k = 0; k < len; k++) {
                    int cp = buf.getInt(base + k * 4);
                    if (!Character.isValidCodePoint(cp)) {
                        throw new IllegalArgumentException("element " + i + " holds invalid code point " + Integer.toHexString(cp));
                    }
                    sb.appendCodePoint(cp);
                }
                out.add(sb.toString());
            } else {
                int len = size;
                while (len > 0 && data[base + len - 1] == 0) {
                    len--;
                }
                out.add(new String(data, base, len, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(dtype.order());
    }

    private int elementCount() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " elements exceed one Java array");
        }
        return (int) n;
    }

    private void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " is not " + what);
        }
    }

    private static long[] shapeFor(int length, long[] shape) {
        if (shape == null || shape.length == 0) {
            return new long[] {length};
        }
        if (sizeOf(shape) != length) {
            throw new IllegalArgumentException(length + " values for shape " + shapeString(shape));
        }
        return shape.clone();
    }

    /**
     * @param shape a shape
     * @return the product of its dimensions (1 for a scalar)
     * @throws IllegalArgumentException for a negative dimension
     */
    static long sizeOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * @param shape a shape
     * @return as numpy prints it: {@code ()}, {@code (5,)}, {@code (3, 2)}
     */
    static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** Equal when dtype, shape and bytes agree. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && dtype.equals(a.dtype) && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyArray(" + dtype.descr() + ", " + shapeString() + ")";
    }
}
