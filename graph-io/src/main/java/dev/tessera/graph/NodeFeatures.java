package dev.tessera.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A dense float32 node-feature matrix X [N, F], row-major, held in a {@link MemorySegment} that may be a heap
 * array, off-heap memory or a memory-mapped cache file (so N x F may exceed 2<sup>31</sup> values). A dataset
 * without features has F = 0.
 */
public final class NodeFeatures {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int rows;
    private final int cols;
    private final MemorySegment data;

    private NodeFeatures(int rows, int cols, MemorySegment data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /**
     * Wraps a row-major array without copying.
     *
     * @param data [rows * cols] values, row-major
     * @param rows N
     * @param cols F
     * @return the matrix
     */
    public static NodeFeatures of(float[] data, int rows, int cols) {
        return of(MemorySegment.ofArray(data), rows, cols);
    }

    /**
     * Wraps a segment of float32 values, row-major, without copying.
     *
     * @param data [rows * cols] float32 values
     * @param rows N
     * @param cols F
     * @return the matrix
     */
    public static NodeFeatures of(MemorySegment data, int rows, int cols) {
        Objects.requireNonNull(data, "data");
        if (rows < 0 || cols < 0 || data.byteSize() != (long) rows * cols * Float.BYTES) {
            throw new IllegalArgumentException("feature storage of " + data.byteSize() + " bytes is not " + rows + " x " + cols + " float32");
        }
        return new NodeFeatures(rows, cols, data);
    }

    /**
     * @param rows N
     * @return an N x 0 matrix, for datasets without features
     */
    public static NodeFeatures none(int rows) {
        return new NodeFeatures(rows, 0, MemorySegment.ofArray(new float[0]));
    }

    /** @return N */
    public int rows() {
        return rows;
    }

    /** @return F (0 when the dataset has no features) */
    public int cols() {
        return cols;
    }

    /**
     * @param row a node
     * @param col a feature column
     * @return X[row, col]
     */
    public float get(int row, int col) {
        return data.getAtIndex(FLOAT, (long) row * cols + col);
    }

    /**
     * Copies one row into {@code dst}.
     *
     * @param row a node
     * @param dst [F] destination
     */
    public void copyRow(int row, float[] dst) {
        MemorySegment.copy(data, FLOAT, (long) row * cols * Float.BYTES, dst, 0, cols);
    }

    /**
     * @param row a node
     * @return a copy of X[row, :]
     */
    public float[] row(int row) {
        float[] r = new float[cols];
        copyRow(row, r);
        return r;
    }

    /**
     * The whole matrix as one array: the backing array itself for heap storage made by {@link #of(float[], int, int)}
     * (do not modify it), a copy otherwise.
     *
     * @return [N * F] values, row-major
     * @throws IllegalStateException when N x F exceeds what one Java array holds
     */
    public float[] toArray() {
        if (data.heapBase().orElse(null) instanceof float[] a && a.length == (long) rows * cols && data.address() == 0) {
            return a;
        }
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " x " + cols + " features exceed one Java array; use segment()");
        }
        return data.toArray(FLOAT);
    }

    /** @return the float32 storage [N * F], row-major; read-only by contract */
    public MemorySegment segment() {
        return data;
    }

    /** @return whether the storage is a memory-mapped file rather than heap memory */
    public boolean isMapped() {
        return data.isMapped();
    }

    /** @return bytes held, N x F x 4 */
    public long byteSize() {
        return data.byteSize();
    }

    /** Equal when shapes and every value (bitwise) agree. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeFeatures f && rows == f.rows && cols == f.cols && data.mismatch(f.data) == -1;
    }

    @Override
    public int hashCode() {
        return 31 * rows + cols;
    }

    @Override
    public String toString() {
        return "NodeFeatures(" + rows + " x " + cols + (isMapped() ? ", mapped" : "") + ")";
    }
}
