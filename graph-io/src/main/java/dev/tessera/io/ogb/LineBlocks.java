package dev.tessera.io.ogb;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Parses the lines of a file in parallel: the calling thread decompresses and cuts the lines into blocks of about
 * {@value #BLOCK_BYTES} bytes (copied out of the reader's buffer), and each block is parsed on the common
 * fork-join pool. Every line has a known index (its row), so blocks can write straight into preallocated
 * arrays. Blocks are joined in file order, so the error reported is always the first bad line's, whatever the
 * scheduling; no block is still running when {@link #parse} returns or throws.
 */
final class LineBlocks {
    /** Bytes of text per block: large enough to amortize a task, small enough to bound memory. */
    private static final int BLOCK_BYTES = 1 << 19;
    private static final int BLOCK_LINES = 1 << 15;

    private LineBlocks() {
    }

    /** Parses one block; throws a {@link dev.tessera.TesseraException} naming the file and line on bad input. */
    @FunctionalInterface
    interface Parser {
        /** @param block consecutive lines */
        void parse(Block block);
    }

    /** Consecutive lines: line i (0-based in the block) is {@code data[start(i), end(i))}. */
    static final class Block {
        private final int firstIndex;
        private final long firstLine;
        private byte[] data = new byte[BLOCK_BYTES + 1024];
        private int[] ends = new int[256];
        private int size;
        private int count;

        private Block(int firstIndex, long firstLine) {
            this.firstIndex = firstIndex;
            this.firstLine = firstLine;
        }

        /** @return the 0-based index (row) of the block's first line */
        int firstIndex() {
            return firstIndex;
        }

        /** @return the 1-based line number of the block's first line in the file */
        long firstLine() {
            return firstLine;
        }

        /** @return the number of lines */
        int count() {
            return count;
        }

        /** @return the bytes of all lines */
        byte[] data() {
            return data;
        }

        /** @return where line i starts in {@link #data()} */
        int start(int i) {
            return i == 0 ? 0 : ends[i - 1] + 1;
        }

        /** @return where line i ends (exclusive) in {@link #data()} */
        int end(int i) {
            return ends[i];
        }

        private void add(byte[] b, int from, int to) {
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

        private boolean full() {
            return size >= BLOCK_BYTES || count >= BLOCK_LINES;
        }
    }

    /**
     * Reads the remaining lines of {@code lines} and parses them block by block.
     *
     * @param lines the open file, positioned before the next line to parse
     * @param firstIndex the index (row) the next line gets
     * @param maxLines the most lines (indices) allowed; a line at index {@code maxLines} is an error
     * @param tooMany the error text for that line, e.g. {@code "more rows than the 5 nodes"}
     * @param parser parses one block; called concurrently for different blocks
     * @return the number of indices used: {@code firstIndex} plus the lines read
     */
    static int parse(ByteLines lines, int firstIndex, int maxLines, String tooMany, Parser parser) {
        int parallelism = ForkJoinPool.getCommonPoolParallelism();
        int maxInFlight = 2 * parallelism + 1;
        ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
        int index = firstIndex;
        Block block = new Block(index, lines.lineNumber() + 1);
        try {
            while (lines.next()) {
                if (index >= maxLines) {
                    throw lines.error(tooMany);
                }
                block.add(lines.buffer(), lines.start(), lines.end());
                index++;
                if (block.full()) {
                    Block b = block;
                    if (parallelism > 1) {
                        pending.add(CompletableFuture.runAsync(() -> parser.parse(b)));
                    } else {
                        parser.parse(b);
                    }
                    block = new Block(index, lines.lineNumber() + 1);
                    while (pending.size() >= maxInFlight) {
                        join(pending.poll());
                    }
                }
            }
            if (block.count() > 0) {
                parser.parse(block);
            }
        } finally {
            // Earlier blocks' errors come first (also before a truncated stream's), and nothing runs on after us.
            RuntimeException first = null;
            while (!pending.isEmpty()) {
                try {
                    join(pending.poll());
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
        return index;
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
}
