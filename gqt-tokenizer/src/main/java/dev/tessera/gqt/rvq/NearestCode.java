package dev.tessera.gqt.rvq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Nearest-code search {@code i = argmin_c ||r − e_c||²} for the rows of a row-major {@code float[n·d]} against a
 * codebook {@code float[C·d]}.
 *
 * <p>This is the one O(N·C·d) step of the quantizer, so it runs on the engine (one matrix product per block, on the
 * caller's device) rather than in plain Java; the row minima are taken in Java from the copied distances. Distances
 * are {@code ||e||² − 2·r·eᵀ} (the {@code ||r||²} term does not
 * change the argmin) over blocks of rows so that a block's distance matrix holds at most {@code maxBlockElements}
 * values: memory stays bounded for any N.
 */
final class NearestCode {

    private NearestCode() {}

    /**
     * @param manager          a manager on the device to compute on; temporaries are closed before returning
     * @param rows             row-major {@code [n, d]}
     * @param codebook         row-major {@code [c, d]}
     * @param maxBlockElements the most distance values held at once (rows per block = maxBlockElements / c)
     * @return the nearest code index of each row, {@code [n]}
     */
    static int[] assign(NDManager manager, float[] rows, int n, int d, float[] codebook, int c, long maxBlockElements) {
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray e = m.create(codebook, new Shape(c, d));
            NDArray eNorm = e.square().sum(new int[] {1});
            NDArray eT = e.transpose().mul(-2f);
            int block = (int) Math.max(1, Math.min(n, maxBlockElements / Math.max(c, 1)));
            for (int start = 0; start < n; start += block) {
                int b = Math.min(block, n - start);
                try (NDManager bm = m.newSubManager()) {
                    NDArray r = bm.create(Arrays.copyOfRange(rows, start * d, (start + b) * d), new Shape(b, d));
                    float[] dist = r.matMul(eT).add(eNorm).toFloatArray();
                    // The row minima in Java: the engine's argMin along a row was slower than the product itself.
                    for (int i = 0; i < b; i++) {
                        int o = i * c;
                        int best = 0;
                        float min = dist[o];
                        for (int k = 1; k < c; k++) {
                            if (dist[o + k] < min) {
                                min = dist[o + k];
                                best = k;
                            }
                        }
                        out[start + i] = best;
                    }
                }
            }
        }
        return out;
    }
}
