package dev.tessera.sampling;

import it.unimi.dsi.fastutil.HashCommon;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One thread's reusable buffers for {@link NeighborSampler}: a dense original-to-local id map over all N nodes
 * (-1 = not sampled), reset after each batch through the list of sampled nodes rather than refilled, so a batch
 * costs O(its size), not O(N); the sampled node list; the sampled edges; and scratch space for drawing k of d
 * positions. Never shared between threads at the same time.
 */
final class SamplerWorkspace {
    /** Above this many draws Floyd's algorithm checks membership in a hash set instead of a linear scan. */
    private static final int LINEAR_SCAN_MAX = 32;

    final int[] localId;
    int[] nodes = new int[1024];
    int size;
    int[] edgeSrc = new int[0];
    int[] edgeDst = new int[0];
    float[] edgeWeight = new float[0];
    int edgeCount;
    private int[] picks = new int[64];
    private int[] table = new int[0];

    SamplerWorkspace(int numNodes) {
        localId = new int[numNodes];
        Arrays.fill(localId, -1);
    }

    /**
     * Adds a node not yet sampled.
     *
     * @param v an original id with {@code localId[v] == -1}
     * @return its new local id
     */
    int add(int v) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
        }
        localId[v] = size;
        nodes[size] = v;
        return size++;
    }

    /** Records the sampled edge (src, dst) in local ids. */
    void addEdge(int src, int dst, float weight, boolean weighted) {
        if (edgeCount == edgeSrc.length) {
            int cap = Math.max(1024, edgeCount * 2);
            edgeSrc = Arrays.copyOf(edgeSrc, cap);
            edgeDst = Arrays.copyOf(edgeDst, cap);
            if (weighted) {
                edgeWeight = Arrays.copyOf(edgeWeight, cap);
            }
        }
        edgeSrc[edgeCount] = src;
        edgeDst[edgeCount] = dst;
        if (weighted) {
            edgeWeight[edgeCount] = weight;
        }
        edgeCount++;
    }

    /** Clears the id map for the sampled nodes only, and empties the lists. */
    void reset() {
        for (int i = 0; i < size; i++) {
            localId[nodes[i]] = -1;
        }
        size = 0;
        edgeCount = 0;
    }

    /**
     * Draws k distinct positions of {@code [0, d)} uniformly (every k-subset equally likely) by Floyd's algorithm:
     * for j = d-k .. d-1 draw t in [0, j] and take t, or j when t was taken already. O(k) draws; membership by a
     * linear scan for small k and an open-addressing set otherwise.
     *
     * @param k the number of positions, {@code 0 <= k < d}
     * @param d the row length
     * @param rng the batch's random stream
     * @return a buffer whose first k entries are the positions (in no particular order); reused by the next call
     */
    int[] pick(int k, int d, SplittableRandom rng) {
        if (picks.length < k) {
            picks = new int[Math.max(k, picks.length * 2)];
        }
        int[] out = picks;
        if (k <= LINEAR_SCAN_MAX) {
            for (int j = d - k, n = 0; j < d; j++, n++) {
                int t = rng.nextInt(j + 1);
                for (int m = 0; m < n; m++) {
                    if (out[m] == t) {
                        t = j;
                        break;
                    }
                }
                out[n] = t;
            }
            return out;
        }
        int cap = Integer.highestOneBit(k) << 2;
        if (table.length < cap) {
            table = new int[cap];
        }
        Arrays.fill(table, 0, cap, -1);
        int mask = cap - 1;
        for (int j = d - k, n = 0; j < d; j++, n++) {
            int t = rng.nextInt(j + 1);
            if (!insert(t, mask)) {
                // j is new: every earlier draw was at most j - 1.
                insert(j, mask);
                t = j;
            }
            out[n] = t;
        }
        return out;
    }

    /** @return whether x was absent from the set (and is now present) */
    private boolean insert(int x, int mask) {
        int h = HashCommon.mix(x) & mask;
        while (table[h] != -1) {
            if (table[h] == x) {
                return false;
            }
            h = (h + 1) & mask;
        }
        table[h] = x;
        return true;
    }
}
