package dev.tessera.transforms;

import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Row-normalizes the node features so that each row sums to 1: {@code x'[v, :] = x[v, :] / sum(x[v, :])}; a row
 * summing to 0 is left as it is (PyG's {@code NormalizeFeatures}). The sum is taken in double precision.
 *
 * <p>On non-negative features whose non-zero rows sum to at least 1 (bag-of-words counts or indicators, as in
 * Cora) this equals PyG's result. PyG also shifts by the global minimum and divides by {@code max(sum, 1)}, so it
 * differs on negative values and on rows summing below 1, which this transform scales up to sum 1.
 *
 * <p>Heap and segment (off-heap, mapped) features both work; the result is on the heap when it fits one array,
 * off-heap otherwise. One pass over the rows.
 */
public final class NormalizeFeatures implements Transform {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** The transform. */
    public NormalizeFeatures() {
    }

    /**
     * @param p parameters: none
     * @return the transform
     */
    public static NormalizeFeatures fromParams(TransformParams p) {
        return new NormalizeFeatures();
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return derive(dataset).optFeatures(normalize(dataset.features())).build();
    }

    @Override
    public String describe() {
        return "normalize-features";
    }

    /**
     * @param x features [N, F]
     * @return row-normalized features [N, F] ({@code x} itself when F = 0)
     */
    public static NodeFeatures normalize(NodeFeatures x) {
        int rows = x.rows();
        int cols = x.cols();
        if (cols == 0) {
            return x;
        }
        MemorySegment out = CsrOps.floats((long) rows * cols);
        float[] row = new float[cols];
        for (int v = 0; v < rows; v++) {
            x.copyRow(v, row);
            double sum = 0;
            for (float f : row) {
                sum += f;
            }
            if (sum != 0) {
                for (int c = 0; c < cols; c++) {
                    row[c] = (float) (row[c] / sum);
                }
            }
            MemorySegment.copy(row, 0, out, FLOAT, (long) v * cols * Float.BYTES, cols);
        }
        return NodeFeatures.of(out, rows, cols);
    }
}
