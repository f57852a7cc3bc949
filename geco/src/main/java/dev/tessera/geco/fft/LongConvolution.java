package dev.tessera.geco.fft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Two-sided long convolution of a node sequence, in plain Java with JTransforms' real FFTs.
 *
 * <p>For a sequence v of n positions and d channels, channels first (row-major [d, n]: each channel's sequence is
 * contiguous, the layout every FFT wants), and a kernel k with one value per channel and lag in (−n, n)
 * (row-major [d, 2n − 1], column {@code r} holds lag {@code r − (n − 1)}):
 *
 * <pre>  y[c, i] = Σ_{j=0..n-1} k[c, i − j] · v[c, j],   i = 0..n − 1</pre>
 *
 * i.e. every position sees every other one, on both sides (Hyena's causal convolution is the special case k = 0 at
 * negative lags). Computed as {@code y = IFFT(FFT(v) ⊙ FFT(k̃))[0, n)} with zero-padding to
 * L = {@link FftSizes#convolutionSize(int)} ≥ 2n − 1 and k̃ the kernel laid out circularly (lag t at index
 * t mod L), so the circular convolution equals the linear one on the n outputs: O(d · L log L) time, O(L) extra
 * memory per worker. Channels are independent and run on {@link ForkJoinPool#commonPool()}'s workers, one
 * FFT plan and buffer per worker.
 *
 * <p>JTransforms rather than a hand-written FFT: it is a well-kept mixed-radix implementation; this class only adds
 * the layout and the batching over channels. {@link EngineLongConvolution} computes the same with the engine.
 */
public final class LongConvolution {
    private LongConvolution() {
    }

    /**
     * @param v the sequence, float32 [d, n] row-major
     * @param kernel the kernel, float32 [d, 2n − 1] row-major, column r = lag r − (n − 1)
     * @param n the sequence length
     * @param d the channels
     * @return y, float32 [d, n] row-major
     */
    public static float[] convolve(float[] v, float[] kernel, int n, int d) {
        return convolve(v, spectrum(kernel, n, d));
    }

    /**
     * The kernel's FFT, to convolve many sequences of the same length with one kernel (inference: a trained
     * GECO layer's filters depend only on n).
     *
     * @param kernel float32 [d, 2n − 1] row-major, column r = lag r − (n − 1)
     * @param n the sequence length
     * @param d the channels
     * @return the kernel's spectrum
     */
    public static Spectrum spectrum(float[] kernel, int n, int d) {
        checkLength(kernel, Math.multiplyExact(2L * n - 1, d), "kernel");
        int fftSize = FftSizes.convolutionSize(n);
        float[][] spectra = new float[d][];
        forEachChannelRange(d, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(fftSize);
            for (int c = from; c < to; c++) {
                float[] buf = new float[fftSize];
                int row = c * (2 * n - 1);
                System.arraycopy(kernel, row + n - 1, buf, 0, n); // lags 0..n-1 at 0..n-1
                for (int s = 1; s < n; s++) { // lags -1..-(n-1) at L-1..L-n+1
                    buf[fftSize - s] = kernel[row + n - 1 - s];
                }
                fft.realForward(buf);
                spectra[c] = buf;
            }
        });
        return new Spectrum(n, d, fftSize, spectra);
    }

    /**
     * @param v the sequence, float32 [d, n] row-major, n and d those of the spectrum
     * @param kernel the kernel's spectrum
     * @return y, float32 [d, n] row-major
     */
    public static float[] convolve(float[] v, Spectrum kernel) {
        int n = kernel.length();
        int d = kernel.channels();
        checkLength(v, (long) n * d, "sequence");
        int fftSize = kernel.fftSize();
        float[] y = new float[v.length];
        forEachChannelRange(d, (from, to) -> {
            FloatFFT_1D fft = new FloatFFT_1D(fftSize);
            float[] buf = new float[fftSize];
            for (int c = from; c < to; c++) {
                System.arraycopy(v, c * n, buf, 0, n);
                java.util.Arrays.fill(buf, n, fftSize, 0f);
                fft.realForward(buf);
                multiplyPacked(buf, kernel.spectra[c]);
                fft.realInverse(buf, true);
                System.arraycopy(buf, 0, y, c * n, n);
            }
        });
        return y;
    }

    /** a ⊙= b for two spectra in JTransforms' packed layout of an even-length real FFT. */
    private static void multiplyPacked(float[] a, float[] b) {
        a[0] *= b[0]; // DC
        a[1] *= b[1]; // Nyquist
        for (int k = 2; k < a.length; k += 2) {
            float re = a[k] * b[k] - a[k + 1] * b[k + 1];
            float im = a[k] * b[k + 1] + a[k + 1] * b[k];
            a[k] = re;
            a[k + 1] = im;
        }
    }

    private interface ChannelRange {
        void run(int from, int to);
    }

    /** Splits [0, d) into one contiguous range per worker; deterministic (channels are independent). */
    private static void forEachChannelRange(int d, ChannelRange body) {
        int workers = Math.max(1, Math.min(d, ForkJoinPool.getCommonPoolParallelism() + 1));
        if (workers == 1) {
            body.run(0, d);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 1; w < workers; w++) {
            int from = (int) ((long) d * w / workers);
            int to = (int) ((long) d * (w + 1) / workers);
            futures.add(ForkJoinPool.commonPool().submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) d / workers));
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void checkLength(float[] a, long expected, String what) {
        if (a.length != expected) {
            throw new IllegalArgumentException(what + " has " + a.length + " values, expected " + expected);
        }
    }

    /**
     * A kernel's FFT for one sequence length: d arrays of length L in JTransforms' packed real layout.
     *
     * @param length n
     * @param channels d
     * @param fftSize L
     */
    public record Spectrum(int length, int channels, int fftSize, float[][] spectra) {
        /** @return bytes held */
        public long bytes() {
            return (long) channels * fftSize * Float.BYTES;
        }
    }
}
