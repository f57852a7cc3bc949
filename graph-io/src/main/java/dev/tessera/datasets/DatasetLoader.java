package dev.tessera.datasets;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns what a user types (a path or a dataset name) into a {@link GraphDataset}.
 *
 * <ol>
 *   <li>An argument that exists as a file or folder, or that contains a path separator, is a path: its format
 *       is {@link DatasetFormats#detect detected} unless {@link Builder#optFormat given}.</li>
 *   <li>Otherwise it is a name, looked up as the folder {@code DATA_DIR/NAME}.</li>
 *   <li>A name found nowhere fails with one line listing what was tried and what to run next.</li>
 * </ol>
 *
 * <pre>{@code
 * GraphDataset cora = DatasetLoader.builder().optDataDir(Path.of("/data")).build().load("cora");
 * }</pre>
 */
public final class DatasetLoader {
    private final Path dataDir;
    private final String format;

    private DatasetLoader(Builder b) {
        this.dataDir = b.dataDir;
        this.format = b.format;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the data directory names are looked up in */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Where a dataset argument points, before reading it.
     *
     * @param name the dataset's name (the folder or file name for a path)
     * @param path the file or folder to read
     * @param reader the reader for its format
     * @param hints facts the files may lack
     */
    public record Location(String name, Path path, DatasetReader reader, DatasetInfo hints) {
    }

    /**
     * @param nameOrPath a path to a dataset folder or file, or a dataset name
     * @return where it is and how to read it
     * @throws TesseraException when it cannot be found or its format is unknown
     */
    public Location locate(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        if (nameOrPath.isBlank()) {
            throw new TesseraException("dataset: empty name or path");
        }
        Path asPath = Path.of(nameOrPath);
        if (Files.exists(asPath) || looksLikePath(nameOrPath)) {
            return at(asPath, fileName(asPath), DatasetInfo.NONE);
        }
        List<Path> tried = new ArrayList<>();
        tried.add(asPath.toAbsolutePath().normalize());
        Path local = dataDir.resolve(nameOrPath);
        if (Files.exists(local)) {
            return at(local, nameOrPath, DatasetInfo.NONE);
        }
        tried.add(local.toAbsolutePath().normalize());
        throw new TesseraException("dataset '" + nameOrPath + "' not found (tried " + String.join(", ",
                tried.stream().map(Path::toString).toList()) + "); run 'tessera data download " + nameOrPath
                + "' to fetch a registry dataset, or 'tessera data list' to see what is available");
    }

    /**
     * @param nameOrPath a path to a dataset folder or file, or a dataset name
     * @return the dataset
     * @throws TesseraException when it cannot be found or read
     */
    public GraphDataset load(String nameOrPath) {
        return load(locate(nameOrPath));
    }

    /**
     * @param location a dataset found by {@link #locate}
     * @return the dataset
     * @throws TesseraException when it cannot be read
     */
    public GraphDataset load(Location location) {
        return location.reader().read(location.path(), location.hints());
    }

    private Location at(Path path, String name, DatasetInfo hints) {
        DatasetReader reader = format != null ? DatasetFormats.byName(format) : DatasetFormats.detect(path);
        if (!Files.exists(path)) {
            throw new TesseraException(path + ": no such file or folder");
        }
        return new Location(name, path, reader, hints);
    }

    private static boolean looksLikePath(String s) {
        return s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.startsWith(".") || s.startsWith("~");
    }

    private static String fileName(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path f = abs.getFileName();
        return f == null ? abs.toString() : f.toString();
    }

    /** Builder: every setting is optional. */
    public static final class Builder {
        private Path dataDir = defaultDataDir();
        private String format;

        private Builder() {
        }

        /**
         * @param dataDir where datasets are looked up by name (default: {@code $TESSERA_DATA}, else
         *     {@code ~/.tessera/datasets}); {@code null} keeps the default
         * @return this builder
         */
        public Builder optDataDir(Path dataDir) {
            if (dataDir != null) {
                this.dataDir = dataDir;
            }
            return this;
        }

        /**
         * @param format a format name (see {@link DatasetFormats#names()}) that overrides detection; {@code null}
         *     to detect
         * @return this builder
         */
        public Builder optFormat(String format) {
            this.format = format;
            return this;
        }

        /** @return the loader */
        public DatasetLoader build() {
            return new DatasetLoader(this);
        }

        private static Path defaultDataDir() {
            String env = System.getenv("TESSERA_DATA");
            if (env != null && !env.isBlank()) {
                return Path.of(env);
            }
            return Path.of(System.getProperty("user.home"), ".tessera", "datasets");
        }
    }
}
