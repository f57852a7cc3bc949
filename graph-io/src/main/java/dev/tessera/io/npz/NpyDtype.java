package dev.tessera.io.npz;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy element type as written in an {@code .npy} header's {@code descr}: a byte order ({@code <} little,
 * {@code >} big, {@code |} not applicable), a kind letter and a size, e.g. {@code <f4}, {@code >i8},
 * {@code |b1}, {@code <U22}, {@code |S5}.
 *
 * <p>Supported: bool {@code b1}; signed and unsigned integers {@code i1 i2 i4 i8 u1 u2 u4 u8}; floats {@code f4}
 * and {@code f8}; fixed-width unicode {@code U n} (n UTF-32 code units, 4n bytes); fixed-width bytes
 * {@code S n}. Object arrays ({@code |O}) are Python pickles and are refused, as are float16, complex,
 * datetime and structured types.
 *
 * @param kind the kind of value
 * @param itemSize bytes per element (for {@code U n}: 4n)
 * @param order the byte order of multi-byte elements; {@link ByteOrder#LITTLE_ENDIAN} for single-byte kinds
 */
public record NpyDtype(Kind kind, int itemSize, ByteOrder order) {
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([a-zA-Z?])(\\d*)");

    /** The kinds of element. */
    public enum Kind {
        /** numpy {@code bool_}, one byte, 0 or not 0. */
        BOOL('b'),
        /** Two's-complement signed integer. */
        INT('i'),
        /** Unsigned integer. */
        UINT('u'),
        /** IEEE 754 binary32 or binary64. */
        FLOAT('f'),
        /** Fixed-width unicode string: UTF-32 code units, padded with NUL. */
        UNICODE('U'),
        /** Fixed-width byte string, padded with NUL. */
        BYTES('S');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /** @return the kind letter in a {@code descr} */
        public char code() {
            return code;
        }
    }

    /** {@code |b1}. */
    public static final NpyDtype BOOL = new NpyDtype(Kind.BOOL, 1, ByteOrder.LITTLE_ENDIAN);
    /** {@code |i1}. */
    public static final NpyDtype INT8 = new NpyDtype(Kind.INT, 1, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i2}. */
    public static final NpyDtype INT16 = new NpyDtype(Kind.INT, 2, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i4}. */
    public static final NpyDtype INT32 = new NpyDtype(Kind.INT, 4, ByteOrder.LITTLE_ENDIAN);
    /** {@code <i8}. */
    public static final NpyDtype INT64 = new NpyDtype(Kind.INT, 8, ByteOrder.LITTLE_ENDIAN);
    /** {@code |u1}. */
    public static final NpyDtype UINT8 = new NpyDtype(Kind.UINT, 1, ByteOrder.LITTLE_ENDIAN);
    /** {@code <u2}. */
    public static final NpyDtype UINT16 = new NpyDtype(Kind.UINT, 2, ByteOrder.LITTLE_ENDIAN);
    /** {@code <u4}. */
    public static final NpyDtype UINT32 = new NpyDtype(Kind.UINT, 4, ByteOrder.LITTLE_ENDIAN);
    /** {@code <u8}. */
    public static final NpyDtype UINT64 = new NpyDtype(Kind.UINT, 8, ByteOrder.LITTLE_ENDIAN);
    /** {@code <f4}. */
    public static final NpyDtype FLOAT32 = new NpyDtype(Kind.FLOAT, 4, ByteOrder.LITTLE_ENDIAN);
    /** {@code <f8}. */
    public static final NpyDtype FLOAT64 = new NpyDtype(Kind.FLOAT, 8, ByteOrder.LITTLE_ENDIAN);

    /** Checks that the kind and size form a supported type. */
    public NpyDtype {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(order, "order");
        boolean ok = switch (kind) {
            case BOOL -> itemSize == 1;
            case INT, UINT -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case FLOAT -> itemSize == 4 || itemSize == 8;
            case UNICODE -> itemSize >= 0 && itemSize % 4 == 0;
            case BYTES -> itemSize >= 0;
        };
        if (!ok) {
            throw new IllegalArgumentException("unsupported dtype " + kind + " of " + itemSize + " bytes");
        }
        if (!hasByteOrder(kind, itemSize)) {
            order = ByteOrder.LITTLE_ENDIAN; // irrelevant for single bytes; one value keeps equals() simple
        }
    }

    /**
     * @param length n, the number of characters
     * @return {@code <U n}
     */
    public static NpyDtype unicode(int length) {
        return new NpyDtype(Kind.UNICODE, Math.multiplyExact(length, 4), ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param length n, the number of bytes
     * @return {@code |S n}
     */
    public static NpyDtype bytes(int length) {
        return new NpyDtype(Kind.BYTES, length, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Parses a {@code descr} string.
     *
     * @param descr e.g. {@code <f4}, {@code |b1}, {@code >i8}, {@code <U7}
     * @return the dtype
     * @throws IllegalArgumentException when the text is not a supported dtype (the message says why)
     */
    public static NpyDtype parse(String descr) {
        Matcher m = DESCR.matcher(descr);
        if (!m.matches()) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
        }
        char code = m.group(2).charAt(0);
        String digits = m.group(3);
        if (code == 'O') {
            throw new IllegalArgumentException("dtype '" + descr + "' is an object array (Python pickles), which is not read");
        }
        Kind kind = switch (code) {
            case 'b', '?' -> Kind.BOOL;
            case 'i' -> Kind.INT;
            case 'u' -> Kind.UINT;
            case 'f' -> Kind.FLOAT;
            case 'U' -> Kind.UNICODE;
            case 'S' -> Kind.BYTES;
            default -> throw new IllegalArgumentException("unsupported dtype '" + descr
                    + "' (supported: bool, int/uint 1-8 bytes, float32, float64, U n, S n)");
        };
        int n;
        if (digits.isEmpty()) {
            n = kind == Kind.BOOL ? 1 : -1;
        } else if (digits.length() > 9) {
            n = -1;
        } else {
            n = Integer.parseInt(digits);
        }
        if (n < 0 || (kind == Kind.UNICODE && n > Integer.MAX_VALUE / 4)) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "' (missing or bad size)");
        }
        int size = kind == Kind.UNICODE ? n * 4 : n;
        ByteOrder order = switch (m.group(1)) {
            case ">" -> ByteOrder.BIG_ENDIAN;
            case "=" -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN;
        };
        boolean multiByte = size > 1 && kind != Kind.BYTES || kind == Kind.UNICODE;
        if (multiByte && (m.group(1).equals("|") || m.group(1).isEmpty())) {
            throw new IllegalArgumentException("dtype '" + descr + "' lacks a byte order (< or >)");
        }
        try {
            return new NpyDtype(kind, size, order);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported dtype '" + descr + "' (size " + n + ")");
        }
    }

    /** @return whether the byte order matters (multi-byte numbers and unicode) */
    public boolean hasByteOrder() {
        return hasByteOrder(kind, itemSize);
    }

    private static boolean hasByteOrder(Kind kind, int itemSize) {
        return kind == Kind.UNICODE || (kind != Kind.BYTES && itemSize > 1);
    }

    /** @return the {@code descr} string, e.g. {@code <f4}, {@code |b1}, {@code <U7} */
    public String descr() {
        char prefix = hasByteOrder() ? (order == ByteOrder.BIG_ENDIAN ? '>' : '<') : '|';
        int size = kind == Kind.UNICODE ? itemSize / 4 : itemSize;
        return "" + prefix + kind.code() + size;
    }

    /**
     * @param newOrder a byte order
     * @return this type with that byte order (itself when the order does not matter)
     */
    public NpyDtype withOrder(ByteOrder newOrder) {
        return new NpyDtype(kind, itemSize, newOrder);
    }

    /** @return whether the kind is BOOL, INT or UINT (values that {@link NpyArray#asLongs()} reads) */
    public boolean isInteger() {
        return kind == Kind.BOOL || kind == Kind.INT || kind == Kind.UINT;
    }

    /** @return whether the kind is UNICODE or BYTES */
    public boolean isString() {
        return kind == Kind.UNICODE || kind == Kind.BYTES;
    }

    @Override
    public String toString() {
        return descr();
    }
}
