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
        int n = g.numNodes();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Ordering.ofOwned(name(), perm);
    }
}
