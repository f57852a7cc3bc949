package dev.tessera.datasets;

import dev.tessera.TesseraException;
import dev.tessera.cache.CacheReader;
import dev.tessera.cache.DatasetCache;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.progress.Progress;
import dev.tessera.transforms.Transform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns what a user types (a path or a dataset name) into a {@link GraphDataset}.
 *
 * <ol>
 *   <li>An argument that exists as a file or folder, or that looks like a path (holds a separator, starts with
 *       {@code .} or {@code ~}), is a path: its format is {@link DatasetFormats#detect detected} unless
 *       {@link Builder#optFormat given}; no registry hints.</li>
 *   <li>A name in the {@link DatasetRegistry} is read from {@code DATA_DIR/NAME} with the entry's
 *       {@link RegistryEntry#hints() hints} (task, metric, {@code add_inverse_edge}, default split); the folder's
 *       format is detected, falling back to the entry's format. A dataset shipped in the jar is first copied
 *       there by the {@link Downloader} (offline), and refreshed when the jar's copy changed; any other missing dataset is an error that says to run
 *       {@code tessera data download NAME}.</li>
 *   <li>Any other name is read from the folder or file {@code DATA_DIR/NAME} when it exists.</li>
 *   <li>Otherwise the error lists what was tried and what to run next.</li>
 * </ol>
 * An optional {@link Transform} is applied after reading; an optional {@link DatasetCache} keeps the (transformed)
 * result in a binary file that later loads map instead of parsing.
 *
 * <pre>{@code
 * GraphDataset cora = DatasetLoader.builder().optDataDir(Path.of("/data")).build().load("cora");
 * }</pre>
 */
public final class DatasetLoader {
    private final DataDirectory dataDir;
    private final DatasetRegistry registry;
    private final String format;
    private final Progress progress;
    private final Consumer<String> notes;
    private final Transform transform;
    private final DatasetCache cache;

    private DatasetLoader(Builder b) {
        this.dataDir = DataDirectory.resolve(b.dataDir);
        this.registry = b.registry != null ? b.registry : DatasetRegistry.load();
        this.format = b.format;
        this.progress = b.progress;
        this.notes = b.notes;
        this.transform = b.transform;
        this.cache = b.cache;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the data directory names are looked up in */
    public DataDirectory dataDirectory() {
        return dataDir;
    }

    /** @return the registry names are looked up in */
    public DatasetRegistry registry() {
        return registry;
    }

    /**
     * Where a dataset argument points, before reading it.
     *
     * @param name the dataset's name (the registry name, or the folder or file name for a path)
     * @param path the file or folder to read
     * @param reader the reader for its format
     * @param hints facts the files may lack ({@link DatasetInfo#NONE} outside the registry)
     * @param entry the registry entry, when the argument named one
     */
    public record Location(String name, Path path, DatasetReader reader, DatasetInfo hints, Optional<RegistryEntry> entry) {
    }

    /**
     * Finds a dataset without reading it; copies a dataset shipped in the jar into the data directory first.
     *
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
            if (!Files.exists(asPath)) {
                throw new TesseraException(nameOrPath + ": no such file or folder");
            }
            return new Location(fileName(asPath), asPath, reader(asPath, null), DatasetInfo.NONE, Optional.empty());
        }
        Optional<RegistryEntry> entry = registry.find(nameOrPath);
        if (entry.isPresent()) {
            RegistryEntry e = entry.get();
            Path dir = dataDir.datasetPath(e.name());
            if (e.shipped()) {
                // Copies the jar's files when the folder is missing or out of date; offline.
                dir = Downloader.builder().setDataDirectory(dataDir).optProgress(progress).optNotes(notes).build().fetch(e);
            }
            if (!Files.isDirectory(dir)) {
                throw new TesseraException("dataset '" + e.name() + "' is not downloaded (no folder " + dir
                        + "); run 'tessera data download " + e.name() + "'" + dataDirHint());
            }
            return new Location(e.name(), dir, reader(dir, e.format()), e.hints(), entry);
        }
        List<Path> tried = new ArrayList<>();
        tried.add(asPath.toAbsolutePath().normalize());
        if (!nameOrPath.startsWith(".")) {
            Path local = dataDir.root().resolve(nameOrPath);
            if (Files.exists(local)) {
                return new Location(nameOrPath, local, reader(local, null), DatasetInfo.NONE, Optional.empty());
            }
            tried.add(local);
        }
        throw new TesseraException("dataset '" + nameOrPath + "' not found (tried " + String.join(", ",
                tried.stream().map(Path::toString).toList()) + "; it is not in the registry); run 'tessera data list' "
                + "to see the known datasets, then 'tessera data download NAME'" + dataDirHint());
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
     * @return the dataset, with the {@link Builder#optTransform transform} applied
     * @throws TesseraException when it cannot be read
     */
    public GraphDataset load(Location location) {
        return loadWithStatus(location).dataset();
    }

    /**
     * Reads a dataset through the {@link Builder#optCache cache} when there is one: a fresh cache file is mapped
     * instead of parsing the source; otherwise the source is parsed, transformed and the cache written. A
     * {@code cache} file given as the dataset is read directly.
     *
     * @param location a dataset found by {@link #locate}
     * @return the dataset, with the {@link Builder#optTransform transform} applied, and what the cache did
     *     ({@link DatasetCache.Status#DISABLED} without a cache)
     * @throws TesseraException when it cannot be read
     */
    public DatasetCache.Result loadWithStatus(Location location) {
        if (cache == null || location.reader().format().equals(CacheReader.FORMAT)) {
            GraphDataset ds = location.reader().read(location.path(), location.hints(), progress);
            return new DatasetCache.Result(transform == null ? ds : transform.apply(ds), DatasetCache.Status.DISABLED,
                    null, null);
        }
        return cache.loadWithStatus(location.path(), location.reader(), location.hints(), transform, progress);
    }

    /** The reader: {@code --format}, else detection, else the registry's format for the folder. */
    private DatasetReader reader(Path path, String registryFormat) {
        if (format != null) {
            return DatasetFormats.byName(format);
        }
        try {
            return DatasetFormats.detect(path);
        } catch (TesseraException e) {
            if (registryFormat != null && DatasetFormats.names().contains(registryFormat)) {
                return DatasetFormats.byName(registryFormat);
            }
            throw e;
        }
    }

    private String dataDirHint() {
        return " (data directory " + dataDir.root() + ", from " + dataDir.source() + ")";
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
        private Path dataDir;
        private DatasetRegistry registry;
        private String format;
        private Progress progress = Progress.NONE;
        private Consumer<String> notes = System.err::println;
        private Transform transform;
        private DatasetCache cache;

        private Builder() {
        }

        /**
         * @param dataDir where datasets are looked up by name; {@code null} (the default) resolves it as
         *     {@link DataDirectory#resolve} does: {@code $TESSERA_DATA}, else {@code ~/.tessera/datasets}
         * @return this builder
         */
        public Builder optDataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * @param registry the registry names are looked up in (default: {@link DatasetRegistry#load()})
         * @return this builder
         */
        public Builder optRegistry(DatasetRegistry registry) {
            this.registry = registry;
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

        /**
         * @param progress where copying a shipped dataset, parsing the source files (readers that report it, such as
         *     OGB) and reading or writing the cache report progress (default: {@link Progress#NONE})
         * @return this builder
         */
        public Builder optProgress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @param notes receives one-line notes of the downloader (default: standard error)
         * @return this builder
         */
        public Builder optNotes(Consumer<String> notes) {
            this.notes = Objects.requireNonNull(notes, "notes");
            return this;
        }

        /**
         * @param transform applied to every dataset after reading (recorded in its provenance); {@code null} for
         *     none, e.g. {@code Transforms.parse("to-undirected,add-self-loops")}
         * @return this builder
         */
        public Builder optTransform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /**
         * @param cache the binary cache datasets are read through (default: none, every load parses the source)
         * @return this builder
         */
        public Builder optCache(DatasetCache cache) {
            this.cache = cache;
            return this;
        }

        /** @return the loader */
        public DatasetLoader build() {
            return new DatasetLoader(this);
        }
    }
}
