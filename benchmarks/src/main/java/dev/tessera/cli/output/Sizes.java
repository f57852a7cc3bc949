package dev.tessera.cli.output;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Byte counts for people: sizes on disk and their binary-unit text ({@code 1.5 MiB}). */
public final class Sizes {
    private Sizes() {
    }

    /**
     * @param b a byte count
     * @return it in B, or KiB, MiB, GiB, TiB with one decimal (1 KiB = 1024 B)
     */
    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * @param p a file or folder
     * @return the bytes of every regular file in it (0 when it does not exist)
     * @throws TesseraException when it cannot be walked
     */
    public static long onDisk(Path p) {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new TesseraException(p + ": cannot measure size (" + e.getMessage() + ")", e);
        }
    }
}
