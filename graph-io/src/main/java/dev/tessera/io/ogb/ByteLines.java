package dev.tessera.io.ogb;

import dev.tessera.TesseraException;
import dev.tessera.io.GzipFiles;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a text file ({@code .gz} or plain) line by line as byte ranges of one reused buffer, keeping the 1-based
 * line number. It is {@link dev.tessera.io.TextLines} without decoding every line into a {@code String}: the
 * numeric OGB files are ASCII, and skipping the decode makes parsing several times faster on large graphs.
 * Line ends are {@code \n} or {@code \r\n}; errors read as TextLines' do (missing file, truncated gzip: {@link GzipFiles}).
 *
 * <pre>{@code
 * try (ByteLines lines = ByteLines.open(path)) {
 *     while (lines.next()) {
 *         parse(lines.buffer(), lines.start(), lines.end());
 *     }
 * }
 * }</pre>
 */
final class ByteLines implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final InputStream in;
    /** Reports the bytes read from the file, or {@code null} when nothing is reported. */
    private final FileTask task;
    private byte[] buf = new byte[BUFFER];
    /** Unconsumed bytes are {@code buf[pos, limit)}; no newline in {@code buf[pos, scan)}. */
    private int pos;
    private int scan;
    private int limit;
    private boolean eof;
    private int start;
    private int end;
    private long lineNumber;

    private ByteLines(Path path, InputStream in, FileTask task) {
        this.path = path;
        this.in = in;
        this.task = task;
    }

    /**
     * @param path a text file; gzip when its name ends in {@code .gz}
     * @return the open reader
     * @throws TesseraException when the file is missing, unreadable or not gzip
     */
    static ByteLines open(Path path) {
        return open(path, Progress.NONE);
    }

    /**
     * Opens a file and reports reading it as one task {@code read FILE_NAME} whose total is the file's size in
     * bytes (compressed bytes for {@code .gz}); a file read to its end completes the task.
     *
     * @param path a text file; gzip when its name ends in {@code .gz}
     * @param progress where the task is reported ({@link Progress#NONE} for nowhere)
     * @return the open reader
     * @throws TesseraException when the file is missing, unreadable or not gzip
     */
    static ByteLines open(Path path, Progress progress) {
        FileTask task = progress == Progress.NONE ? null : FileTask.start(path, progress);
        try {
            return new ByteLines(path, GzipFiles.open(path, task == null ? Progress.Task.NONE : task), task);
        } catch (RuntimeException e) {
            if (task != null) {
                task.close();
            }
            throw e;
        }
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the file
     * @throws TesseraException when the stream is truncated or corrupt
     */
    boolean next() {
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    setLine(pos, i);
                    pos = i + 1;
                    scan = pos;
                    return true;
                }
            }
            scan = limit;
            if (eof) {
                if (pos < limit) {
                    setLine(pos, limit);
                    pos = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int from, int to) {
        start = from;
        end = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        lineNumber++;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            scan -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            // A line longer than the buffer: grow it.
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (IOException e) {
            throw GzipFiles.readError(path, e);
        }
    }

    /** @return the buffer holding the current line; valid until the next call of {@link #next()} */
    byte[] buffer() {
        return buf;
    }

    /** @return where the current line starts in {@link #buffer()} */
    int start() {
        return start;
    }

    /** @return where the current line ends (exclusive, without its line end) */
    int end() {
        return end;
    }

    /** @return the current line's 1-based number */
    long lineNumber() {
        return lineNumber;
    }

    /** @return the file being read */
    Path path() {
        return path;
    }

    /** @return the current line decoded as UTF-8 (for names and messages, not for numbers) */
    String lineString() {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * @param what what is wrong with the current line
     * @return an exception naming the file and the current line
     */
    TesseraException error(String what) {
        return TesseraException.at(path, lineNumber, what);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Closing a read-only stream: nothing was written, nothing to recover.
        }
        if (task != null) {
            if (eof) {
                // Read to the end: bytes the decoder left unread (gzip padding) count as done too.
                task.finish();
            }
            task.close();
        }
    }

    /** The task reporting one file's bytes; remembers how many it was stepped by. */
    private static final class FileTask implements Progress.Task {
        private final Progress.Task task;
        private final long size;
        private long done;

        private FileTask(Progress.Task task, long size) {
            this.task = task;
            this.size = size;
        }

        static FileTask start(Path path, Progress progress) {
            long size;
            try {
                size = Files.size(path);
            } catch (IOException e) {
                // Missing or unreadable: opening it will say so; report an unknown total meanwhile.
                size = -1;
            }
            return new FileTask(progress.start("read " + path.getFileName(), size, "B"), size);
        }

        @Override
        public void step(long n) {
            done += n;
            task.step(n);
        }

        void finish() {
            if (size > done) {
                step(size - done);
            }
        }

        @Override
        public void message(String text) {
            task.message(text);
        }

        @Override
        public void close() {
            task.close();
        }
    }
}
