package dev.tessera.cache;

import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@link BinaryCache} file as a dataset (format {@code cache}): what {@code data convert --to cache}
 * writes. Recognized by name: {@code *.tessera-cache} or {@code tessera.cache}. The file states everything, so
 * the hints are ignored.
 */
public final class CacheReader implements DatasetReader {
    /** The format's name, as given to {@code --format}. */
    public static final String FORMAT = "cache";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return Files.isRegularFile(path)
                && (name.endsWith(DatasetCache.FILE_CACHE_SUFFIX) || name.equals(DatasetCache.FOLDER_CACHE_NAME));
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        return BinaryCache.read(path);
    }
}
