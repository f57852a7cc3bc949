package dev.tessera.nodeclass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void summaryUsesThePopulationDeviation() {
        Summary s = Summary.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), s.std(), 1e-12);
    }

    @Test
    void oneValueHasNoSpread() {
        Summary s = Summary.of(new double[] {0.7});
        assertEquals(0.7, s.mean(), 0);
        assertEquals(0.0, s.std(), 0);
        assertEquals("0.7000 ± 0.0000", s.format());
    }
}
