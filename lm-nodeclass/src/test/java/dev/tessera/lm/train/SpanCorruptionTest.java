package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanCorruptionTest {
    private static final long EOS = 1;
    private static final long[] SENTINELS = {99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 88, 87, 86, 85, 84, 83, 82,
        81, 80};

    private static SpanCorruption t5() {
        return new SpanCorruption(0.15, 3, SENTINELS, EOS);
    }

    @Test
    void theJavadocExample() {
        // a b c d e f g h, noise c d and g
        long[] tokens = {10, 11, 12, 13, 14, 15, 16, 17};
        boolean[] mask = {false, false, true, true, false, false, true, false};
        SpanCorruption.Example e = t5().apply(tokens, mask);
        assertArrayEquals(new long[] {10, 11, 99, 14, 15, 98, 17, EOS}, e.input());
        assertArrayEquals(new long[] {99, 12, 13, 98, 16, EOS}, e.target());
    }

    @Test
    void masksFifteenPercentInSpansOfMeanThree() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            boolean[] mask = t5().noiseMask(100, rnd);
            int noise = 0;
            int runs = 0;
            for (int i = 0; i < mask.length; i++) {
                noise += mask[i] ? 1 : 0;
                runs += mask[i] && (i == 0 || !mask[i - 1]) ? 1 : 0;
            }
            assertEquals(15, noise, "round(100 * 0.15)");
            assertEquals(5, runs, "round(15 / 3) spans, never touching");
            assertFalse(mask[0], "the text starts with kept tokens");
        }
    }

    @Test
    void inputAndTargetTogetherGiveBackTheText() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int len : new int[] {2, 3, 7, 40, 257}) {
            long[] tokens = new long[len];
            for (int i = 0; i < len; i++) {
                tokens[i] = 200 + i;
            }
            SpanCorruption.Example e = t5().corrupt(tokens, rnd);
            assertEquals(EOS, e.input()[e.input().length - 1]);
            assertEquals(EOS, e.target()[e.target().length - 1]);
            // Put each sentinel's span back where the input has that sentinel.
            List<Long> rebuilt = new ArrayList<>();
            for (long id : Arrays.copyOf(e.input(), e.input().length - 1)) {
                if (id < 100 && id >= 80) {
                    int at = indexOf(e.target(), id);
                    assertTrue(at >= 0, "sentinel " + id + " in the target");
                    for (int k = at + 1; k < e.target().length - 1 && e.target()[k] >= 100; k++) {
                        rebuilt.add(e.target()[k]);
                    }
                } else {
                    rebuilt.add(id);
                }
            }
            assertArrayEquals(tokens, rebuilt.stream().mapToLong(Long::longValue).toArray(), "length " + len);
            long dropped = 0;
            for (boolean b : e.noise()) {
                dropped += b ? 1 : 0;
            }
            assertTrue(dropped >= 1 && dropped <= len - 1, "length " + len);
        }
    }

    @Test
    void sameSeedSameMask() {
        boolean[] a = t5().noiseMask(64, new SplittableRandom(5));
        boolean[] b = t5().noiseMask(64, new SplittableRandom(5));
        assertArrayEquals(a, b);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SpanCorruption(0, 3, SENTINELS, EOS));
        assertThrows(IllegalArgumentException.class, () -> new SpanCorruption(0.15, 0.5, SENTINELS, EOS));
        assertThrows(IllegalArgumentException.class, () -> new SpanCorruption(0.15, 3, new long[0], EOS));
        assertThrows(IllegalArgumentException.class, () -> t5().noiseMask(1, new SplittableRandom(0)));
    }

    private static int indexOf(long[] a, long v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
