package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Buckets checked by hand from the formula (32 buckets, max distance 128). */
class T5RelativePositionTest {
    private static int enc(int rel) {
        return T5RelativePosition.bucket(rel, true, 32, 128);
    }

    private static int dec(int rel) {
        return T5RelativePosition.bucket(rel, false, 32, 128);
    }

    @Test
    void bidirectionalBuckets() {
        assertEquals(0, enc(0));
        assertEquals(1, enc(-1));
        assertEquals(17, enc(1)); // keys to the right use the upper half
        assertEquals(7, enc(-7));
        assertEquals(23, enc(7));
        assertEquals(8, enc(-8)); // 8 + floor(log(1)/log(16)·8)
        assertEquals(10, enc(-16)); // 8 + floor(0.25·8): the exact boundary lands in the upper bucket
        assertEquals(12, enc(-32));
        assertEquals(14, enc(-64));
        assertEquals(30, enc(64));
        assertEquals(15, enc(-127)); // 8 + floor(0.997·8)
        assertEquals(15, enc(-128)); // capped at n - 1
        assertEquals(31, enc(1000));
    }

    @Test
    void causalBuckets() {
        assertEquals(0, dec(0));
        assertEquals(0, dec(5)); // future keys share bucket 0 (they are masked anyway)
        assertEquals(15, dec(-15));
        assertEquals(16, dec(-16));
        assertEquals(21, dec(-32)); // 16 + floor(log 2 / log 8 · 16) = 16 + 5
        assertEquals(26, dec(-64)); // 16 + floor(10.67)
        assertEquals(31, dec(-128));
        assertEquals(31, dec(-5000));
    }

    @Test
    void tableOffsetsQueries() {
        // one query at position 2 against keys 0..3: rel = -2, -1, 0, 1
        assertArrayEquals(new long[] {2, 1, 0, 0}, T5RelativePosition.table(2, 1, 4, false, 32, 128));
        assertArrayEquals(new long[] {0, 17, 1, 0}, T5RelativePosition.table(0, 2, 2, true, 32, 128));
    }
}
