package dev.tessera.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
