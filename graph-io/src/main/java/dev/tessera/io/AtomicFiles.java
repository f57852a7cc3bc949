package dev.tessera.io;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes outputs so that readers never see half of one: everything goes to a temporary file or folder beside
 * the target, which is renamed onto the target only when complete, and deleted on failure.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes to an output stream. */
    @FunctionalInterface
    public interface StreamWriter {
        /**
         * @param out the stream to write to
         * @throws IOException on a write error
         */
        void write(OutputStream out) throws IOException;
    }

    /** Fills a temporary folder. */
    @FunctionalInterface
    public interface FolderWriter {
        /**
         * @param dir the empty temporary folder
         * @throws IOException on a write error
         */
        void write(Path dir) throws IOException;
    }

    /**
     * Writes a file atomically.
     *
     * @param target the file to (re)place
     * @param writer writes the content
     * @throws TesseraException when writing fails; the target is then untouched
     */
    public static void write(Path target, StreamWriter writer) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            readableByAll(tmp, false);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            move(tmp, abs);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new TesseraException(target + ": cannot write (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Writes a folder atomically: fills a temporary sibling folder, then renames it onto {@code target}.
     *
     * @param target the folder to create; must not exist, unless {@code replace}
     * @param replace whether an existing target is replaced
     * @param writer fills the folder
     * @throws TesseraException when writing fails or the target exists; the target is then untouched
     */
    public static void writeFolder(Path target, boolean replace, FolderWriter writer) {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !replace) {
            throw new TesseraException(target + ": already exists (remove it or choose another output)");
        }
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp");
            readableByAll(tmp, true);
            writer.write(tmp);
            if (Files.exists(abs)) {
                deleteRecursively(abs);
            }
            move(tmp, abs);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new TesseraException(target + ": cannot write (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a file or folder tree.
     *
     * @param path what to delete; nothing happens when it does not exist
     * @throws IOException when something cannot be deleted
     */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            deleteRecursively(path);
        } catch (IOException e) {
            // Best effort: a leftover hidden temporary is harmless and named as such.
        }
    }

    /**
     * Temporary files are created owner-only (0600, 0700 for folders); the result should have the permissions of a
     * normally written file (0644, 0755; the umask is not visible from Java), so they are set before the rename.
     */
    private static void readableByAll(Path tmp, boolean folder) throws IOException {
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString(
                    folder ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
