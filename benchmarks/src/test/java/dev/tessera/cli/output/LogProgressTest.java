package dev.tessera.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogProgressTest {
    private long now;

    @Test
    void printsStartAtMostOneLinePerIntervalAndEnd() {
        StringWriter sw = new StringWriter();
        LogProgress p = new LogProgress(new PrintWriter(sw), Duration.ofSeconds(10), () -> now);
        try (Progress.Task t = p.start("parse", 1000, "edges")) {
            now = 1_000_000_000L;
            t.step(100); // 1 s: too early for a line
            now = 10_000_000_000L;
            t.step(100); // 10 s: a line
            now = 15_000_000_000L;
            t.step(300); // 15 s: within 10 s of the last line
            now = 20_000_000_000L;
            t.message("loss 0.5");
            t.step(500); // 20 s: a line
            now = 21_000_000_000L;
        }
        assertEquals(List.of(
                "parse: started (1,000 edges)",
                "parse: 200 / 1,000 edges (20%), 20 edges/s",
                "parse: 1,000 / 1,000 edges (100%), 50 edges/s, loss 0.5",
                "parse: done, 1,000 edges in 21.0 s, loss 0.5"), sw.toString().lines().toList());
    }

    @Test
    void slowRatesReadAsTimePerUnit() {
        assertEquals("2,048 B/s", LogProgress.rate(2048, "B"));
        assertEquals("2.5 epochs/s", LogProgress.rate(2.5, "epochs"));
        assertEquals("4.0 s/epoch", LogProgress.rate(0.25, "epochs"));
        assertEquals("2.0 s/B", LogProgress.rate(0.5, "B"));
        StringWriter sw = new StringWriter();
        LogProgress p = new LogProgress(new PrintWriter(sw), Duration.ofSeconds(1), () -> now);
        now = 0;
        try (Progress.Task t = p.start("gqt", 30, "epochs")) {
            now = 6_000_000_000L;
            t.step(3);
        }
        assertEquals("gqt: 3 / 30 epochs (10%), 2.0 s/epoch", sw.toString().lines().toList().get(1));
    }

    @Test
    void oneShotTaskReportsItsTimeOnly() {
        StringWriter sw = new StringWriter();
        LogProgress p = new LogProgress(new PrintWriter(sw), Duration.ofSeconds(10), () -> now);
        Progress.Task t = p.start("write ogb out", -1, "");
        now = 1_500_000_000L;
        t.close();
        assertEquals(List.of("write ogb out: started", "write ogb out: done in 1.5 s"), sw.toString().lines().toList());
    }

    @Test
    void unknownTotalShowsCountsOnly() {
        StringWriter sw = new StringWriter();
        LogProgress p = new LogProgress(new PrintWriter(sw), Duration.ofSeconds(1), () -> now);
        Progress.Task t = p.start("download", -1, "B");
        now = 2_000_000_000L;
        t.step(4096);
        t.close();
        t.close(); // a second close adds nothing
        assertEquals(List.of(
                "download: started",
                "download: 4,096 B, 2,048 B/s",
                "download: done, 4,096 B in 2.0 s"), sw.toString().lines().toList());
    }

    /** A scheduler the test runs by hand: the pending action and whether it was cancelled. */
    private Runnable pending;
    private boolean cancelled;

    private LogProgress quiet(StringWriter sw) {
        return new LogProgress(new PrintWriter(sw), Duration.ofSeconds(10), Duration.ofSeconds(1), () -> now,
                (action, delay) -> {
                    assertEquals(Duration.ofSeconds(1), delay);
                    pending = action;
                    return () -> cancelled = true;
                });
    }

    @Test
    void quietTaskThatEndsWithinTheQuietPeriodPrintsNothing() {
        StringWriter sw = new StringWriter();
        try (Progress.Task t = quiet(sw).start("map cache", 100, "B")) {
            now = 400_000_000L;
            t.step(100);
        }
        assertTrue(cancelled, "the start line was called off");
        pending.run(); // had it raced the close, it would still print nothing
        assertEquals("", sw.toString());
    }

    @Test
    void quietTaskStillRunningAfterTheQuietPeriodPrintsAsBefore() {
        StringWriter sw = new StringWriter();
        Progress.Task t = quiet(sw).start("write ogb out", -1, "");
        now = 1_000_000_000L;
        pending.run();
        now = 2_500_000_000L;
        t.close();
        assertEquals(List.of("write ogb out: started", "write ogb out: done in 2.5 s"), sw.toString().lines().toList());
    }

    @Test
    void quietTaskAnnouncesItselfBeforeItsFirstProgressLine() {
        StringWriter sw = new StringWriter();
        try (Progress.Task t = quiet(sw).start("parse", 1000, "edges")) {
            now = 10_000_000_000L;
            t.step(500); // the scheduler has not run yet: the step prints the start line first
            pending.run();
            now = 12_000_000_000L;
            t.step(500);
        }
        assertEquals(List.of(
                "parse: started (1,000 edges)",
                "parse: 500 / 1,000 edges (50%), 50 edges/s",
                "parse: done, 1,000 edges in 12.0 s"), sw.toString().lines().toList());
    }

    @Test
    void quietTaskThatTookLongPrintsItsEndEvenUnannounced() {
        StringWriter sw = new StringWriter();
        Progress.Task t = quiet(sw).start("build graph", -1, "");
        now = 1_200_000_000L;
        t.close();
        assertEquals(List.of("build graph: done in 1.2 s"), sw.toString().lines().toList());
    }
}
