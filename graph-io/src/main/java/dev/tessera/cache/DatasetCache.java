package dev.tessera.cache;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.progress.Progress;
import dev.tessera.transforms.Transform;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Loads datasets through the {@link BinaryCache}: the first load parses the source and writes a cache file;
 * later loads map the cache file instead, as long as its fingerprint ({@link SourceFingerprint}: source files'
 * names, sizes and modification times, reader, hints, transforms, format version) still matches and every
 * checksum verifies. A stale or corrupt cache file is rebuilt, never trusted, with one log line saying why.
 *
 * <p>Where the cache file goes:
 * <ul>
 *   <li>a dataset folder {@code DIR}: {@code DIR/processed/tessera.cache};</li>
 *   <li>a dataset file {@code FILE}: {@code FILE.tessera-cache} beside it;</li>
 *   <li>when that place is not writable (e.g. a read-only shared data folder; a folder without write permission
 *       bits counts as read-only even for root): the fallback folder ({@code $TESSERA_CACHE}, else
 *       {@code ~/.tessera/cache/}), as {@code NAME-HASH.tessera-cache}, HASH = the first 16 hex digits of the
 *       SHA-256 of the source's absolute path.</li>
 * </ul>
 * A fresh cache file beside the source is used even where that place is read-only.
 *
 * <pre>{@code
 * DatasetCache cache = DatasetCache.builder().build();
 * DatasetCache.Result r = cache.loadWithStatus(dir, reader, DatasetInfo.NONE, null, UnaryOperator.identity(), Progress.NONE);
 * r.status();   // MISS the first time, HIT afterwards
 * }</pre>
 */
public final class DatasetCache {
    /** The cache file's name inside a dataset folder's {@code processed/}. */
    public static final String FOLDER_CACHE_NAME = "tessera.cache";
    /** The suffix of the cache file beside a dataset file, and of files in the fallback folder. */
    public static final String FILE_CACHE_SUFFIX = ".tessera-cache";

    private static final System.Logger LOG = System.getLogger(DatasetCache.class.getName());

    /** What a load did. */
    public enum Status {
        /** A fresh, valid cache file was mapped; the source was not parsed. */
        HIT,
        /** There was no cache file; the source was parsed and the cache written. */
        MISS,
        /** The cache file's fingerprint no longer matched the source; the source was parsed, the cache rebuilt. */
        STALE,
        /** The cache file was corrupt (bad magic, truncated, checksum mismatch); the source was parsed, the cache rebuilt. */
        CORRUPT,
        /** Caching is disabled; the source was parsed. */
        DISABLED
    }

    /**
     * The outcome of a load.
     *
     * @param dataset the dataset
     * @param status what happened
     * @param file the cache file read or written, or {@code null} (disabled, or no writable place)
     * @param reason why the cache was rebuilt (for STALE and CORRUPT), else {@code null}
     */
    public record Result(GraphDataset dataset, Status status, Path file, String reason) {
    }

    private final boolean enabled;
    private final Path fallbackDir;

