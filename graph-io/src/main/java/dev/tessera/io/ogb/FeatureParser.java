package dev.tessera.io.ogb;

import dev.tessera.TesseraException;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.progress.Progress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Parses {@code node-feat.csv}: N rows of F comma-separated float32 values (F from the first row), in parallel
 * blocks of lines ({@link LineBlocks}) written straight into the preallocated matrix: a {@code float[]} when
 * N x F fits one Java array, else off-heap memory ({@link Arena#ofAuto()}).
 */
final class FeatureParser {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private FeatureParser() {
    }

    /**
     * @param file the feature file
     * @param numNodes N, the number of rows expected
     * @return the matrix [N, F]
     * @throws TesseraException on a bad value, a ragged row or a row count other than N
     */
    static NodeFeatures parse(Path file, int numNodes) {
        return parse(file, numNodes, Progress.NONE);
    }

    /**
     * @param file the feature file
     * @param numNodes N, the number of rows expected
     * @param progress where reading the file is reported (bytes, see {@link ByteLines#open(Path, Progress)})
     * @return the matrix [N, F]
     * @throws TesseraException on a bad value, a ragged row or a row count other than N
     */
    static NodeFeatures parse(Path file, int numNodes, Progress progress) {
        return parse(file, numNodes, Integer.MAX_VALUE - 8, progress);
    }

    /**
     * @param file the feature file
     * @param numNodes N
     * @param maxHeapValues the most values held in a {@code float[]}; more go off-heap (lowered by tests)
     * @return the matrix [N, F]
     */
    static NodeFeatures parse(Path file, int numNodes, long maxHeapValues) {
        return parse(file, numNodes, maxHeapValues, Progress.NONE);
    }

    /**
     * @param file the feature file
     * @param numNodes N
     * @param maxHeapValues the most values held in a {@code float[]}; more go off-heap (lowered by tests)
     * @param progress where reading the file is reported
     * @return the matrix [N, F]
     */
    static NodeFeatures parse(Path file, int numNodes, long maxHeapValues, Progress progress) {
        try (ByteLines lines = ByteLines.open(file, progress)) {
            if (!lines.next()) {
                if (numNodes == 0) {
                    return NodeFeatures.none(0);
                }
                throw TesseraException.at(file, 0, "empty file, expected " + numNodes + " rows (one per node)");
            }
            String tooMany = "more rows than the " + numNodes + " nodes";
            if (numNodes == 0) {
                throw lines.error(tooMany);
            }
            if (lines.end() == lines.start()) {
                throw lines.error("empty row");
            }
            int cols = CsvFields.columns(lines.buffer(), lines.start(), lines.end());
            long total = (long) numNodes * cols;
            float[] heap = null;
            MemorySegment seg;
            if (total <= maxHeapValues) {
                heap = new float[(int) total];
                seg = MemorySegment.ofArray(heap);
            } else {
                seg = Arena.ofAuto().allocate(total * Float.BYTES, Float.BYTES);
            }
            Rows rows = new Rows(file, cols, heap, seg);
            rows.parse(lines.buffer(), lines.start(), lines.end(), 0, 1, heap == null ? new float[cols] : null);
            int read = LineBlocks.parse(lines, 1, numNodes, tooMany, rows::parse);
            if (read != numNodes) {
                throw TesseraException.at(file, 0, read + " rows, expected " + numNodes + " (one per node)");
            }
            return heap != null ? NodeFeatures.of(heap, numNodes, cols) : NodeFeatures.of(seg, numNodes, cols);
        }
    }

    /** Writes parsed rows into the matrix. */
    private record Rows(Path file, int cols, float[] heap, MemorySegment seg) {
        void parse(LineBlocks.Block b) {
            float[] tmp = heap == null ? new float[cols] : null;
            for (int i = 0; i < b.count(); i++) {
                parse(b.data(), b.start(i), b.end(i), b.firstIndex() + i, b.firstLine() + i, tmp);
            }
        }

        /** Parses one row into the heap array, or into {@code tmp} and then off-heap storage. */
        void parse(byte[] s, int from, int to, int row, long line, float[] tmp) {
            float[] dst = heap != null ? heap : tmp;
            int base = heap != null ? row * cols : 0;
            int start = from;
            int j = 0;
            try {
                for (; j < cols; j++) {
                    if (start > to) {
                        throw TesseraException.at(file, line, "ragged row: " + j + " columns, expected " + cols);
                    }
                    long packed = CsvFields.parseFloatField(s, start, to);
                    int end = (int) packed;
                    if (j == cols - 1 && end < to) {
                        throw TesseraException.at(file, line, "ragged row: " + CsvFields.columns(s, from, to)
                                + " columns, expected " + cols);
                    }
                    dst[base + j] = Float.intBitsToFloat((int) (packed >>> 32));
                    start = end + 1;
                }
            } catch (NumberFormatException e) {
                throw TesseraException.at(file, line, "column " + (j + 1) + ": " + e.getMessage());
            }
            if (heap == null) {
                MemorySegment.copy(tmp, 0, seg, FLOAT, (long) row * cols * Float.BYTES, cols);
            }
        }
    }
}
