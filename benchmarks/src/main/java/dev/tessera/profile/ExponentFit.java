package dev.tessera.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * The scaling exponent e of {@code t ≈ c·N^e}: the least-squares slope of {@code log t} on {@code log N}. Fitted over
 * the measured sizes N &gt;= {@value #LARGE} when there are at least two of them (small sizes are dominated by fixed
 * costs), otherwise over all measured sizes; no fit with fewer than two distinct sizes.
 *
 * @param exponent the slope e
 * @param sizes the sizes the fit used, ascending
 * @param largeOnly whether only sizes &gt;= {@value #LARGE} were used
 */
public record ExponentFit(double exponent, List<Integer> sizes, boolean largeOnly) {
    /** Sizes from here on are preferred for the fit. */
    public static final int LARGE = 100_000;

    /** Copies the list. */
    public ExponentFit {
        sizes = List.copyOf(sizes);
    }

    /**
     * @param nodes N per point
     * @param ms time per point (positive)
     * @return the fit, or null with fewer than two distinct sizes
     */
    public static ExponentFit of(List<Integer> nodes, List<Double> ms) {
        if (nodes.size() != ms.size()) {
            throw new IllegalArgumentException("nodes and times differ in length");
        }
        List<Integer> large = new ArrayList<>();
        List<Double> largeMs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) >= LARGE) {
                large.add(nodes.get(i));
                largeMs.add(ms.get(i));
            }
        }
        boolean largeOnly = large.stream().distinct().count() >= 2;
        List<Integer> n = largeOnly ? large : nodes;
        List<Double> t = largeOnly ? largeMs : ms;
        if (n.stream().distinct().count() < 2) {
            return null;
        }
        return new ExponentFit(slope(n, t), n.stream().sorted().toList(), largeOnly);
    }

    /** @return least-squares slope of log t on log n */
    private static double slope(List<Integer> n, List<Double> t) {
        int k = n.size();
        double mx = 0;
        double my = 0;
        for (int i = 0; i < k; i++) {
            mx += Math.log(n.get(i));
            my += Math.log(t.get(i));
        }
        mx /= k;
        my /= k;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < k; i++) {
            double dx = Math.log(n.get(i)) - mx;
            sxy += dx * (Math.log(t.get(i)) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
