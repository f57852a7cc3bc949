package dev.tessera.generate;

import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws M distinct undirected edges from a pair sampler and stores them as a symmetric CSR graph (both
 * directions, rows sorted, no self-loops, no duplicates): E = 2M directed edges.
 *
 * <p>Pairs are drawn in fixed blocks of {@value #BLOCK}, each with its own {@link SplittableRandom} split off
 * the caller's generator in block order, so the result depends on the seed only, not on the number of threads.
 * Self-loops are redrawn. Duplicates are removed after each round, and the shortfall is drawn again (at most
 * {@value #MAX_ROUNDS} rounds; only graphs close to complete can end with fewer than M edges).
 *
 * <p>O(E log d<sub>max</sub>) time (rows are sorted to find duplicates); temporary memory about 12 bytes per
 * undirected edge while drawing (two int32 ends plus the upper-triangle columns), and at most 12 bytes per
 * undirected edge while symmetrizing (upper columns plus the int32 [2M] result), i.e. about 6 bytes per stored
 * directed edge.
 */
final class UndirectedEdges {
    static final int BLOCK = 1 << 16;
    static final int MAX_ROUNDS = 20;

    /** Draws one candidate edge. */
    @FunctionalInterface
    interface PairSampler {
        /**
         * @param rnd the block's generator
         * @return the pair packed as {@code (u << 32) | v}, both in {@code [0, N)}; self-loops are redrawn by the caller
         */
        long sample(SplittableRandom rnd);
    }

    private UndirectedEdges() {
    }

    /**
     * @param n N
     * @param m M, the number of distinct undirected edges wanted
     * @param sampler draws candidate pairs
     * @param rnd the generator blocks are split from (advanced)
     * @return the symmetric graph with (normally) 2M directed edges
     * @throws IllegalArgumentException when M exceeds N(N-1)/2 or 2M exceeds one Java array
     */
    static CsrGraph draw(int n, long m, PairSampler sampler, SplittableRandom rnd) {
        if (m < 0 || m > (long) n * (n - 1) / 2) {
            throw new IllegalArgumentException(m + " undirected edges do not fit in a simple graph of " + n + " nodes");
        }
        if (2 * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(2 * m + " directed edges exceed one Java array");
        }
        // Upper triangle: row u holds the v > u it is joined to.
        long[] ptr = new long[n + 1];
        int[] cols = new int[0];
        long have = 0;
        for (int round = 0; round < MAX_ROUNDS && have < m; round++) {
            int need = (int) (m - have);
            int[] lo = new int[need];
            int[] hi = new int[need];
            drawPairs(need, sampler, rnd, lo, hi);
            long[] newPtr = new long[n + 1];
            for (int u = 0; u < n; u++) {
                newPtr[u + 1] = ptr[u + 1] - ptr[u];
            }
            for (int i = 0; i < need; i++) {
                newPtr[lo[i] + 1]++;
            }
            for (int u = 0; u < n; u++) {
                newPtr[u + 1] += newPtr[u];
            }
            int[] merged = new int[(int) newPtr[n]];
            long[] fill = new long[n];
            for (int u = 0; u < n; u++) {
                int len = (int) (ptr[u + 1] - ptr[u]);
                System.arraycopy(cols, (int) ptr[u], merged, (int) newPtr[u], len);
                fill[u] = newPtr[u] + len;
            }
            // Rows kept from earlier rounds are sorted already: sort only rows that received new pairs.
            boolean[] touched = new boolean[n];
            for (int i = 0; i < need; i++) {
                merged[(int) fill[lo[i]]++] = hi[i];
                touched[lo[i]] = true;
            }
            lo = null;
            hi = null;
            fill = null;
            cols = null;
            long[] rows = newPtr;
            int[] data = merged;
            IntStream.range(0, n).parallel().filter(u -> touched[u]).forEach(u -> Arrays.sort(data, (int) rows[u], (int) rows[u + 1]));
            // Remove duplicates in place, rows stay in order.
            int out = 0;
            long[] dedupPtr = new long[n + 1];
            for (int u = 0; u < n; u++) {
                int s = (int) rows[u];
                int t = (int) rows[u + 1];
                for (int i = s; i < t; i++) {
                    if (i == s || data[i] != data[i - 1]) {
                        data[out++] = data[i];
                    }
                }
                dedupPtr[u + 1] = out;
            }
            ptr = dedupPtr;
            cols = data;
            have = out;
        }
        return symmetrize(n, ptr, cols);
    }

    private static void drawPairs(int count, PairSampler sampler, SplittableRandom rnd, int[] lo, int[] hi) {
        int blocks = (count + BLOCK - 1) / BLOCK;
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int b = 0; b < blocks; b++) {
            streams[b] = rnd.split();
        }
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom r = streams[b];
            int end = (int) Math.min((long) (b + 1) * BLOCK, count);
            for (int i = b * BLOCK; i < end; i++) {
                int u;
                int v;
                do {
                    long p = sampler.sample(r);
                    u = (int) (p >>> 32);
                    v = (int) p;
                } while (u == v);
                lo[i] = Math.min(u, v);
                hi[i] = Math.max(u, v);
            }
        });
    }

    /**
     * Both directions from the upper triangle, in one pass: scanning u in ascending order appends u to each
     * upper neighbour's row (those u are smaller than the row's node, so they come first, ascending) and then
     * u's own upper neighbours (larger, already sorted), so every row ends up sorted without sorting.
     */
    private static CsrGraph symmetrize(int n, long[] upPtr, int[] upCols) {
        long up = upPtr[n];
        long[] ptr = new long[n + 1];
        for (int u = 0; u < n; u++) {
            ptr[u + 1] += upPtr[u + 1] - upPtr[u];
            for (long e = upPtr[u]; e < upPtr[u + 1]; e++) {
                ptr[upCols[(int) e] + 1]++;
            }
        }
        for (int u = 0; u < n; u++) {
            ptr[u + 1] += ptr[u];
        }
        int[] cols = new int[(int) (2 * up)];
        long[] fill = Arrays.copyOf(ptr, n);
        for (int u = 0; u < n; u++) {
            for (long e = upPtr[u]; e < upPtr[u + 1]; e++) {
                int v = upCols[(int) e];
                cols[(int) fill[v]++] = u;
                cols[(int) fill[u]++] = v;
            }
        }
        return CsrGraph.of(ptr, cols, null);
    }
}
