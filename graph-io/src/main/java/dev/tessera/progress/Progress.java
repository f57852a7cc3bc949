package dev.tessera.progress;

/**
 * Reports the progress of long work (reading, caching, downloading, training) without deciding how it is
 * shown: the command line shows a bar with rate and ETA on a terminal and quiet lines in logs and CI; library
 * users get {@link #NONE} unless they pass their own. Implementations must be cheap to call per step.
 *
 * <pre>{@code
 * try (Progress.Task t = progress.start("parse edges", edges, "edges")) {
 *     for (...) { ...; t.step(1); }
 * }
 * }</pre>
 */
public interface Progress {
    /** Shows nothing. */
    Progress NONE = (name, total, unit) -> Task.NONE;

    /**
     * @param name what is being done, e.g. {@code download cora}
     * @param total the number of units, or -1 when unknown
     * @param unit the unit's name, e.g. {@code B}, {@code edges}, {@code epochs}
     * @return the task to advance and close
     */
    Task start(String name, long total, String unit);

    /** One piece of long work in progress. */
    interface Task extends AutoCloseable {
        /** Does nothing. */
        Task NONE = new Task() {
            @Override
            public void step(long n) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public void close() {
            }
        };

        /** @param n units just completed */
        void step(long n);

        /** @param text a short status (e.g. current metrics) shown beside the bar */
        void message(String text);

        /** Ends the task (the bar completes, a final log line is written). */
        @Override
        void close();
    }
}
