package dev.tessera.pe;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Monte-Carlo k-step return probabilities from W independent walks per source, advanced level by level (all W
 * walks take step m before any takes step m + 1: independent memory accesses the CPU overlaps, instead of one
 * dependent chain).
 *
 * <p>Symmetric A: walks of {@code ceil(K / 2)} steps and the pair (U-statistic) estimator of the reversible
 * identity {@code P^(a+b)_ss = sum_v P^a_sv P^b_sv d_s / d_v}, namely
 * {@code d_s / (W (W - 1)) * sum_{i != j} [X_i(a) = X_j(b)] / d_X_i(a)} over ordered pairs of distinct walks,
 * with (a, b) = (m, m) for k = 2m and (m - 1, m) for k = 2m - 1. Unbiased (the walks are independent), and with
 * W(W - 1) pairs far less noisy than the return frequency when the return probability is small.
 * Directed A: walks of K steps and the return frequency {@code #{i : X_i(k) = s} / W}, standard error
 * {@code sqrt(p (1 - p) / W)}; a walk ends at a node without out-edges.
 *
 * <p>Each source draws from its own stream (the seed and its id), in a fixed order, so the result does not
 * depend on the threads.
 */
final class ReturnWalks implements Parallel.Worker {
    private final PeGraph g;
    private final double[] cumulative;
    private final int k;
    private final int walks;
    private final long seed;
    private final float[] out;
    private final AtomicLong work;
    private final int[] pos;
    private final int[] prev;
    private int[] countPrev;
    private int[] countCur;
    private final double[] invDeg;

    /**
     * @param cumulative per-row running sums of the weights, or null on an unweighted graph
     */
    ReturnWalks(PeGraph g, double[] cumulative, int walkLength, int walks, long seed, float[] out, AtomicLong work) {
        this.g = g;
        this.cumulative = cumulative;
        this.k = walkLength;
        this.walks = walks;
        this.seed = seed;
        this.out = out;
        this.work = work;
        pos = new int[walks];
        prev = new int[walks];
        if (g.symmetric) {
            countPrev = new int[g.n];
            countCur = new int[g.n];
            invDeg = new double[g.n];
            for (int v = 0; v < g.n; v++) {
                invDeg[v] = g.degree[v] > 0 ? 1 / g.degree[v] : 0;
            }
        } else {
            invDeg = null;
        }
    }

    /** Per-row running sums of the weights, for drawing a neighbour by binary search. */
    static double[] cumulativeWeights(PeGraph g) {
        if (g.weight == null) {
            return null;
        }
        double[] c = new double[g.numEdges()];
        for (int u = 0; u < g.n; u++) {
            double s = 0;
            for (int e = g.rowPtr[u]; e < g.rowPtr[u + 1]; e++) {
                s += g.weight[e];
                c[e] = s;
            }
        }
        return c;
    }

    /** A node's stream seed: the seed and the node id through SplitMix64's finalizer, so streams are unrelated. */
    static long mix(long seed, int node) {
        long z = seed + 0x9E3779B97F4A7C15L * (node + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void run(int from, int to) {
        long steps = 0;
        for (int s = from; s < to; s++) {
            if (g.degree[s] > 0) {
                SplittableRandom rnd = new SplittableRandom(mix(seed, s));
                steps += g.symmetric ? pairs(s, rnd) : frequency(s, rnd);
            }
        }
        work.addAndGet(steps);
    }

    /** The next node of a walk at u (which has positive out-degree). */
    private int draw(int u, SplittableRandom rnd) {
        int a = g.rowPtr[u];
        int b = g.rowPtr[u + 1];
        if (cumulative == null) {
            return g.col[a + rnd.nextInt(b - a)];
        }
        double r = rnd.nextDouble() * cumulative[b - 1];
        // First edge whose running sum exceeds r: zero-weight edges are never drawn.
        int lo = a;
        int hi = b - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return g.col[lo];
    }

    private long pairs(int s, SplittableRandom rnd) {
        final int w = walks;
        final double norm = g.degree[s] / ((double) w * (w - 1));
        Arrays.fill(pos, s);
        countPrev[s] = w;
        int levels = (k + 1) / 2;
        for (int m = 1; m <= levels; m++) {
            for (int i = 0; i < w; i++) {
                // On a symmetric graph every node a walk reaches has a positive-weight edge back: no dead ends.
                prev[i] = pos[i];
                pos[i] = draw(pos[i], rnd);
            }
            double odd = 0;
            double even = 0;
            for (int i = 0; i < w; i++) {
                int v = pos[i];
                double id = invDeg[v];
                int c = countCur[v];
                even += c * id; // pairs (earlier walk, this walk) at the same node: half the ordered pairs
                countCur[v] = c + 1;
                odd += (countPrev[v] - (prev[i] == v ? 1 : 0)) * id;
            }
            if (2 * m - 1 <= k) {
                out[s * k + 2 * m - 2] = (float) (odd * norm);
            }
            if (2 * m <= k) {
                out[s * k + 2 * m - 1] = (float) (2 * even * norm);
            }
            for (int i = 0; i < w; i++) {
                countPrev[prev[i]] = 0;
            }
            int[] t = countPrev;
            countPrev = countCur;
            countCur = t;
        }
        for (int i = 0; i < w; i++) {
            countPrev[pos[i]] = 0;
        }
        return (long) levels * w;
    }

    private long frequency(int s, SplittableRandom rnd) {
        final int w = walks;
        Arrays.fill(pos, s);
        long steps = 0;
        for (int j = 1; j <= k; j++) {
            int hits = 0;
            for (int i = 0; i < w; i++) {
                int u = pos[i];
                if (u < 0) {
                    continue;
                }
                if (g.degree[u] == 0) {
                    pos[i] = -1; // no out-edge: the walk ends
                    continue;
                }
                int v = draw(u, rnd);
                pos[i] = v;
                steps++;
                if (v == s) {
                    hits++;
                }
            }
            out[s * k + j - 1] = (float) ((double) hits / w);
        }
        return steps;
    }
}
