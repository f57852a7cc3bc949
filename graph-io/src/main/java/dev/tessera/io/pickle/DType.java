package dev.tessera.io.pickle;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A numpy scalar dtype that Tessera reads: bool ({@code b1}), signed ({@code i1..i8}) and unsigned
 * ({@code u1..u8}) integers and floats ({@code f2, f4, f8}), with a byte order. numpy pickles a dtype as
 * {@code numpy.dtype("f4", 0, 1)} followed by a state tuple whose second item is the byte order
 * ({@code <}, {@code >}, {@code |} or {@code =}).
 *
 * @param kind {@code 'b'} bool, {@code 'i'} signed integer, {@code 'u'} unsigned integer, {@code 'f'} float
 * @param itemSize bytes per element
 * @param order the byte order of the stored elements
 */
public record DType(char kind, int itemSize, ByteOrder order) {
    /** Checks the kind/size combination. */
    public DType {
        Objects.requireNonNull(order, "order");
        boolean ok = switch (kind) {
            case 'b' -> itemSize == 1;
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'f' -> itemSize == 2 || itemSize == 4 || itemSize == 8;
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("dtype '" + kind + itemSize + "' is not read (only bool, integer and float arrays)");
        }
    }

    /**
     * @param code numpy's type code as pickled, e.g. {@code f4}, {@code i8}, {@code b1}
     * @param byteOrder numpy's byte-order character: {@code <} little, {@code >} big, {@code |} not applicable,
     *     {@code =} native; {@code null} means little-endian
     * @return the dtype
     * @throws IllegalArgumentException for types other than bool, integers and floats (objects, strings,
     *     records, complex numbers, dates)
     */
    public static DType parse(String code, String byteOrder) {
        if (code == null || code.length() < 2 || !code.substring(1).chars().allMatch(Character::isDigit)
                || code.length() > 3) {
            throw new IllegalArgumentException("dtype '" + code + "' is not read (only bool, integer and float arrays)");
        }
        ByteOrder order = switch (byteOrder == null ? "<" : byteOrder) {
            case "<", "|" -> ByteOrder.LITTLE_ENDIAN;
            case ">" -> ByteOrder.BIG_ENDIAN;
            case "=" -> ByteOrder.nativeOrder();
            default -> throw new IllegalArgumentException("dtype byte order '" + byteOrder + "' is not one of < > | =");
        };
        return new DType(code.charAt(0), Integer.parseInt(code.substring(1)), order);
    }

    /** @return whether elements are floats */
    public boolean isFloat() {
        return kind == 'f';
    }

    /** @return numpy's spelling, e.g. {@code <f4}, {@code >i8}, {@code |b1} */
    @Override
    public String toString() {
        char o = itemSize == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return "" + o + kind + itemSize;
    }
}
