package dev.tessera.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.profile.ScalingConfig.ScalingJob;
import dev.tessera.profile.ScalingRow.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingSweepTest {
    private static final List<Integer> SIZES = List.of(1000, 10_000, 100_000, 1_000_000);

    private static ScalingConfig config(List<String> ops) {
        return new ScalingConfig(ops, SIZES, 64, 10, 0, 3, 60, 120, 600, false);
    }

    /** A runner whose call time is c·N^e per operator, with the limits applied as the child applies them. */
    private static final class PowerLaw implements ScalingSweep.Runner {
        final List<ScalingJob> jobs = new ArrayList<>();

        @Override
        public ScalingRow run(ScalingJob job) {
            jobs.add(job);
            double ms = job.op().equals("attention") ? 1e-5 * Math.pow(job.nodes(), 2) : 1e-3 * job.nodes();
            if (ms > job.killAfterS() * 1e3) {
                return new ScalingRow(job.op(), job.nodes(), job.dim(), Status.TIMED_OUT, null, 0, null, null, "killed");
            }
            Status s = ms > job.timeLimitS() * 1e3 ? Status.OVER_LIMIT : Status.OK;
            return new ScalingRow(job.op(), job.nodes(), job.dim(), s, ms, 1, 100.0, 10.0, "");
        }
    }

    @Test
    void anOperatorIsDroppedAfterTheFirstSizeOverTheLimit() {
        PowerLaw runner = new PowerLaw();
        List<ScalingRow> seen = new ArrayList<>();
        List<ScalingRow> rows = ScalingSweep.run(config(List.of("attention", "gcn")), runner, new ScalingSweep.Listener() {
            @Override
            public void finished(ScalingRow row) {
                seen.add(row);
            }
        });
        assertEquals(rows, seen);
        // attention: 10 ms, 1 s, 100 s (> 60 s limit, < 120 s kill: measured, over the limit), then skipped.
        assertEquals(List.of(Status.OK, Status.OK, Status.OVER_LIMIT, Status.SKIPPED),
                rows.subList(0, 4).stream().map(ScalingRow::status).toList());
        assertEquals(100_000.0, rows.get(2).ms(), 1e-6);
        assertEquals("dropped after N=100,000: over_limit", rows.get(3).note());
        // gcn stays within the limit everywhere.
        assertTrue(rows.subList(4, 8).stream().allMatch(r -> r.status() == Status.OK));
        // The skipped size was never run.
        assertEquals(7, runner.jobs.size());
        assertTrue(runner.jobs.stream().noneMatch(j -> j.op().equals("attention") && j.nodes() == 1_000_000));
    }

    @Test
    void aTimedOutSizeDropsTheOperatorToo() {
        PowerLaw runner = new PowerLaw();
        // 10 ms, then 1 s: over the 0.5 s limit but not past the 2 s kill: measured, then skipped.
        ScalingConfig c = new ScalingConfig(List.of("attention"), SIZES, 64, 10, 0, 3, 0.5, 2, 600, false);
        List<Status> s = ScalingSweep.run(c, runner, ScalingSweep.Listener.NONE).stream().map(ScalingRow::status).toList();
        assertEquals(List.of(Status.OK, Status.OVER_LIMIT, Status.SKIPPED, Status.SKIPPED), s);
        // With a 0.4 s kill the 1 s call is killed: timed out, then skipped.
        ScalingConfig tight = new ScalingConfig(List.of("attention"), SIZES, 64, 10, 0, 3, 0.2, 0.4, 600, false);
        assertEquals(List.of(Status.OK, Status.TIMED_OUT, Status.SKIPPED, Status.SKIPPED),
                ScalingSweep.run(tight, new PowerLaw(), ScalingSweep.Listener.NONE).stream().map(ScalingRow::status).toList());
    }
}
