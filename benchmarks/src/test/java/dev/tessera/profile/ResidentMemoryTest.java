package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ResidentMemoryTest {
    @Test
    void parsesKernelKibibytes() {
        assertEquals(123_456L * 1024, ResidentMemory.parseKiB("\t  123456 kB"));
        assertThrows(IllegalStateException.class, () -> ResidentMemory.parseKiB("12 pages"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void peakCoversCurrentAndGrowsWithTouchedMemory() {
        assertTrue(ResidentMemory.available());
        // Both positive; no order between two separate reads is asserted: the kernel's high-water mark is only
        // brought up to date at some events, so after a reset earlier in this JVM it can trail an RSS read just
        // before it (a failure seen once in CI). The growth below is the property that matters.
        assertTrue(ResidentMemory.current().orElseThrow() > 0);
        assertTrue(ResidentMemory.peak().orElseThrow() > 0);
        if (ResidentMemory.resetPeak()) {
            long before = ResidentMemory.current().orElseThrow();
            // 64 MiB, every page touched: the peak since the reset must be at least that far above the start
            // (less what the collector may have given back meanwhile, so only half is asserted).
            byte[] big = new byte[64 << 20];
            for (int i = 0; i < big.length; i += 4096) {
                big[i] = 1;
            }
            long peak = ResidentMemory.peak().orElseThrow();
            assertTrue(peak - before >= 32L << 20, "peak " + peak + " before " + before);
            assertEquals(1, big[4096]);
        }
    }
}
