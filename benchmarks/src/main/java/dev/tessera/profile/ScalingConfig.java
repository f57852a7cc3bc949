package dev.tessera.profile;

import java.util.List;

/**
 * What {@code tessera profile scaling} measures.
 *
 * @param ops operator names, in report order
 * @param sizes node counts, ascending, distinct
 * @param dim d, the feature width
 * @param avgDegree the graph's average degree
 * @param seed the seed of features, graph and parameters
 * @param repeats R, timed calls after the warm-up
 * @param timeLimitS an operator is dropped after a size where one call took longer than this
 * @param killAfterS a call running longer than this is killed (its row is timed out)
 * @param setupTimeoutS a child whose set-up (features, graph, parameters) runs longer than this is killed
 * @param backward whether a call is forward + backward
 */
public record ScalingConfig(List<String> ops, List<Integer> sizes, int dim, int avgDegree, long seed, int repeats,
        double timeLimitS, double killAfterS, double setupTimeoutS, boolean backward) {
    /** Default average degree of the generated graphs. */
    public static final int DEFAULT_AVG_DEGREE = 10;
    /** A call is killed once it has run this many times the time limit. */
    public static final double KILL_FACTOR = 2;
    /** Default limit on a child's set-up, seconds. */
    public static final double DEFAULT_SETUP_TIMEOUT_S = 600;

    /** Copies the lists. */
    public ScalingConfig {
        ops = List.copyOf(ops);
        sizes = List.copyOf(sizes);
    }

    /**
     * @param op an operator
     * @param nodes N
     * @return the child's job for that cell
     */
    ScalingJob job(String op, int nodes) {
        return new ScalingJob(op, nodes, dim, avgDegree, seed, repeats, timeLimitS, killAfterS, setupTimeoutS, backward);
    }

    /**
     * One cell of the sweep: one operator at one size.
     *
     * @param op the operator's name
     * @param nodes N
     * @param dim d
     * @param avgDegree the graph's average degree
     * @param seed the seed
     * @param repeats R
     * @param timeLimitS the time limit, seconds
     * @param killAfterS when a running call is killed, seconds
     * @param setupTimeoutS when a running set-up is killed, seconds
     * @param backward forward + backward
     */
    public record ScalingJob(String op, int nodes, int dim, int avgDegree, long seed, int repeats, double timeLimitS,
            double killAfterS, double setupTimeoutS, boolean backward) {
    }
}
