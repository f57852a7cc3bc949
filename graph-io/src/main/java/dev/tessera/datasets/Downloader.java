package dev.tessera.datasets;

import dev.tessera.TesseraException;
import dev.tessera.io.AtomicFiles;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Fetches a registry entry's files into the {@link DataDirectory}, so that {@code DIR/NAME} is either complete or
 * absent, never half-written.
 *
 * <p>Steps: create a hidden staging folder {@code DIR/.NAME.download-*}; fetch every file with
 * {@link HttpClient} (progress in bytes, total from {@code Content-Length}); check its SHA-256 where the registry
 * pins one, else print the computed digest and say that none was pinned; unpack a zip, flattening its single top
 * folder (OGB's {@code arxiv.zip} holds {@code arxiv/raw/...}: the result is {@code DIR/ogbn-arxiv/raw/...});
 * write {@value DownloadManifest#FILE_NAME}; only then rename the staging folder onto {@code DIR/NAME}. Any
 * failure deletes the staging folder and throws a one-line {@link TesseraException}; when the server cannot be
 * reached, the message names the URL and says which files to put where by hand.
 *
 * <p>A mirror (option {@link Builder#optMirror} or environment variable {@value #MIRROR_ENV}) replaces every
 * registry URL: file {@code F} of dataset {@code NAME} is then fetched from {@code MIRROR/NAME/F}, for users
 * behind a firewall and for tests. Datasets shipped in the jar ({@code classpath:} URLs) are copied from the
 * class path through the same steps, so they work offline.
 *
 * <pre>{@code
 * Downloader d = Downloader.builder().setDataDirectory(DataDirectory.resolve(null)).optProgress(progress).build();
 * Path cora = d.fetch(DatasetRegistry.load().get("cora"));
 * }</pre>
 */
public final class Downloader {
    /** The environment variable that names a mirror base URL. */
    public static final String MIRROR_ENV = "TESSERA_MIRROR";

    private static final int BUFFER = 1 << 16;

    private final DataDirectory dataDirectory;
    private final Progress progress;
    private final String mirror;
    private final HttpClient client;
    private final Consumer<String> notes;
    private final ClassLoader classLoader;

    private Downloader(Builder b) {
        this.dataDirectory = Objects.requireNonNull(b.dataDirectory, "setDataDirectory is required");
        this.progress = b.progress;
        String m = b.mirror != null ? b.mirror : b.environment.apply(MIRROR_ENV);
        this.mirror = m == null || m.isBlank() ? null : (m.trim().endsWith("/") ? m.trim() : m.trim() + "/");
        if (mirror != null && !mirror.startsWith("http://") && !mirror.startsWith("https://")) {
            throw new TesseraException("mirror '" + m + "' (option or $" + MIRROR_ENV + ") must start with http:// or https://");
        }
        this.client = b.client != null ? b.client : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        this.notes = b.notes;
        this.classLoader = Downloader.class.getClassLoader();
    }

    /** @return a builder; {@link Builder#setDataDirectory} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the data directory this downloader fills */
    public DataDirectory dataDirectory() {
        return dataDirectory;
    }

    /** @return the mirror base URL (ending in {@code /}), or {@code null} when files come from the registry URLs */
    public String mirror() {
        return mirror;
    }

    /**
     * @param entry a registry entry
     * @param i a file index
     * @return where file {@code i} is fetched from: {@code MIRROR/NAME/FILE} with a mirror, else {@code url + FILE}
     */
    public String fileUrl(RegistryEntry entry, int i) {
        String file = entry.files().get(i);
        if (mirror != null && !entry.shipped()) {
            return mirror + entry.name() + "/" + file;
        }
        return entry.url() + file;
    }

    /**
     * Returns the dataset's folder, downloading it first when absent. A shipped dataset is (re)copied when its
     * folder's manifest does not match the jar's files, so an upgrade never reads stale copies.
     *
     * @param entry a registry entry
     * @return {@code DIR/NAME}, complete
     * @throws TesseraException when it must be downloaded and that fails
     */
    public Path fetch(RegistryEntry entry) {
        Path dir = dataDirectory.datasetPath(entry.name());
        if (!Files.isDirectory(dir)) {
            return download(entry, false);
        }
        if (entry.shipped() && !matchesShipped(entry, dir)) {
            return download(entry, true);
        }
        return dir;
    }

    /**
     * Downloads the dataset into {@code DIR/NAME}.
     *
     * @param entry a registry entry
     * @param replace whether an existing folder is replaced (after the new one is complete)
     * @return {@code DIR/NAME}
     * @throws TesseraException when the folder exists and {@code replace} is false, when the entry uses a layout
     *     Tessera cannot read, or when a download, checksum or unpacking fails; {@code DIR} is then unchanged
     */
    public Path download(RegistryEntry entry, boolean replace) {
        Path target = dataDirectory.datasetPath(entry.name());
        if (entry.binaryLayout()) {
            throw new TesseraException(entry.name() + ": OGB's binary layout (" + String.join(", ", entry.files())
                    + ") is not supported yet; Tessera reads OGB's CSV layout only, so nothing was downloaded");
        }
        if (Files.exists(target) && !replace) {
            throw new TesseraException(target + ": already exists (remove it, or replace it with --force)");
        }
        Path staging = null;
        try {
            Files.createDirectories(dataDirectory.root());
            staging = Files.createTempDirectory(dataDirectory.root(), "." + entry.name() + ".download-");
            List<DownloadManifest.Item> items = new ArrayList<>();
            for (int i = 0; i < entry.files().size(); i++) {
                items.add(fetchFile(entry, i, staging));
            }
            if (entry.zipped()) {
                Path zip = staging.resolve(entry.files().getFirst());
                unzip(entry, zip, staging);
                Files.delete(zip);
            }
            new DownloadManifest(entry.name(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), items)
                    .write(staging);
            install(staging, target);
            staging = null;
            return target;
        } catch (IOException e) {
            throw new TesseraException(target + ": cannot write (" + oneLine(e) + ")", e);
        } finally {
            if (staging != null) {
                try {
                    AtomicFiles.deleteRecursively(staging);
                } catch (IOException e) {
                    // Best effort: a leftover hidden staging folder is ignored by DataDirectory.
                }
            }
        }
    }

    /** Fetches file {@code i} into the staging folder, checks its digest, and returns its manifest record. */
    private DownloadManifest.Item fetchFile(RegistryEntry entry, int i, Path staging) throws IOException {
        String file = entry.files().get(i);
        String url = fileUrl(entry, i);
        Path out = staging.resolve(file).normalize();
        if (!out.startsWith(staging)) {
            throw new TesseraException(entry.name() + ": file name '" + file + "' leaves the dataset folder");
        }
        Files.createDirectories(out.getParent());
        String got = entry.shipped() ? copyResource(entry, url, out) : httpGet(entry, url, out);
        String expected = entry.pinnedSha256(i);
        if (expected != null && !expected.equals(got)) {
            throw new TesseraException(file + ": sha256 mismatch for " + url + ": expected " + expected + ", got " + got);
        }
        if (expected == null && !entry.shipped()) {
            notes.accept("no checksum pinned for " + entry.name() + "/" + file + "; computed sha256 " + got);
        }
        return new DownloadManifest.Item(file, url, got, expected != null);
    }

    private String httpGet(RegistryEntry entry, String url, Path out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new TesseraException(entry.name() + ": bad URL " + url + " (" + oneLine(e) + ")");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new TesseraException("cannot reach " + url + " (" + oneLine(e) + "): " + byHand(entry), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException("download of " + url + " interrupted", e);
        }
        long done = 0;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new TesseraException("HTTP " + response.statusCode() + " from " + url + ": " + byHand(entry));
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest md = sha256();
            try (Progress.Task task = progress.start("download " + entry.name() + "/" + out.getFileName(), total, "B");
                    OutputStream os = Files.newOutputStream(out)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = body.read(buf)) >= 0; ) {
                    os.write(buf, 0, n);
                    md.update(buf, 0, n);
                    done += n;
                    task.step(n);
                }
            }
            if (total >= 0 && done != total) {
                throw new TesseraException(url + ": connection closed after " + done + " of " + total + " bytes: " + byHand(entry));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new TesseraException("download of " + url + " failed after " + done + " bytes (" + oneLine(e) + "): "
                    + byHand(entry), e);
        }
    }

    private String copyResource(RegistryEntry entry, String url, Path out) throws IOException {
        String resource = url.substring(RegistryEntry.CLASSPATH.length());
        MessageDigest md = sha256();
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new TesseraException(entry.name() + ": class-path resource " + resource
                        + " is missing (is the tessera-data jar complete?)");
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    os.write(buf, 0, n);
                    md.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Whether a shipped dataset's folder holds exactly the jar's current files (by the manifest's digests). */
    private boolean matchesShipped(RegistryEntry entry, Path dir) {
        var manifest = DownloadManifest.read(dir);
        if (manifest.isEmpty() || manifest.get().files().size() != entry.files().size()) {
            return false;
        }
        for (int i = 0; i < entry.files().size(); i++) {
            DownloadManifest.Item it = manifest.get().files().get(i);
            String resource = fileUrl(entry, i).substring(RegistryEntry.CLASSPATH.length());
            try (InputStream in = classLoader.getResourceAsStream(resource)) {
                if (in == null || !it.file().equals(entry.files().get(i))) {
                    return false;
                }
                MessageDigest md = sha256();
                md.update(in.readAllBytes());
                if (!HexFormat.of().formatHex(md.digest()).equals(it.sha256())
                        || !Files.isRegularFile(dir.resolve(it.file()))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Unpacks a zip into {@code dir}, dropping the single top folder all entries share (if any). */
    private void unzip(RegistryEntry entry, Path zip, Path dir) throws IOException {
        String label = entry.name() + "/" + zip.getFileName();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = zf.stream().toList();
            String prefix = commonTopFolder(entries);
            try (Progress.Task task = progress.start("unpack " + label, entries.size(), "files")) {
                for (ZipEntry ze : entries) {
                    String name = ze.getName().substring(prefix.length());
                    task.step(1);
                    if (name.isEmpty()) {
                        continue;
                    }
                    Path out = dir.resolve(name).normalize();
                    if (!out.startsWith(dir) || out.equals(dir)) {
                        throw new TesseraException(label + ": entry '" + ze.getName() + "' leaves the dataset folder");
                    }
                    if (ze.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zf.getInputStream(ze)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    } catch (ZipException | java.io.EOFException e) {
                        throw new TesseraException(label + ": entry '" + ze.getName() + "' is corrupt (" + oneLine(e) + ")", e);
                    }
                }
            }
        } catch (ZipException e) {
            throw new TesseraException(label + ": truncated or corrupt zip (" + oneLine(e) + ")", e);
        }
    }

    /** @return {@code "top/"} when every entry lies in one top folder, else {@code ""} */
    private static String commonTopFolder(List<? extends ZipEntry> entries) {
        String top = null;
        for (ZipEntry e : entries) {
            String n = e.getName();
            int slash = n.indexOf('/');
            if (slash <= 0) {
                return "";
            }
            String t = n.substring(0, slash + 1);
            if (top == null) {
                top = t;
            } else if (!top.equals(t)) {
                return "";
            }
        }
        return top == null ? "" : top;
    }

    /** Renames the complete staging folder onto the target, replacing an old folder only after that. */
    private static void install(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            move(target, old);
        }
        move(staging, target);
        if (old != null) {
            AtomicFiles.deleteRecursively(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** The by-hand instructions of the offline message. */
    private String byHand(RegistryEntry entry) {
        Path dir = dataDirectory.datasetPath(entry.name());
        String base = mirror != null ? mirror + entry.name() + "/" : entry.url();
        if (entry.zipped()) {
            return "download " + base + entry.files().getFirst() + " by hand and unpack it into " + dir
                    + "/ (without its top folder)";
        }
        return "download " + String.join(", ", entry.files()) + " by hand from " + base + " into " + dir + "/";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Options of a {@link Downloader}: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private DataDirectory dataDirectory;
        private Progress progress = Progress.NONE;
        private String mirror;
        private Function<String, String> environment = System::getenv;
        private HttpClient client;
        private Consumer<String> notes = System.err::println;

        private Builder() {
        }

        /**
         * @param dir the data directory to fill (required)
         * @return this builder
         */
        public Builder setDataDirectory(DataDirectory dir) {
            this.dataDirectory = dir;
            return this;
        }

        /**
         * @param p where download and unpack progress goes (default {@link Progress#NONE})
         * @return this builder
         */
        public Builder optProgress(Progress p) {
            this.progress = Objects.requireNonNull(p);
            return this;
        }

        /**
         * @param baseUrl a mirror: file {@code F} of dataset {@code NAME} comes from {@code baseUrl/NAME/F}
         *     (default: {@code $TESSERA_MIRROR}, else the registry URLs)
         * @return this builder
         */
        public Builder optMirror(String baseUrl) {
            this.mirror = baseUrl;
            return this;
        }

        /**
         * @param env looks up environment variables (default {@link System#getenv(String)}; injectable for tests)
         * @return this builder
         */
        public Builder optEnvironment(Function<String, String> env) {
            this.environment = Objects.requireNonNull(env);
            return this;
        }

        /**
         * @param c the HTTP client (default: follows redirects, 30 s connect timeout)
         * @return this builder
         */
        public Builder optHttpClient(HttpClient c) {
            this.client = c;
            return this;
        }

        /**
         * @param n receives one-line notes such as computed digests of unpinned files (default: standard error)
         * @return this builder
         */
        public Builder optNotes(Consumer<String> n) {
            this.notes = Objects.requireNonNull(n);
            return this;
        }

        /** @return the downloader */
        public Downloader build() {
            return new Downloader(this);
        }
    }
}
