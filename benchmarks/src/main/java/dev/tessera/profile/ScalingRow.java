package dev.tessera.profile;

import java.util.Locale;

/**
 * One row of the report: one operator at one size.
 *
 * @param op the operator
 * @param nodes N
 * @param dim d
 * @param status how the measurement ended
 * @param ms median time of one call, milliseconds; null unless measured
 * @param repeats the number of timed calls behind {@code ms}; 0 unless measured
 * @param peakMb the child process's peak resident set, MiB; null where unknown
 * @param opMb the peak during the calls minus the resident set before them, MiB; null where unknown
 * @param note why a row was not measured (or how), empty when there is nothing to say
 */
public record ScalingRow(String op, int nodes, int dim, Status status, Double ms, int repeats, Double peakMb,
        Double opMb, String note) {
    /** How a measurement ended. */
    public enum Status {
        /** Measured within the time limit. */
        OK,
        /** Measured, but one call took longer than the time limit: larger sizes are skipped. */
        OVER_LIMIT,
        /** A call (or the set-up) ran so long that the child was killed: larger sizes are skipped. */
        TIMED_OUT,
        /** The child failed (e.g. out of memory): larger sizes are skipped. */
        FAILED,
        /** Not run: the operator was dropped at a smaller size. */
        SKIPPED;

        /** @return the name in the report ({@code ok}, {@code over_limit}, ...) */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return whether {@code ms} holds a measurement */
    public boolean measured() {
        return status == Status.OK || status == Status.OVER_LIMIT;
    }

    /** @return whether larger sizes of this operator are skipped after this row */
    public boolean dropsOperator() {
        return status != Status.OK && status != Status.SKIPPED;
    }

    /**
     * @param op the operator
     * @param nodes N
     * @param dim d
     * @param note why
     * @return a row that was not run
     */
    public static ScalingRow skipped(String op, int nodes, int dim, String note) {
        return new ScalingRow(op, nodes, dim, Status.SKIPPED, null, 0, null, null, note);
    }
}
