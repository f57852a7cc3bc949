package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.profile.ScalingChild.ChildResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every operator's forward and backward call, in this JVM on a tiny graph, with the child's events. */
class ScalingChildTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyOperatorRunsAndReports(boolean backward) {
        for (ScalingOperator op : ScalingOperators.ALL) {
            ByteArrayOutputStream events = new ByteArrayOutputStream();
            ChildResult r = ScalingChild.measure(op, 60, 8, 4, 3, 2, 600, backward,
                    new PrintStream(events, true, StandardCharsets.UTF_8));
            assertEquals(2, r.samples().size(), op.name());
            assertTrue(r.ms() > 0 && !r.overLimit(), op.name());
            List<String> kinds = events.toString(StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceAll(".*\"event\":\"([a-z]+)\".*", "$1")).toList();
            // Set-up, then warm-up and two timed calls, each announced before it runs.
            assertEquals(List.of("ready", "call", "called", "call", "called", "call", "called"), kinds, op.name());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void memoryIsReportedOnLinux() {
        ChildResult r = ScalingChild.measure(ScalingOperators.byName("gcn"), 60, 8, 4, 3, 1, 600, false, null);
        assertNotNull(r.peakBytes());
        assertTrue(r.peakBytes() >= r.beforeBytes() && r.opBytes() >= 0, r.toString());
    }

    @Test
    void aWarmUpOverTheLimitIsTheOnlySample() {
        // A limit of one nanosecond: every call is over it.
        ChildResult r = ScalingChild.measure(ScalingOperators.byName("attention"), 60, 8, 4, 3, 10, 1e-9, false, null);
        assertTrue(r.overLimit());
        assertEquals(1, r.samples().size());
    }
}
