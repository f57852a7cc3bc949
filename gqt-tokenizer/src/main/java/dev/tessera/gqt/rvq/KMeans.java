package dev.tessera.gqt.rvq;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded k-means for codebook initialization: k-means++ seeding (Arthur and Vassilvitskii, 2007) on a random subsample,
 * then Lloyd iterations on all rows.
 *
 * <p>k-means++ rather than the random sample the reference library uses: with well-separated clusters a random
 * sample often puts two centres in one cluster and none in another, and Lloyd iterations cannot repair that. The
 * seeding is plain Java: it is sequential (each centre is drawn from the distances to the previous ones), and each step
 * is a single O(S·d) pass, so the engine would only add one small op and one device-to-host copy per centre. Its cost,
 * O(S·k·d), is bounded by the subsample size S. The Lloyd assignment step is the O(N·k·d) part and uses
 * {@link NearestCode} on the engine; the mean update is O(N·d) plain Java.
 */
final class KMeans {

    /** Centres {@code [k, d]} row-major, the final assignment {@code [n]} and the cluster sizes {@code [k]}. */
    record Result(float[] centres, int[] assignment, int[] counts) {}

    private KMeans() {}

    static Result fit(NDManager manager, float[] x, int n, int d, int k, int iterations, int seedingSample,
                      SplittableRandom rng, long maxBlockElements) {
        float[] centres = seed(x, n, d, k, seedingSample, rng);
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

    /** k-means++ on at most {@code sampleSize} distinct rows chosen uniformly at random. */
    static float[] seed(float[] x, int n, int d, int k, int sampleSize, SplittableRandom rng) {
        int s = Math.min(n, Math.max(sampleSize, 1));
        int[] sample = sampleWithoutReplacement(n, s, rng);
        float[] centres = new float[k * d];
        double[] best = new double[s];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int chosen = sample[rng.nextInt(s)];
        for (int c = 0; c < k; c++) {
            System.arraycopy(x, chosen * d, centres, c * d, d);
            if (c == k - 1) {
                break;
            }
            double total = 0;
            for (int j = 0; j < s; j++) {
                double dist = squaredDistance(x, sample[j] * d, centres, c * d, d);
                if (dist < best[j]) {
                    best[j] = dist;
                }
                total += best[j];
            }
            if (total <= 0) {
                // Fewer distinct rows than codes: the remaining centres repeat random rows.
                chosen = sample[rng.nextInt(s)];
                continue;
            }
            double target = rng.nextDouble() * total;
            int pick = s - 1;
            double acc = 0;
            for (int j = 0; j < s; j++) {
                acc += best[j];
                if (acc > target) {
                    pick = j;
                    break;
                }
            }
            chosen = sample[pick];
        }
        return centres;
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
