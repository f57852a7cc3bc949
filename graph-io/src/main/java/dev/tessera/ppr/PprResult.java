package dev.tessera.ppr;

import dev.tessera.io.safetensors.SafetensorsWriter;

/**
 * The top-k personalized PageRank neighbours of a set of source nodes (one row per source), strongest first.
 *
 * <p>Shapes: {@link #neighbors()} int32 [rows * k] and {@link #weights()} float32 [rows * k], row-major: row
 * {@code i}, rank {@code j} is at {@code i * k + j}. Within a row weights do not increase; equal weights are
 * ordered by node id. A row with fewer than {@code k} candidates is padded with neighbour -1 and weight 0.
 */
public final class PprResult {
    private final int rows;
    private final int topK;
    private final int[] neighbors;
    private final float[] weights;
    private final long pushOps;

    PprResult(int rows, int topK, int[] neighbors, float[] weights, long pushOps) {
        this.rows = rows;
        this.topK = topK;
        this.neighbors = neighbors;
        this.weights = weights;
        this.pushOps = pushOps;
    }

    /** @return the number of rows (sources; N when every node was a source) */
    public int rows() {
        return rows;
    }

    /** @return k, the entries per row */
    public int topK() {
        return topK;
    }

    /** @return neighbour ids [rows * k], -1 where padded; shared, do not modify */
    public int[] neighbors() {
        return neighbors;
    }

    /** @return PPR weights [rows * k], 0 where padded; shared, do not modify */
    public float[] weights() {
        return weights;
    }

    /**
     * @param row a row
     * @param rank a rank in {@code [0, k)}
     * @return the neighbour at that rank, or -1
     */
    public int neighbor(int row, int rank) {
        return neighbors[row * topK + rank];
    }

    /**
     * @param row a row
     * @param rank a rank in {@code [0, k)}
     * @return the weight at that rank, or 0
     */
    public float weight(int row, int rank) {
        return weights[row * topK + rank];
    }

    /** @return the push operations of all sources together (one per node popped from the queue) */
    public long pushOps() {
        return pushOps;
    }

    /** @return push operations per source */
    public double meanPushOps() {
        return rows == 0 ? 0 : (double) pushOps / rows;
    }

    /**
     * The result as safetensors tensors {@code neighbors} (I32 [rows, k]) and {@code weights} (F32 [rows, k]);
     * the caller adds metadata and writes the file.
     *
     * @return a writer holding the two tensors
     */
    public SafetensorsWriter toSafetensors() {
        return new SafetensorsWriter().addInt32("neighbors", neighbors, rows, topK).addFloat32("weights", weights, rows, topK);
    }
}
