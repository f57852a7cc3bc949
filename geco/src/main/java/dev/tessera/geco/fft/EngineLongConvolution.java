package dev.tessera.geco.fft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The two-sided long convolution of {@link LongConvolution}, on the engine: differentiable with respect to both the
 * sequence and the kernel, on whatever device the tensors live (CPU, or the GPU through cuFFT).
 *
 * <pre>  y = irfft(rfft(v, L) ⊙ rfft(k, L), L)[n − 1 : 2n − 1]      along the sequence axis</pre>
 *
 * with v [n, d], k [2n − 1, d] (row r = lag r − (n − 1)) and L = {@link FftSizes#convolutionSize(int)} ≥ 2n − 1.
 * Zero-padding both to L gives the linear convolution y'[m] = Σ_j k[m − j] v[j], m = 0..3n − 3; lag
 * {@code i − j} sits at row {@code i − j + n − 1}, so y[i] = y'[i + n − 1], and no term of a wanted output wraps
 * around (the first aliased index is 3n − 2 − L ≤ n − 1 − 1). Taking the slice instead of laying the kernel out
 * circularly saves a concatenation per call.
 */
public final class EngineLongConvolution {
    private EngineLongConvolution() {
    }

    /**
     * @param v float32 [n, d], the sequence along axis 0
     * @param kernel float32 [2n − 1, d], row r = lag r − (n − 1)
     * @return float32 [n, d], in v's manager
     */
    public static NDArray convolve(NDArray v, NDArray kernel) {
        long n = v.getShape().get(0);
        if (kernel.getShape().get(0) != 2 * n - 1 || kernel.getShape().get(1) != v.getShape().get(1)) {
            throw new IllegalArgumentException("kernel shape " + kernel.getShape() + " does not match sequence "
                    + v.getShape() + " (expected [2n-1, d])");
        }
        long fftSize = FftSizes.convolutionSize(Math.toIntExact(n));
        NDArray spectrum = v.rfft(fftSize, 0).mul(kernel.rfft(fftSize, 0));
        NDArray full = spectrum.irfft(fftSize, 0);
        return full.get(new NDIndex((n - 1) + ":" + (2 * n - 1)));
    }
}
