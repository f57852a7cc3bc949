package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.ordering.RandomOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpochSamplerTest {
    @Test
    void allExamplesPerEpochIsOneFreshShufflePerEpoch() {
        // k = n must be the order of the trainer before sampling existed: one permutation per epoch, one generator
        EpochSampler s = new EpochSampler(7, 7, 11);
        SplittableRandom r = new SplittableRandom(11);
        for (int epoch = 0; epoch < 4; epoch++) {
            assertArrayEquals(RandomOrder.permutation(7, r), s.next(), "epoch " + epoch);
        }
    }

    @Test
    void samplesAreSlicesOfTheShuffleStreamSoEveryExampleComesOnceBeforeAnyTwice() {
        int n = 10;
        EpochSampler s = new EpochSampler(n, 4, 3);
        SplittableRandom r = new SplittableRandom(3);
        int[] stream = new int[30];
        for (int p = 0; p < 3; p++) {
            System.arraycopy(RandomOrder.permutation(n, r), 0, stream, p * n, n);
        }
        int[] seen = new int[28];
        for (int epoch = 0; epoch < 7; epoch++) {
            int[] e = s.next();
            assertEquals(4, e.length);
            assertArrayEquals(Arrays.copyOfRange(stream, 4 * epoch, 4 * epoch + 4), e, "epoch " + epoch);
            System.arraycopy(e, 0, seen, 4 * epoch, 4);
        }
        // the first 10 draws (epochs 0, 1 and half of 2) hold every example once
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.stream(seen, 0, n).sorted().toArray());
    }

    @Test
    void sameSeedSameEpochsOtherSeedOrEpochOtherSample() {
        EpochSampler a = new EpochSampler(1000, 50, 5);
        EpochSampler b = new EpochSampler(1000, 50, 5);
        EpochSampler c = new EpochSampler(1000, 50, 6);
        int[] a0 = a.next();
        int[] a1 = a.next();
        assertArrayEquals(a0, b.next());
        assertArrayEquals(a1, b.next());
        assertFalse(Arrays.equals(a0, a1), "consecutive epochs drew the same sample");
        assertFalse(Arrays.equals(a0, c.next()), "two seeds drew the same sample");
        // within the first shuffle, two epochs' samples are disjoint
        assertEquals(100, java.util.stream.IntStream.concat(Arrays.stream(a0), Arrays.stream(a1)).distinct().count());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(5, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(0, 1, 0));
    }
}
