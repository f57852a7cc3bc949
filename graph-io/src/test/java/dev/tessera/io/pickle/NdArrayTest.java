package dev.tessera.io.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NdArrayTest {
    @Test
    void fortranOrderOfThreeDimensionsIsReadInCOrder() {
        // Shape (2, 2, 2), Fortran storage: element (i, j, k) stored at i + 2j + 4k, value 100i + 10j + k.
        byte[] raw = new byte[8];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    raw[i + 2 * j + 4 * k] = (byte) (100 * i + 10 * j + k);
                }
            }
        }
        NdArray a = new NdArray(new long[] {2, 2, 2}, DType.parse("u1", "|"), true, raw);
        assertArrayEquals(new long[] {0, 1, 10, 11, 100, 101, 110, 111}, a.toLongArray());
    }

    @Test
    void unsignedAndHalfAndBoolElements() {
        NdArray u = new NdArray(new long[] {2}, DType.parse("u2", "<"), false, new byte[] {(byte) 0xff, (byte) 0xff, 1, 0});
        assertArrayEquals(new long[] {65535, 1}, u.toLongArray());
        byte[] half = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putShort(Float.floatToFloat16(1.5f))
                .putShort(Float.floatToFloat16(-2f)).array();
        assertArrayEquals(new float[] {1.5f, -2f}, new NdArray(new long[] {2}, DType.parse("f2", ">"), false, half).toFloatArray());
        assertArrayEquals(new float[] {1f, 0f}, new NdArray(new long[] {2}, DType.parse("b1", "|"), false, new byte[] {1, 0}).toFloatArray());
    }

    @Test
    void integerViewOfFloatsMustBeIntegral() {
        byte[] raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(0.5f).array();
        NdArray a = new NdArray(new long[] {2}, DType.parse("f4", "<"), false, raw);
        assertEquals(3L, a.getLong(0));
        assertEquals("array element 1 is 0.5, not an integer", assertThrows(IllegalArgumentException.class, () -> a.getLong(1)).getMessage());
    }

    @Test
    void refusesWrongByteCountsAndUnreadDtypes() {
        assertThrows(IllegalArgumentException.class, () -> new NdArray(new long[] {2, 2}, DType.parse("f4", "<"), false, new byte[12]));
        assertEquals("dtype 'O8' is not read (only bool, integer and float arrays)",
                assertThrows(IllegalArgumentException.class, () -> DType.parse("O8", "|")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.parse("c16", "<"));
        assertThrows(IllegalArgumentException.class, () -> DType.parse("i3", "<"));
        assertThrows(IllegalArgumentException.class, () -> DType.parse("f4", "?"));
    }
}
