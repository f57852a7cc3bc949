package dev.tessera.datasets;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The local folder that holds named datasets, one sub-folder per dataset: {@code DIR/NAME}.
 *
 * <p>Where {@code DIR} is, first match wins: the explicit folder ({@code --data-dir}), else the environment
 * variable {@code TESSERA_DATA}, else {@code ~/.tessera/datasets}. A dataset counts as present when its folder
 * exists, whether the {@link Downloader} filled it or a user put the files there by hand. Folders whose names
 * start with {@code .} are the downloader's staging folders and never count.
 */
public final class DataDirectory {
    /** The environment variable that names the data directory. */
    public static final String ENV = "TESSERA_DATA";

    private final Path root;
    private final String source;

    private DataDirectory(Path root, String source) {
        this.root = root.toAbsolutePath().normalize();
        this.source = source;
    }

    /**
     * Resolves the data directory from the process environment and {@code user.home}.
     *
     * @param explicit the folder given on the command line, or {@code null}
     * @return the data directory (the folder need not exist yet)
     */
    public static DataDirectory resolve(Path explicit) {
        return resolve(explicit, System::getenv, Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves the data directory: {@code explicit}, else {@code $TESSERA_DATA}, else {@code HOME/.tessera/datasets}.
     *
     * @param explicit the folder given on the command line, or {@code null}
     * @param env looks up an environment variable (injectable for tests); returns {@code null} when unset
     * @param home the user's home folder
     * @return the data directory (the folder need not exist yet)
     */
    public static DataDirectory resolve(Path explicit, Function<String, String> env, Path home) {
        if (explicit != null) {
            return new DataDirectory(explicit, "--data-dir");
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDirectory(Path.of(fromEnv.trim()), "$" + ENV);
        }
        return new DataDirectory(home.resolve(".tessera").resolve("datasets"), "default");
    }

    /** @return the folder (absolute) */
    public Path root() {
        return root;
    }

    /** @return how the folder was chosen: {@code --data-dir}, {@code $TESSERA_DATA} or {@code default} */
    public String source() {
        return source;
    }

    /**
     * @param name a dataset's registry name
     * @return where it lives: {@code DIR/NAME}
     */
    public Path datasetPath(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a dataset name: " + name);
        }
        return root.resolve(name);
    }

    /**
     * @param name a dataset's registry name
     * @return whether its folder exists (downloaded, or placed there by hand)
     */
    public boolean isDownloaded(String name) {
        return Files.isDirectory(datasetPath(name));
    }

    /** @return the names of the dataset folders present, sorted (staging folders excluded) */
    public List<String> downloaded() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new TesseraException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param name a dataset's registry name
     * @return the bytes its folder takes (the sum of its files' sizes), 0 when absent
     */
    public long sizeOnDisk(String name) {
        Path dir = datasetPath(name);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    return a.isRegularFile() ? a.size() : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new TesseraException(dir + ": cannot measure (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return root + " (" + source + ")";
    }
}
