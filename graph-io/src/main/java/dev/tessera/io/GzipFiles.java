package dev.tessera.io;

import dev.tessera.TesseraException;
import dev.tessera.progress.Progress;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a file that may be gzip-compressed (by its name: {@code .gz}) and turns its I/O failures into one-line
 * {@link TesseraException}s naming the file: missing, unreadable, truncated or corrupt gzip. Shared by the line
 * readers ({@link TextLines}, the OGB reader's byte lines) so that every reader words these errors alike.
 *
 * <pre>{@code
 * try (InputStream in = GzipFiles.open(path, Progress.Task.NONE)) {
 *     ... in.read(buf) ...   // on IOException: throw GzipFiles.readError(path, e);
 * }
 * }</pre>
 */
public final class GzipFiles {
    /** Bytes the gzip decoder reads from the file at a time. */
    private static final int BUFFER = 1 << 16;

    private GzipFiles() {
    }

    /**
     * @param path a file; decompressed when its name ends in {@code .gz}
     * @param rawBytes advanced by the bytes read from the file itself (compressed bytes for {@code .gz}), so that a
     *     task whose total is the file's size ends at 100%; {@link Progress.Task#NONE} for no counting
     * @return the open (decompressed) stream
     * @throws TesseraException when the file is missing or unreadable, or its gzip header is bad
     */
    public static InputStream open(Path path, Progress.Task rawBytes) {
        try {
            InputStream in = Files.newInputStream(path);
            if (rawBytes != Progress.Task.NONE) {
                in = new Counting(in, rawBytes);
            }
            if (path.getFileName().toString().endsWith(".gz")) {
                try {
                    in = new GZIPInputStream(in, BUFFER);
                } catch (IOException e) {
                    in.close();
                    throw readError(path, e);
                }
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new TesseraException(path + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param path the file being read
     * @param e what reading it raised
     * @return a one-line error: truncated gzip (end of file inside the stream), corrupt gzip, or cannot read
     */
    public static TesseraException readError(Path path, IOException e) {
        if (e instanceof EOFException) {
            return new TesseraException(path + ": truncated gzip stream (unexpected end of file)", e);
        }
        if (e instanceof ZipException) {
            return new TesseraException(path + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
        return new TesseraException(path + ": cannot read (" + e.getMessage() + ")", e);
    }

    /** Steps a task by the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        private final Progress.Task task;

        Counting(InputStream in, Progress.Task task) {
            super(in);
            this.task = task;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                task.step(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                task.step(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            if (s > 0) {
                task.step(s);
            }
            return s;
        }
    }
}
