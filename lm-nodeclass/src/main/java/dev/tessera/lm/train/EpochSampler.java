package dev.tessera.lm.train;

import dev.tessera.ordering.RandomOrder;
import java.util.SplittableRandom;

/**
 * Which examples each training epoch visits, and in which order, when an epoch may visit only k of the n examples.
 * A seeded generator yields an endless stream of shuffles of all n examples (each a fresh permutation,
 * {@link RandomOrder#permutation}); epoch e visits the stream's e-th slice of k. So every example is visited once
 * before any is visited twice (the samples of consecutive epochs are disjoint until the n examples are used up), the
 * samples differ from epoch to epoch, and the same seed gives the same epochs. An example can occur twice in one
 * epoch only when that epoch's slice straddles two shuffles and the example ends one and starts the next.
 *
 * <p>With k = n every epoch is one whole shuffle: exactly the order of a trainer that reshuffles all examples each
 * epoch with the same generator.
 */
public final class EpochSampler {
    private final int n;
    private final int perEpoch;
    private final SplittableRandom random;
    private int[] shuffle = new int[0];
    private int position;

    /**
     * @param n the number of examples (at least 1)
     * @param perEpoch k, the examples per epoch (1 to n)
     * @param seed seeds the shuffles
     */
    public EpochSampler(int n, int perEpoch, long seed) {
        if (n < 1 || perEpoch < 1 || perEpoch > n) {
            throw new IllegalArgumentException("need 1 <= examples per epoch <= examples, got " + perEpoch + " of " + n);
        }
        this.n = n;
        this.perEpoch = perEpoch;
        this.random = new SplittableRandom(seed);
    }

    /** @return k, the examples each epoch visits */
    public int perEpoch() {
        return perEpoch;
    }

    /** @return the next epoch's examples (indices in [0, n)), in the order to visit them */
    public int[] next() {
        int[] out = new int[perEpoch];
        int filled = 0;
        while (filled < perEpoch) {
            if (position == shuffle.length) {
                shuffle = RandomOrder.permutation(n, random);
                position = 0;
            }
            int take = Math.min(perEpoch - filled, shuffle.length - position);
            System.arraycopy(shuffle, position, out, filled, take);
            position += take;
            filled += take;
        }
        return out;
    }
}
