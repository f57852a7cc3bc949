package dev.tessera.geco.fft;

/** FFT lengths for linear convolutions. */
public final class FftSizes {
    private FftSizes() {
    }

    /**
     * The FFT length of a two-sided linear convolution of an n-long sequence with lags in (−n, n): the smallest even
     * number L ≥ 2n − 1 whose prime factors are 2, 3 and 5. Any L ≥ 2n − 1 makes the circular convolution equal the
     * linear one on the n outputs; 5-smooth lengths keep both FFT libraries on their fast mixed-radix paths (a
     * prime length falls back to Bluestein, several times slower); 5-smooth numbers are dense, so L stays within about 12 % of 2n (for large n,
     * a few percent).
     *
     * @param n the sequence length, ≥ 1
     * @return L
     */
    public static int convolutionSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sequence length must be >= 1, got " + n);
        }
        long target = 2L * n - 1;
        long best = Long.MAX_VALUE;
        for (long p2 = 2; p2 < 2 * target + 2; p2 *= 2) {
            for (long p3 = p2; p3 < 2 * target + 2; p3 *= 3) {
                for (long p5 = p3; p5 < 2 * target + 2; p5 *= 5) {
                    if (p5 >= target && p5 < best) {
                        best = p5;
                    }
                }
            }
        }
        if (best > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sequence too long for one FFT: " + n);
        }
        return (int) best;
    }
}
