package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentFitTest {
    @Test
    void exactPowerLawGivesItsExponent() {
        List<Integer> n = List.of(1000, 10_000, 100_000);
        ExponentFit f = ExponentFit.of(n, n.stream().map(x -> 3e-6 * Math.pow(x, 1.5)).toList());
        assertEquals(1.5, f.exponent(), 1e-9);
        assertFalse(f.largeOnly(), "only one size >= 100,000: all sizes are used");
        assertEquals(n, f.sizes());
    }

    @Test
    void largeSizesAloneWhenTwoOrMore() {
        // Fixed costs flatten the small sizes; from 100,000 on the time grows as N^2.
        List<Integer> n = List.of(1000, 10_000, 100_000, 1_000_000, 2_000_000);
        List<Double> ms = List.of(50.0, 60.0, 1e-8 * 1e10, 1e-8 * 1e12, 1e-8 * 4e12);
        ExponentFit f = ExponentFit.of(n, ms);
        assertTrue(f.largeOnly());
        assertEquals(List.of(100_000, 1_000_000, 2_000_000), f.sizes());
        assertEquals(2.0, f.exponent(), 1e-9);
    }

    @Test
    void leastSquaresOverNoisyPoints() {
        List<Integer> n = List.of(100_000, 200_000, 400_000, 800_000);
        double[] noise = {0.1, -0.1, 0.1, -0.1};
        List<Double> ms = new java.util.ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            ms.add(Math.exp(2 * Math.log(n.get(i)) + noise[i]));
        }
        // x = log N = c + i·ln 2, so the slope is 2 + Σ (i - 1.5)·noise_i / (ln 2 · Σ (i - 1.5)²).
        double expected = 2 + (-1.5 * 0.1 - 0.5 * -0.1 + 0.5 * 0.1 + 1.5 * -0.1) / (Math.log(2) * 5);
        assertEquals(expected, ExponentFit.of(n, ms).exponent(), 1e-9);
    }

    @Test
    void noFitBelowTwoSizes() {
        assertNull(ExponentFit.of(List.of(1000), List.of(5.0)));
        assertNull(ExponentFit.of(List.of(), List.of()));
        assertNull(ExponentFit.of(List.of(1000, 1000), List.of(5.0, 6.0)));
    }
}
