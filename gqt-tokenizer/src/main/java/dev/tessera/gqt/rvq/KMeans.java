package dev.tessera.gqt.rvq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded k-means for codebook initialization: greedy k-means++ seeding (Arthur and Vassilvitskii, 2007) on a random
 * subsample of at most S rows, then Lloyd iterations on all rows.
 *
 * <p>k-means++ rather than the random sample the reference library uses: with well-separated clusters a random
 * sample often puts two centres in one cluster and none in another, and Lloyd iterations cannot repair that. The
 * distance computations (O(S·C·d) for the seeding, O(N·C·d) per Lloyd step) run on the engine, a matrix product per
 * step, because that is where the time goes; the candidate draws and the O(N·d) mean updates are plain Java.
 */
final class KMeans {

    /** Centres {@code [k, d]} row-major, the final assignment {@code [n]} and the cluster sizes {@code [k]}. */
    record Result(float[] centres, int[] assignment, int[] counts) {}

    /** Largest sample (s² distances, 64 MiB of float32) whose distance table the seeding computes at once. */
    static final long GRAM_MAX_ENTRIES = 1L << 24;

    private KMeans() {}

    static Result fit(NDManager manager, float[] x, int n, int d, int k, int iterations, int seedingSample,
                      SplittableRandom rng, long maxBlockElements) {
        float[] centres = seed(manager, x, n, d, k, seedingSample, rng);
        int[] assignment = NearestCode.assign(manager, x, n, d, centres, k, maxBlockElements);
        for (int it = 0; it < iterations; it++) {
            updateMeans(x, n, d, k, assignment, centres);
            int[] next = NearestCode.assign(manager, x, n, d, centres, k, maxBlockElements);
            boolean converged = Arrays.equals(next, assignment);
            assignment = next;
            if (converged) {
                break;
            }
        }
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[assignment[i]]++;
        }
        return new Result(centres, assignment, counts);
    }

    /**
     * Greedy k-means++ on at most {@code sampleSize} distinct rows chosen uniformly at random: each new centre is the
     * best, by total squared distance of the sample to its nearest centre, of {@code 2 + ⌊ln k⌋} candidates drawn with
     * probability proportional to that distance (the variant scikit-learn uses; plain k-means++ still merges two of
     * eight well-separated clusters for a few percent of seeds).
     */
    static float[] seed(NDManager manager, float[] x, int n, int d, int k, int sampleSize, SplittableRandom rng) {
        int s = Math.min(n, Math.max(sampleSize, 1));
        int[] sample = sampleWithoutReplacement(n, s, rng);
        float[] xs = new float[s * d];
        for (int j = 0; j < s; j++) {
            System.arraycopy(x, sample[j] * d, xs, j * d, d);
        }
        int trials = 2 + (int) Math.log(k);
        float[] centres = new float[k * d];
        try (NDManager m = manager.newSubManager()) {
            NDArray xsT = m.create(xs, new Shape(s, d)).transpose();
            NDArray xNorm = xsT.square().sum(new int[] {0});
            // Up to GRAM_MAX_ENTRIES the whole s × s distance table is one product and the k − 1 greedy steps are
            // array lookups; each step on the engine was some 15 calls (about 0.4 s per level of 256 codes).
            float[] table = (long) s * s <= GRAM_MAX_ENTRIES
                ? distances(m, xs, identity(s), d, xsT, xNorm).toFloatArray() : null;
            int first = rng.nextInt(s);
            System.arraycopy(xs, first * d, centres, 0, d);
            float[] best = table != null ? Arrays.copyOfRange(table, first * s, (first + 1) * s)
                : distances(m, xs, new int[] {first}, d, xsT, xNorm).toFloatArray();
            double[] prefix = new double[s];
            for (int c = 1; c < k; c++) {
                double total = 0;
                for (int j = 0; j < s; j++) {
                    total += best[j];
                    prefix[j] = total;
                }
                int[] candidates = new int[trials];
                for (int t = 0; t < trials; t++) {
                    // With no distance left (fewer distinct rows than codes) the candidates are uniform.
                    candidates[t] = total > 0 ? upperBound(prefix, rng.nextDouble() * total) : rng.nextInt(s);
                }
                float[] rows;
                int[] offsets = new int[trials];
                if (table != null) {
                    rows = table;
                    for (int t = 0; t < trials; t++) {
                        offsets[t] = candidates[t] * s;
                    }
                } else {
                    try (NDManager sm = m.newSubManager()) {
                        rows = distances(sm, xs, candidates, d, xsT, xNorm).toFloatArray();
                    }
                    for (int t = 0; t < trials; t++) {
                        offsets[t] = t * s;
                    }
                }
                int pick = 0;
                double pickSum = Double.POSITIVE_INFINITY;
                for (int t = 0; t < trials; t++) {
                    double sum = 0;
                    for (int j = 0; j < s; j++) {
                        sum += Math.min(rows[offsets[t] + j], best[j]);
                    }
                    if (sum < pickSum) {
                        pickSum = sum;
                        pick = t;
                    }
                }
                System.arraycopy(xs, candidates[pick] * d, centres, c * d, d);
                for (int j = 0; j < s; j++) {
                    best[j] = Math.min(rows[offsets[pick] + j], best[j]);
                }
            }
        }
        return centres;
    }

    private static int[] identity(int s) {
        int[] rows = new int[s];
        for (int j = 0; j < s; j++) {
            rows[j] = j;
        }
        return rows;
    }

    /** Squared distances {@code [L, s]} of the rows {@code rows} of {@code xs} to all sample rows, clamped at 0. */
    private static NDArray distances(NDManager m, float[] xs, int[] rows, int d, NDArray xsT, NDArray xNorm) {
        float[] c = new float[rows.length * d];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(xs, rows[t] * d, c, t * d, d);
        }
        NDArray cand = m.create(c, new Shape(rows.length, d));
        NDArray cNorm = cand.square().sum(new int[] {1}).expandDims(1);
        return cand.matMul(xsT).mul(-2f).add(cNorm).add(xNorm).maximum(0f);
    }

    /** The first index whose prefix sum exceeds {@code target} (the last index if none does). */
    private static int upperBound(double[] prefix, double target) {
        int lo = 0;
        int hi = prefix.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefix[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Replaces each centre by the mean of its rows; a centre without rows keeps its position. */
    static void updateMeans(float[] x, int n, int d, int k, int[] assignment, float[] centres) {
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = assignment[i];
            counts[c]++;
            int xo = i * d;
            int co = c * d;
            for (int j = 0; j < d; j++) {
                sums[co + j] += x[xo + j];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                centres[c * d + j] = (float) (sums[c * d + j] / counts[c]);
            }
        }
    }

    static double squaredDistance(float[] a, int ao, float[] b, int bo, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double diff = a[ao + j] - b[bo + j];
            sum += diff * diff;
        }
        return sum;
    }

    /** {@code s} distinct indices of {@code [0, n)} (partial Fisher–Yates), in draw order. */
    static int[] sampleWithoutReplacement(int n, int s, SplittableRandom rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < s; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, s);
    }
}
