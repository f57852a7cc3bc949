package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.TesseraException;
import dev.tessera.progress.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipFilesTest {
    @TempDir
    Path tmp;

    /** Sums the steps it is given. */
    private static final class Counter implements Progress.Task {
        long total;

        @Override
        public void step(long n) {
            total += n;
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void close() {
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    @Test
    void decompressesByNameAndCountsTheBytesReadFromTheFile() throws IOException {
        byte[] text = "0,1\n1,2\n2,3\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Path gz = Files.write(tmp.resolve("edge.csv.gz"), gzip(text));
        Path plain = Files.write(tmp.resolve("edge.csv"), text);
        for (Path p : new Path[] {gz, plain}) {
            Counter c = new Counter();
            try (InputStream in = GzipFiles.open(p, c)) {
                assertArrayEquals(text, in.readAllBytes(), p.toString());
            }
            // Compressed bytes for .gz (far fewer than the 12,000 of text), every byte for a plain file.
            assertEquals(Files.size(p), c.total, p.toString());
        }
    }

    @Test
    void namesTheFileForMissingTruncatedAndCorruptInput() throws IOException {
        TesseraException missing = assertThrows(TesseraException.class,
                () -> GzipFiles.open(tmp.resolve("none.csv.gz"), Progress.Task.NONE));
        assertEquals(tmp.resolve("none.csv.gz") + ": file not found", missing.getMessage());

        byte[] whole = gzip("1\n2\n3\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
        Path cut = Files.write(tmp.resolve("cut.csv.gz"), Arrays.copyOf(whole, whole.length - 12));
        TesseraException truncated = assertThrows(TesseraException.class, () -> {
            try (InputStream in = GzipFiles.open(cut, Progress.Task.NONE)) {
                in.readAllBytes();
            } catch (IOException e) {
                throw GzipFiles.readError(cut, e);
            }
        });
        assertEquals(cut + ": truncated gzip stream (unexpected end of file)", truncated.getMessage());

        Path notGzip = Files.writeString(tmp.resolve("plain.csv.gz"), "0,1\n");
        TesseraException corrupt = assertThrows(TesseraException.class, () -> GzipFiles.open(notGzip, Progress.Task.NONE));
        assertEquals(notGzip + ": corrupt gzip stream (Not in GZIP format)", corrupt.getMessage());
    }
}
