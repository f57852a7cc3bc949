package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.profile.ScalingConfig.ScalingJob;
import dev.tessera.profile.ScalingRow.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The parent's side of the child protocol, with shell scripts in place of the JVM (the runner appends the main class
 * and the job's arguments, which {@code sh -c} takes as unused positional parameters).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ChildRunnerTest {
    private static final ScalingJob JOB = new ScalingJob("gcn", 1000, 16, 10, 0, 3, 60, 0.5, 0.5, false);

    private static ChildRunner script(String sh) {
        return new ChildRunner(List.of("sh", "-c", sh));
    }

    @Test
    void aResultLineBecomesARow() {
        ScalingRow r = script("echo 'not an event'; echo '{\"event\":\"ready\",\"setup_ms\":1}'; "
                + "echo '{\"event\":\"call\"}'; echo '{\"event\":\"called\",\"ms\":4}'; "
                + "echo '{\"event\":\"result\",\"ms\":5.5,\"over_limit\":false,\"setup_ms\":1,\"samples\":[5,6],"
                + "\"peak_bytes\":3145728,\"op_bytes\":1048576,\"before_bytes\":2097152,\"peak_reset\":true}'").run(JOB);
        assertEquals(Status.OK, r.status(), r.note());
        assertEquals(5.5, r.ms());
        assertEquals(2, r.repeats());
        assertEquals(3.0, r.peakMb());
        assertEquals(1.0, r.opMb());
        assertEquals("", r.note());
    }

    @Test
    void aCallOverTheLimitIsReportedSo() {
        ScalingRow r = script("echo '{\"event\":\"result\",\"ms\":70000,\"over_limit\":true,\"setup_ms\":1,"
                + "\"samples\":[70000],\"peak_reset\":false}'").run(JOB);
        assertEquals(Status.OVER_LIMIT, r.status());
        assertNull(r.peakMb(), "no memory figures where the child could not read them");
        assertEquals("memory unknown on this OS", r.note());
    }

    @Test
    void aChildStuckInItsSetUpIsKilled() {
        ScalingRow r = script("exec sleep 600").run(JOB);
        assertEquals(Status.TIMED_OUT, r.status());
        assertEquals("the set-up ran past 0.5 s; killed", r.note());
    }

    @Test
    void aChildStuckInACallIsKilled() {
        ScalingRow r = script("echo '{\"event\":\"ready\",\"setup_ms\":1}'; echo '{\"event\":\"call\"}'; exec sleep 600")
                .run(JOB);
        assertEquals(Status.TIMED_OUT, r.status());
        assertEquals("one call ran past 0.5 s; killed", r.note());
    }

    @Test
    void aFailingChildReportsItsLastErrorLine() {
        ScalingRow r = script("echo 'Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space' >&2; "
                + "printf '\\tat Foo.bar(Foo.java:1)\\n' >&2; exit 1").run(JOB);
        assertEquals(Status.FAILED, r.status());
        assertTrue(r.note().startsWith("child exited with 1: Exception in thread"), r.note());
        assertTrue(r.note().endsWith("OutOfMemoryError: Java heap space"), r.note());
    }
}
