package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.cache.BinaryCache;
import dev.tessera.cache.DatasetCache;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.npz.NpzWriter;
import dev.tessera.io.ogb.OgbRawWriter;
import dev.tessera.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The formats {@code data convert} and {@code data generate} write, each through its library writer (all write
 * atomically: a failed write leaves nothing behind).
 */
enum OutputFormat {
    /** A folder in the OGB node-property raw layout ({@link OgbRawWriter}). */
    OGB("ogb"),
    /** One {@code .npz} archive in the heterophilous-graphs layout ({@link NpzWriter}). */
    NPZ("npz"),
    /** One Tessera binary cache file, memory-mapped when read ({@link BinaryCache}). */
    CACHE("cache");

    private final String id;

    OutputFormat(String id) {
        this.id = id;
    }

    /** @return the name given to {@code --to} */
    String id() {
        return id;
    }

    /**
     * @param to the {@code --to} value, or {@code null} to infer it from the output's name
     * @param out the output path
     * @return the format: as given, else {@code npz} for {@code *.npz}, {@code cache} for {@code *.tessera-cache}
     *     and {@code tessera.cache}, {@code ogb} (a folder) otherwise
     * @throws TesseraException when {@code to} names no format
     */
    static OutputFormat of(String to, Path out) {
        if (to != null) {
            for (OutputFormat f : values()) {
                if (f.id.equals(to.trim().toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new TesseraException("--to: unknown format '" + to + "' (expected "
                    + String.join(", ", Arrays.stream(values()).map(OutputFormat::id).toList()) + ")");
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (name.endsWith(".npz")) {
            return NPZ;
        }
        if (name.endsWith(DatasetCache.FILE_CACHE_SUFFIX) || name.equals(DatasetCache.FOLDER_CACHE_NAME)) {
            return CACHE;
        }
        return OGB;
    }

    /**
     * Fails before any long work when the output exists and may not be replaced.
     *
     * @param out the folder or file to write
     * @param replace whether an existing output may be replaced
     * @throws TesseraException when the output exists and not {@code replace}
     */
    static void checkTarget(Path out, boolean replace) {
        if (Files.exists(out) && !replace) {
            throw new TesseraException(out + ": already exists (remove it, choose another output, or pass --force)");
        }
    }

    /**
     * @param ds the dataset
     * @param out the folder ({@code ogb}) or file to write
     * @param replace whether an existing output is replaced (only once the new one is complete)
     * @param progress where the write is reported
     * @throws TesseraException when the output exists and not {@code replace}, or writing fails
     */
    void write(GraphDataset ds, Path out, boolean replace, Progress progress) {
        checkTarget(out, replace);
        // The writers report no steps of their own: a one-shot task (start and end lines, elapsed time).
        Progress.Task task = progress.start("write " + id + " " + out.getFileName(), -1, "");
        try {
            switch (this) {
                case OGB -> OgbRawWriter.write(ds, out, replace);
                case NPZ -> new NpzWriter().write(ds, out);
                case CACHE -> BinaryCache.write(ds, out);
            }
        } finally {
            task.close();
        }
    }
}
