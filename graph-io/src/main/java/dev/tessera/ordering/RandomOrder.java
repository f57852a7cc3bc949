package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;
import java.util.SplittableRandom;

/**
 * A uniformly random ordering: a Fisher–Yates shuffle of {@code 0..N-1} driven by {@link SplittableRandom} with
 * the given seed, so the same seed and N always give the same ordering. The baseline that destroys all locality.
 */
public final class RandomOrder implements NodeOrderer {
    private final long seed;

    /** @param seed the shuffle's seed */
    public RandomOrder(long seed) {
        this.seed = seed;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Ordering order(CsrGraph g) {
        return Ordering.ofOwned(name(), permutation(g.numNodes(), new SplittableRandom(seed)));
    }

    /**
     * @param n N
     * @param rnd the generator (advanced)
     * @return a uniform random permutation of {@code 0..n-1}
     */
    public static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rnd);
        return p;
    }

    /**
     * Shuffles in place, uniformly (Fisher–Yates, from the last position down).
     *
     * @param a the values
     * @param rnd the generator (advanced)
     */
    public static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
