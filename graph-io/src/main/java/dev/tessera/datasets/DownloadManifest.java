package dev.tessera.datasets;

import dev.tessera.TesseraException;
import dev.tessera.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What the {@link Downloader} fetched into a dataset folder: the file {@code tessera-download.properties}
 * ({@code java.util.Properties}) with the dataset's name, the date, and per file its URL, SHA-256 and whether
 * that digest was pinned in the registry or only computed.
 *
 * @param name the dataset's name
 * @param date when it was fetched, ISO-8601 UTC (e.g. {@code 2026-11-29T10:15:30Z})
 * @param files one record per fetched file
 */
public record DownloadManifest(String name, String date, List<Item> files) {
    /** The manifest's file name inside the dataset folder. */
    public static final String FILE_NAME = "tessera-download.properties";

    /**
     * One fetched file.
     *
     * @param file the file name relative to the registry URL
     * @param url where it came from
     * @param sha256 its SHA-256 hex digest, as computed after download
     * @param pinned whether the registry pinned (and the download matched) that digest
     */
    public record Item(String file, String url, String sha256, boolean pinned) {
        /** Checks that no part is null. */
        public Item {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Checks that no part is null. */
    public DownloadManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(date, "date");
        files = List.copyOf(files);
    }

    /**
     * @param dir the dataset folder to write {@value #FILE_NAME} into
     * @throws TesseraException when it cannot be written
     */
    public void write(Path dir) {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("date", date);
        p.setProperty("files", Integer.toString(files.size()));
        for (int i = 0; i < files.size(); i++) {
            Item it = files.get(i);
            p.setProperty("file." + i, it.file());
            p.setProperty("url." + i, it.url());
            p.setProperty("sha256." + i, it.sha256());
            p.setProperty("pinned." + i, Boolean.toString(it.pinned()));
        }
        AtomicFiles.write(dir.resolve(FILE_NAME), out -> p.store(out, "written by the Tessera downloader"));
    }

    /**
     * @param dir a dataset folder
     * @return its manifest, or empty when it has none (e.g. files placed by hand)
     * @throws TesseraException when the manifest exists but is malformed
     */
    public static Optional<DownloadManifest> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new TesseraException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            int n = Integer.parseInt(required(p, "files", file));
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(new Item(required(p, "file." + i, file), required(p, "url." + i, file),
                        required(p, "sha256." + i, file), Boolean.parseBoolean(required(p, "pinned." + i, file))));
            }
            return Optional.of(new DownloadManifest(required(p, "name", file), required(p, "date", file), items));
        } catch (NumberFormatException e) {
            throw new TesseraException(file + ": 'files' is not a number", e);
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new TesseraException(file + ": missing key '" + key + "'");
        }
        return v;
    }
}
