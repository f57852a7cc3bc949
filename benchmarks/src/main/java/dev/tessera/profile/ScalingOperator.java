package dev.tessera.profile;

/**
 * One operator that {@code tessera profile scaling} times: a layer applied to the features of a whole graph.
 *
 * <p>An implementation is stateless; {@link #prepare} does the untimed set-up for one problem (parameters, the
 * graph's cached operators) and returns the {@link Call} that is timed. It runs inside a child JVM of its own
 * ({@link ScalingChild}), so whatever it allocates counts toward that process's memory only. To add an operator,
 * implement this interface and list an instance in {@link ScalingOperators#ALL}.
 *
 * <pre>{@code
 * final class MyOperator implements ScalingOperator {
 *     public String name() { return "mine"; }
 *     public String description() { return "my layer, d -> d"; }
 *     public Call prepare(ScalingInput in) {
 *         NDArray w = in.manager().randomNormal(new Shape(in.dim(), in.dim()));   // untimed
 *         return () -> {
 *             try (NDManager m = in.manager().newSubManager()) {                  // frees the call's tensors
 *                 NDArray x = in.features();
 *                 ... forward, and when in.backward(), the backward pass too ...
 *             }
 *         };
 *     }
 * }
 * }</pre>
 */
public interface ScalingOperator {
    /** @return the name given to {@code --ops}: lower case, no spaces or commas */
    String name();

    /** @return one line on what is computed (shown in the report's configuration) */
    String description();

    /**
     * Untimed set-up for one problem size: builds parameters (seeded from {@link ScalingInput#seed()}; the engine's
     * generator is already seeded with it) and anything cached per graph, so that the timed calls do only the
     * operator's work.
     *
     * @param input the problem: N, d, the features, the graph, the manager, and whether to time the backward pass
     * @return the call to time; it is run once to warm up, then repeatedly
     */
    Call prepare(ScalingInput input);

    /** One timed call. */
    @FunctionalInterface
    interface Call extends AutoCloseable {
        /**
         * One forward pass over all N nodes, or forward and backward (gradients of {@code sum(Y)} with respect to the
         * parameters) when {@link ScalingInput#backward()}. It must finish the work before returning (engine calls
         * on the CPU are synchronous) and free its temporaries, e.g. in a sub-manager of {@link ScalingInput#manager()}.
         */
        void run();

        /** Frees what {@link #prepare} made; the child process exits right after, so this may do nothing. */
        @Override
        default void close() {
        }
    }
}
