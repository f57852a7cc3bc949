package dev.tessera.io.ogb;

import dev.tessera.TesseraException;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.io.TextLines;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Parses {@code node-feat.csv}: N rows of F comma-separated float32 values (F from the first row). One thread
 * reads and decompresses lines; blocks of lines are parsed in parallel into their rows of the preallocated
 * matrix, a {@code float[]} when N x F fits one Java array, else off-heap memory ({@link Arena#ofAuto()}).
 * Errors are reported for the first bad line in file order, so the message does not depend on scheduling.
 */
final class FeatureParser {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** Characters of text per parallel block; a few hundred kB keeps the per-block overhead small. */
    private static final int BLOCK_CHARS = 1 << 19;

    private FeatureParser() {
    }

    /**
     * @param file the feature file
     * @param numNodes N, the number of rows expected
     * @return the matrix [N, F]
     * @throws TesseraException on a bad value, a ragged row or a row count other than N
     */
    static NodeFeatures parse(Path file, int numNodes) {
        try (TextLines lines = TextLines.open(file)) {
            String first = lines.next();
            if (first == null) {
                if (numNodes == 0) {
                    return NodeFeatures.none(0);
                }
                throw TesseraException.at(file, 0, "empty file, expected " + numNodes + " rows (one per node)");
            }
            if (numNodes == 0) {
                throw lines.error("more rows than the 0 nodes");
            }
            if (first.isBlank()) {
                throw lines.error("empty row");
            }
            int cols = CsvFields.columns(first);
            long total = (long) numNodes * cols;
            float[] heap = null;
            MemorySegment seg;
            if (total <= Integer.MAX_VALUE - 8) {
                heap = new float[(int) total];
                seg = MemorySegment.ofArray(heap);
            } else {
                seg = Arena.ofAuto().allocate(total * Float.BYTES, Float.BYTES);
            }
            Sink sink = new Sink(file, cols, heap, seg);
            sink.parseRows(new String[] {first}, 1, 0, 1);

            int parallelism = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
            int maxInFlight = 2 * parallelism + 1;
            ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
            int blockRows = Math.max(1, Math.min(1 << 14, BLOCK_CHARS / Math.max(1, first.length())));
            String[] block = new String[blockRows];
            int filled = 0;
            long blockFirstLine = 2;
            int row = 1;
            try {
                for (String line; (line = lines.next()) != null; ) {
                    if (row >= numNodes) {
                        throw lines.error("more rows than the " + numNodes + " nodes");
                    }
                    block[filled++] = line;
                    row++;
                    if (filled == blockRows) {
                        String[] b = block;
                        int startRow = row - filled;
                        long fl = blockFirstLine;
                        int count = filled;
                        if (parallelism > 1) {
                            pending.add(CompletableFuture.runAsync(() -> sink.parseRows(b, count, startRow, fl)));
                            block = new String[blockRows];
                        } else {
                            sink.parseRows(b, count, startRow, fl);
                        }
                        filled = 0;
                        blockFirstLine = lines.lineNumber() + 1;
                        while (pending.size() >= maxInFlight) {
                            join(pending.poll());
                        }
                    }
                }
                if (filled > 0) {
                    sink.parseRows(block, filled, row - filled, blockFirstLine);
                }
            } finally {
                // Surface an earlier block's error before a later one (or a truncated stream), in file order.
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

    /** Writes parsed rows into the matrix. */
    private record Sink(Path file, int cols, float[] heap, MemorySegment seg) {
        void parseRows(String[] rows, int count, int firstRow, long firstLine) {
            float[] tmp = heap == null ? new float[cols] : null;
            for (int r = 0; r < count; r++) {
                String s = rows[r];
                long line = firstLine + r;
                float[] dst = heap != null ? heap : tmp;
                int base = heap != null ? (int) ((long) (firstRow + r) * cols) : 0;
                int start = 0;
                int j = 0;
                try {
                    for (; j < cols; j++) {
                        int end = s.indexOf(',', start);
                        if (j < cols - 1) {
                            if (end < 0) {
                                throw TesseraException.at(file, line, "ragged row: " + (j + 1) + " columns, expected " + cols);
                            }
                        } else if (end >= 0) {
                            throw TesseraException.at(file, line, "ragged row: " + CsvFields.columns(s) + " columns, expected " + cols);
                        } else {
                            end = s.length();
                        }
                        dst[base + j] = CsvFields.parseFloat(s, start, end);
                        start = end + 1;
                    }
                } catch (NumberFormatException e) {
                    throw TesseraException.at(file, line, "column " + (j + 1) + ": " + e.getMessage());
                }
                if (tmp != null) {
                    MemorySegment.copy(tmp, 0, seg, FLOAT, (long) (firstRow + r) * cols * Float.BYTES, cols);
                }
                rows[r] = null;
            }
        }
    }
}