    private DatasetCache(Builder b) {
        this.enabled = b.enabled;
        this.fallbackDir = b.fallbackDir != null ? b.fallbackDir : defaultFallbackDir();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the fallback folder: {@code $TESSERA_CACHE}, else {@code ~/.tessera/cache} */
    public static Path defaultFallbackDir() {
        String env = System.getenv("TESSERA_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".tessera", "cache");
    }

    /**
     * Loads a dataset through the cache.
     *
     * @param source the dataset's folder or file
     * @param reader the reader for its format
     * @param hints registry facts passed to the reader
     * @param transforms a description of what distinguishes this cache entry beyond the source and reader (e.g.
     *     transforms the caller's reader applies), part of the fingerprint; or {@code null}
     * @param progress reports parsing the source (readers that report it), reading and writing the cache
     * @return the dataset
     * @throws TesseraException when the source cannot be read
     */
    public GraphDataset load(Path source, DatasetReader reader, DatasetInfo hints, String transforms, Progress progress) {
        return loadWithStatus(source, reader, hints, transforms, UnaryOperator.identity(), progress).dataset();
    }

    /**
     * Loads a dataset through the cache, transformed by a {@link Transform} (its {@link Transform#describe()} is
     * part of the fingerprint).
     *
     * @param source the dataset's folder or file
     * @param reader the reader for its format
     * @param hints registry facts passed to the reader
     * @param transform applied after reading before caching, or {@code null} for none
     * @param progress reports parsing the source (readers that report it), reading and writing the cache
     * @return the dataset and what the cache did
     * @throws TesseraException when the source cannot be read
     */
    public Result loadWithStatus(Path source, DatasetReader reader, DatasetInfo hints, Transform transform, Progress progress) {
        if (transform == null) {
            return loadWithStatus(source, reader, hints, null, UnaryOperator.identity(), progress);
        }
        return loadWithStatus(source, reader, hints, transform.describe(), transform::apply, progress);
    }

    /**
     * Loads a dataset through the cache, transformed: on a miss the source is read, {@code transform} applied and
     * the result cached; on a hit the cached (already transformed) dataset is returned.
     *
     * @param source the dataset's folder or file
     * @param reader the reader for its format
     * @param hints registry facts passed to the reader
     * @param transforms a description of {@code transform} with its parameters (part of the fingerprint), or
     *     {@code null} for none
     * @param transform applied to the freshly read dataset before caching
     * @param progress reports parsing the source (readers that report it), reading and writing the cache
     * @return the dataset and what the cache did
     * @throws TesseraException when the source cannot be read
     */
    public Result loadWithStatus(Path source, DatasetReader reader, DatasetInfo hints, String transforms,
            UnaryOperator<GraphDataset> transform, Progress progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reader, "reader");
        DatasetInfo info = hints == null ? DatasetInfo.NONE : hints;
        if (!enabled) {
            return new Result(transform.apply(reader.read(source, info, progress)), Status.DISABLED, null, null);
        }
        if (!Files.exists(source)) {
            throw new TesseraException(source + ": no such file or folder");
        }
        SourceFingerprint fp = SourceFingerprint.of(source, reader.format(), info, transforms);
        Path primary = primaryLocation(source);
        Path fallback = fallbackLocation(source);

        Check check = check(primary, fp, progress);
        if (check.dataset != null) {
            return new Result(check.dataset, Status.HIT, primary, null);
        }
        Path target = primary;
        if (!isWritableLocation(primary)) {
            if (check.status != Status.MISS) {
                LOG.log(Level.DEBUG, "tessera cache: ignoring read-only {0} ({1})", primary, check.reason);
            }
            target = fallback;
            check = check(fallback, fp, progress);
            if (check.dataset != null) {
                return new Result(check.dataset, Status.HIT, fallback, null);
            }
        }
        if (check.status != Status.MISS) {
            LOG.log(Level.INFO, "tessera cache: rebuilding {0}: {1} ({2})", target,
                    check.status.name().toLowerCase(Locale.ROOT), check.reason);
        }
        GraphDataset ds = transform.apply(reader.read(source, info, progress));
        Path written = write(ds, target, fp, progress);
        if (written == null && target.equals(primary)) {
            written = write(ds, fallback, fp, progress);
        }
        return new Result(ds, check.status, written, check.reason);
    }

    /**
     * @param source a dataset folder or file
     * @return where its cache file goes when that place is writable
     */
    public Path primaryLocation(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return abs.resolve("processed").resolve(FOLDER_CACHE_NAME);
        }
        return abs.resolveSibling(abs.getFileName() + FILE_CACHE_SUFFIX);
    }

    /**
     * @param source a dataset folder or file
     * @return its cache file in the fallback folder
     */
    public Path fallbackLocation(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "root" : abs.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return fallbackDir.resolve(name + "-" + SourceFingerprint.sha256(abs.toString()).substring(0, 16) + FILE_CACHE_SUFFIX);
    }

    /** The outcome of checking one cache file: a dataset on a hit, else the status and reason for a rebuild. */
    private record Check(GraphDataset dataset, Status status, String reason) {
    }

    private static Check check(Path file, SourceFingerprint fp, Progress progress) {
        if (!Files.isRegularFile(file)) {
            return new Check(null, Status.MISS, null);
        }
        try {
            BinaryCache.Mapped m = BinaryCache.open(file);
            // Staleness first: it is cheap, and a stale file need not be checksummed.
            String stale = fp.mismatch(m.source());
            if (stale != null) {
                return new Check(null, Status.STALE, stale);
            }
            m.verify(progress);
            return new Check(m.dataset(), Status.HIT, null);
        } catch (CorruptCacheException e) {
            return new Check(null, Status.CORRUPT, e.reason());
        } catch (TesseraException e) {
            return new Check(null, Status.CORRUPT, e.getMessage());
        }
    }

    private static Path write(GraphDataset ds, Path target, SourceFingerprint fp, Progress progress) {
        try {
            BinaryCache.write(ds, target, fp.json(), progress);
            return target;
        } catch (TesseraException e) {
            LOG.log(Level.WARNING, "tessera cache: cannot write {0} ({1})", target, e.getMessage());
            return null;
        }
    }

    /**
     * A place is writable when its folder (or the nearest existing ancestor, which would hold the new folder) is
     * writable and, on POSIX file systems, has a write permission bit: root may write anywhere, but a folder
     * marked read-only (such as shared data) is meant to stay untouched.
     */
    static boolean isWritableLocation(Path cacheFile) {
        Path dir = cacheFile.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            return false;
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (posix == null) {
            return true;
        }
        try {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            return perms.contains(PosixFilePermission.OWNER_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /** Builder: every option is optional. */
    public static final class Builder {
        private boolean enabled = true;
        private Path fallbackDir;

        private Builder() {
        }

        /**
         * @param enabled whether to use the cache at all (default true); when false every load parses the source
         * @return this builder
         */
        public Builder optEnabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param dir where cache files go when the place beside the source is not writable (default
         *     {@link #defaultFallbackDir()})
         * @return this builder
         */
        public Builder optFallbackDir(Path dir) {
            this.fallbackDir = dir;
            return this;
        }

        /** @return the cache */
        public DatasetCache build() {
            return new DatasetCache(this);
        }
    }
}
