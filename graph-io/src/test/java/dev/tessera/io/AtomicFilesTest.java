package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writtenFilesAndFoldersAreReadableByAll() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path file = dir.resolve("a.txt");
        AtomicFiles.write(file, out -> out.write("x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path folder = dir.resolve("f");
        AtomicFiles.writeFolder(folder, false, d -> Files.writeString(d.resolve("b.txt"), "y"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
    }

    @Test
    void aFailedWriteLeavesNothing() throws IOException {
        Path file = dir.resolve("b.txt");
        assertThrows(TesseraException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(file));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
