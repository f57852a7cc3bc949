package dev.tessera.geco.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FftSizesTest {
    @Test
    void smallestEvenFiveSmoothAtLeastTwiceMinusOne() {
        assertEquals(2, FftSizes.convolutionSize(1));
        assertEquals(4, FftSizes.convolutionSize(2));
        assertEquals(6, FftSizes.convolutionSize(3));
        assertEquals(200000, FftSizes.convolutionSize(100000));
        for (int n = 1; n < 5000; n++) {
            int l = FftSizes.convolutionSize(n);
            assertTrue(l >= 2 * n - 1 && l % 2 == 0, "n=" + n);
            int m = l;
            for (int p : new int[] {2, 3, 5}) {
                while (m % p == 0) {
                    m /= p;
                }
            }
            assertEquals(1, m, "5-smooth for n=" + n);
            assertTrue(l <= 2.25 * n + 2, "close to 2n for n=" + n);
        }
    }
}
