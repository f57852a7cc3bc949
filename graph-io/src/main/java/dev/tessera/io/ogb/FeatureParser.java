package dev.tessera.io.ogb;

import dev.tessera.TesseraException;
import dev.tessera.graph.NodeFeatures;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Parses {@code node-feat.csv}: N rows of F comma-separated float32 values (F from the first row). One thread
 * decompresses and cuts lines; blocks of about {@value #BLOCK_BYTES} bytes of lines are parsed in parallel
 * (common fork-join pool) straight into their rows of the preallocated matrix, a {@code float[]} when N x F
 * fits one Java array, else off-heap memory ({@link Arena#ofAuto()}). Blocks are joined in file order, so the
 * error reported is always the first bad line's, whatever the scheduling.
 */
final class FeatureParser {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Bytes of text per parallel block: large enough to amortize a task, small enough to bound memory. */
    private static final int BLOCK_BYTES = 1 << 19;
    private static final int BLOCK_ROWS = 1 << 14;

    private FeatureParser() {
    }

    /**
     * @param file the feature file
     * @param numNodes N, the number of rows expected
     * @return the matrix [N, F]
     * @throws TesseraException on a bad value, a ragged row or a row count other than N
     */
    static NodeFeatures parse(Path file, int numNodes) {
        return parse(file, numNodes, Integer.MAX_VALUE - 8);
    }

    /**
     * @param file the feature file
     * @param numNodes N
     * @param maxHeapValues the most values held in a {@code float[]}; more go off-heap (lowered by tests)
     * @return the matrix [N, F]
     */
    static NodeFeatures parse(Path file, int numNodes, long maxHeapValues) {
        try (ByteLines lines = ByteLines.open(file)) {
            if (!lines.next()) {
                if (numNodes == 0) {
                    return NodeFeatures.none(0);
                }
                throw TesseraException.at(file, 0, "empty file, expected " + numNodes + " rows (one per node)");
            }
            if (numNodes == 0) {
                throw lines.error("more rows than the 0 nodes");
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
            Sink sink = new Sink(file, cols, heap, seg);
            sink.parseRow(lines.buffer(), lines.start(), lines.end(), 0, 1, heap == null ? new float[cols] : null);

            boolean parallel = ForkJoinPool.getCommonPoolParallelism() > 1;
            int maxInFlight = 2 * ForkJoinPool.getCommonPoolParallelism() + 1;
            ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
            Block block = new Block(1, 2);
            int row = 1;
            try {
                while (lines.next()) {
                    if (row >= numNodes) {
                        throw lines.error("more rows than the " + numNodes + " nodes");
                    }
                    block.add(lines.buffer(), lines.start(), lines.end());
                    row++;
                    if (block.full()) {
                        Block b = block;
                        if (parallel) {
                            pending.add(CompletableFuture.runAsync(() -> sink.parse(b)));
                        } else {
                            sink.parse(b);
                        }
                        block = new Block(row, lines.lineNumber() + 1);
                        while (pending.size() >= maxInFlight) {
                            join(pending.poll());
                        }
                    }
                }
                sink.parse(block);
            } finally {
                // Surface an earlier block's error before a later one (or a truncated stream): file order.
                while (!pending.isEmpty()) {
                    join(pending.poll());
                }
            }
            if (row != numNodes) {
                throw TesseraException.at(file, 0, row + " rows, expected " + numNodes + " (one per node)");
            }
            return heap != null ? NodeFeatures.of(heap, numNodes, cols) : NodeFeatures.of(seg, numNodes, cols);
        }
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Consecutive lines copied out of the reader's buffer: line i is {@code data[ends[i-1]+1 .. ends[i])}. */
    private static final class Block {
        final int firstRow;
        final long firstLine;
        byte[] data = new byte[BLOCK_BYTES + 1024];
        int[] ends = new int[64];
        int size;
        int count;

        Block(int firstRow, long firstLine) {
            this.firstRow = firstRow;
            this.firstLine = firstLine;
        }

        void add(byte[] b, int from, int to) {
            int len = to - from;
            if (size + len + 1 > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + len + 1));
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            System.arraycopy(b, from, data, size, len);
            size += len;
            ends[count++] = size;
            size++;
        }

        boolean full() {
            return size >= BLOCK_BYTES || count >= BLOCK_ROWS;
        }
    }

    /** Writes parsed rows into the matrix. */
    private record Sink(Path file, int cols, float[] heap, MemorySegment seg) {
        void parse(Block b) {
            float[] tmp = heap == null ? new float[cols] : null;
            int from = 0;
            for (int i = 0; i < b.count; i++) {
                parseRow(b.data, from, b.ends[i], b.firstRow + i, b.firstLine + i, tmp);
                from = b.ends[i] + 1;
            }
        }

        /** Parses one row into the heap array, or into {@code tmp} and then off-heap storage. */
        void parseRow(byte[] s, int from, int to, int row, long line, float[] tmp) {
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
