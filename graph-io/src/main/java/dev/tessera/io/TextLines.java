package dev.tessera.io;

import dev.tessera.TesseraException;
import dev.tessera.progress.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line, gzip-compressed ({@code .gz}) or plain, keeping the 1-based line number so
 * that errors name the file and line. A truncated or corrupt gzip stream becomes a one-line
 * {@link TesseraException} ({@link GzipFiles}).
 *
 * <pre>{@code
 * try (TextLines lines = TextLines.open(path)) {
 *     for (String line; (line = lines.next()) != null; ) {
 *         ... throw lines.error("expected 2 columns");
 *     }
 * }
 * }</pre>
 */
public final class TextLines implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final BufferedReader reader;
    private long lineNumber;

    private TextLines(Path path, BufferedReader reader) {
        this.path = path;
        this.reader = reader;
    }

    /**
     * @param path a text file; gzip when its name ends in {@code .gz}
     * @return the open reader
     * @throws TesseraException when the file is missing or unreadable
     */
    public static TextLines open(Path path) {
        InputStream in = GzipFiles.open(path, Progress.Task.NONE);
        return new TextLines(path, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER));
    }

    /**
     * Finds {@code NAME.gz} or, failing that, {@code NAME} in a folder.
     *
     * @param dir the folder
     * @param name the file name without {@code .gz}
     * @return the path that exists, or {@code null}
     */
    public static Path find(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : null;
    }

    /**
     * @return the next line without its terminator, or {@code null} at the end
     * @throws TesseraException when the stream is truncated or corrupt
     */
    public String next() {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (IOException e) {
            throw GzipFiles.readError(path, e);
        }
    }

    /** @return the 1-based number of the line last returned by {@link #next()} */
    public long lineNumber() {
        return lineNumber;
    }

    /** @return the file being read */
    public Path path() {
        return path;
    }

    /**
     * @param what what is wrong with the current line
     * @return an exception naming the file and the current line
     */
    public TesseraException error(String what) {
        return TesseraException.at(path, lineNumber, what);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Closing a read-only stream: nothing was written, nothing to recover.
        }
    }
}
