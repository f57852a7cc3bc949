package dev.tessera.io.safetensors;

import java.util.Locale;
import java.util.Optional;

/** The element types of the safetensors format, with their names in the header and their sizes in bytes. */
public enum SafetensorsDtype {
    /** Boolean, one byte (0 or 1). */
    BOOL(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Signed 8-bit integer. */
    I8(1),
    /** Signed 16-bit integer. */
    I16(2),
    /** Unsigned 16-bit integer. */
    U16(2),
    /** IEEE half precision. */
    F16(2),
    /** bfloat16. */
    BF16(2),
    /** Signed 32-bit integer. */
    I32(4),
    /** Unsigned 32-bit integer. */
    U32(4),
    /** IEEE single precision. */
    F32(4),
    /** IEEE double precision. */
    F64(8),
    /** Signed 64-bit integer. */
    I64(8),
    /** Unsigned 64-bit integer. */
    U64(8);

    private final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /**
     * @param name a header dtype such as {@code "F32"}
     * @return the type, or empty when the name is unknown
     */
    public static Optional<SafetensorsDtype> parse(String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
