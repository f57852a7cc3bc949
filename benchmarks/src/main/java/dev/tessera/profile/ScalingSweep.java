package dev.tessera.profile;

import dev.tessera.profile.ScalingConfig.ScalingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs every operator at every size, smallest first, and applies the time limit: once a row of an operator is over
 * the limit, timed out or failed, its larger sizes are not run and are reported as skipped.
 */
public final class ScalingSweep {
    /** Measures one cell (in production: {@link ChildRunner}, a fresh JVM per cell). */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param job the cell
         * @return its row (never {@link ScalingRow.Status#SKIPPED})
         */
        ScalingRow run(ScalingJob job);
    }

    /** Hears about each cell as it starts and ends (progress lines). */
    public interface Listener {
        /** Prints nothing. */
        Listener NONE = new Listener() {
        };

        /** @param job a cell about to run */
        default void started(ScalingJob job) {
        }

        /** @param row a finished or skipped cell */
        default void finished(ScalingRow row) {
        }
    }

    private ScalingSweep() {
    }

    /**
     * @param config the operators, sizes and limits
     * @param runner measures one cell
     * @param listener hears about progress
     * @return one row per (operator, size), operators in the given order, sizes ascending
     */
    public static List<ScalingRow> run(ScalingConfig config, Runner runner, Listener listener) {
        List<ScalingRow> rows = new ArrayList<>();
        for (String op : config.ops()) {
            ScalingRow dropper = null;
            for (int n : config.sizes()) {
                ScalingRow row;
                if (dropper != null) {
                    row = ScalingRow.skipped(op, n, config.dim(), String.format(Locale.ROOT, "dropped after N=%,d: %s",
                            dropper.nodes(), dropper.status().id()));
                } else {
                    ScalingJob job = config.job(op, n);
                    listener.started(job);
                    row = runner.run(job);
                    if (row.dropsOperator()) {
                        dropper = row;
                    }
                }
                listener.finished(row);
                rows.add(row);
            }
        }
        return rows;
    }
}
