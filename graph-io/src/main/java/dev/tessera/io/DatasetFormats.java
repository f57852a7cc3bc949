package dev.tessera.io;

import dev.tessera.TesseraException;
import dev.tessera.cache.CacheReader;
import dev.tessera.io.edgelist.EdgeListReader;
import dev.tessera.io.npz.NpzReader;
import dev.tessera.io.ogb.OgbRawReader;
import dev.tessera.io.planetoid.PlanetoidReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dataset formats Tessera reads, and detection of a path's format. To add a format, implement
 * {@link DatasetReader} and list it in {@link #READERS}.
 */
public final class DatasetFormats {
    /** Every reader, in detection order. */
    // Specific formats first: Planetoid recognizes its own file names; the edge-list reader takes any *.txt/*.csv.
    private static final List<DatasetReader> READERS = List.of(new OgbRawReader(), new PlanetoidReader(), new NpzReader(),
            new CacheReader(), new EdgeListReader());

    private DatasetFormats() {
    }

    /** @return every reader, in detection order */
    public static List<DatasetReader> readers() {
        return READERS;
    }

    /** @return the format names, for help texts */
    public static List<String> names() {
        return READERS.stream().map(DatasetReader::format).toList();
    }

    /**
     * @param format a format name as given to {@code --format}
     * @return its reader
     * @throws TesseraException when no reader has that name (the message lists the names)
     */
    public static DatasetReader byName(String format) {
        for (DatasetReader r : READERS) {
            if (r.format().equalsIgnoreCase(format)) {
                return r;
            }
        }
        throw new TesseraException("--format: unknown format '" + format + "' (known: " + String.join(", ", names()) + ")");
    }

    /**
     * @param path a folder or file
     * @return the reader that recognizes it
     * @throws TesseraException when the path is missing or no reader recognizes it
     */
    public static DatasetReader detect(Path path) {
        if (!Files.exists(path)) {
            throw new TesseraException(path + ": no such file or folder");
        }
        for (DatasetReader r : READERS) {
            if (r.canRead(path)) {
                return r;
            }
        }
        throw new TesseraException(path + ": not a dataset in a known format ("
                + READERS.stream().map(DatasetReader::format).collect(Collectors.joining(", "))
                + "); pass --format to say which");
    }
}
