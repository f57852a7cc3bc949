package dev.tessera.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tessera.TesseraException;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;
import dev.tessera.progress.Progress;
import dev.tessera.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a JDK HTTP server on 127.0.0.1 (ephemeral port) that serves tiny files and the shared originals. */
class DownloaderTest {
    /** SHA-256("abc"), the FIPS 180-2 test vector. */
    private static final String SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path tmp;

    private HttpServer server;
    private String base;
    private final Map<String, Supplier<byte[]>> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private DataDirectory dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Supplier<byte[]> body = files.get(exchange.getRequestURI().getPath());
            byte[] bytes = body == null ? "not found".getBytes(StandardCharsets.UTF_8) : body.get();
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        dir = DataDirectory.resolve(tmp.resolve("data"), k -> null, tmp);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Downloader.Builder downloader() {
        return Downloader.builder().setDataDirectory(dir).optNotes(notes::add);
    }

    private RegistryEntry entry(String name, String url, List<String> names, List<String> sha) {
        return new RegistryEntry(name, "npz", false, url, names, sha, Metric.ACCURACY, Task.MULTICLASS, "fold0", true, 3, 2,
                "test entry");
    }

    private void serve(String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        files.put(path, () -> b);
    }

    /** @return the names in the data directory, hidden ones included */
    private List<String> dataDirListing() throws IOException {
        if (!Files.isDirectory(dir.root())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir.root())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesPinnedChecksumsAndRecordsTheOthers() throws IOException {
        serve("/files/a.bin", "abc");
        serve("/files/sub/b.txt", "hello\n");
        List<long[]> totals = new ArrayList<>();
        Progress progress = (name, total, unit) -> {
            assertEquals("B", unit);
            long[] t = {total, 0};
            totals.add(t);
            return new Progress.Task() {
                @Override
                public void step(long n) {
                    t[1] += n;
                }

                @Override
                public void message(String text) {
                }

                @Override
                public void close() {
                }
            };
        };
        RegistryEntry e = entry("tiny", base + "files/", List.of("a.bin", "sub/b.txt"), List.of(SHA_ABC, ""));
        Path got = downloader().optProgress(progress).build().download(e, false);

        assertEquals(dir.root().resolve("tiny"), got);
        assertEquals("abc", Files.readString(got.resolve("a.bin")));
        assertEquals("hello\n", Files.readString(got.resolve("sub/b.txt")));
        // Content-Length is the progress total, and every byte was reported.
        assertEquals(2, totals.size());
        assertArrayEquals(new long[] {3, 3}, totals.get(0));
        assertArrayEquals(new long[] {6, 6}, totals.get(1));
        // sha256("hello\n") is a well-known digest (echo hello | sha256sum).
        String helloSha = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
        assertEquals(List.of("no checksum pinned for tiny/sub/b.txt; computed sha256 " + helloSha), notes);
        DownloadManifest m = DownloadManifest.read(got).orElseThrow();
        assertEquals("tiny", m.name());
        assertEquals(List.of(new DownloadManifest.Item("a.bin", base + "files/a.bin", SHA_ABC, true),
                new DownloadManifest.Item("sub/b.txt", base + "files/sub/b.txt", helloSha, false)), m.files());
        assertEquals(List.of("tiny"), dataDirListing(), "no staging folder is left");
        assertEquals(List.of("tiny"), dir.downloaded());
    }

    @Test
    void checksumMismatchFailsAndLeavesNothing() throws IOException {
        serve("/f/a.bin", "abd");
        RegistryEntry e = entry("tiny", base + "f/", List.of("a.bin"), List.of(SHA_ABC));
        TesseraException ex = assertThrows(TesseraException.class, () -> downloader().build().download(e, false));
        assertTrue(ex.getMessage().startsWith("a.bin: sha256 mismatch for " + base + "f/a.bin: expected " + SHA_ABC
                + ", got "), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
        assertEquals(List.of(), dataDirListing());
    }

    @Test
    void http404NamesTheUrlAndWhatToDoByHand() throws IOException {
        serve("/f/a.bin", "abc");
        RegistryEntry e = entry("tiny", base + "f/", List.of("a.bin", "missing.bin"), List.of("", ""));
        TesseraException ex = assertThrows(TesseraException.class, () -> downloader().build().download(e, false));
        assertEquals("HTTP 404 from " + base + "f/missing.bin: download a.bin, missing.bin by hand from " + base + "f/ into "
                + dir.root().resolve("tiny") + "/", ex.getMessage());
        assertEquals(List.of(), dataDirListing(), "the file fetched before the failure is gone too");
    }

    @Test
    void unreachableServerGivesTheOfflineMessage() throws IOException {
        serve("/f/a.bin", "abc");
        server.stop(0);
        RegistryEntry e = entry("tiny", base + "f/", List.of("a.bin"), List.of(SHA_ABC));
        TesseraException ex = assertThrows(TesseraException.class, () -> downloader().build().download(e, false));
        assertTrue(ex.getMessage().startsWith("cannot reach " + base + "f/a.bin ("), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("): download a.bin by hand from " + base + "f/ into " + dir.root().resolve("tiny")
                + "/"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
        assertEquals(List.of(), dataDirListing());
    }

    @Test
    void zipIsUnpackedAndItsTopFolderFlattened() throws IOException {
        byte[] zip = zip(Map.of("arxiv/raw/num-node-list.csv", "3\n", "arxiv/split/time/train.csv", "0\n1\n",
                "arxiv/mapping/labelidx2name.csv", "idx,name\n"));
        files.put("/ogb/arxiv.zip", () -> zip);
        RegistryEntry e = new RegistryEntry("ogbn-arxiv", "ogb", false, base + "ogb/", List.of("arxiv.zip"), List.of(""),
                Metric.ACCURACY, Task.MULTICLASS, "time", false, 3, 2, "test");
        Path got = downloader().build().download(e, false);
        assertEquals("3\n", Files.readString(got.resolve("raw/num-node-list.csv")));
        assertEquals("0\n1\n", Files.readString(got.resolve("split/time/train.csv")));
        assertFalse(Files.exists(got.resolve("arxiv")));
        assertFalse(Files.exists(got.resolve("arxiv.zip")), "the archive is removed after unpacking");
        try (Stream<Path> s = Files.list(got)) {
            assertEquals(List.of("mapping", "raw", "split", DownloadManifest.FILE_NAME),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void truncatedZipFailsAndLeavesNothing() throws IOException {
        byte[] zip = zip(Map.of("arxiv/raw/edge.csv", "0,1\n".repeat(100)));
        byte[] cut = java.util.Arrays.copyOf(zip, zip.length / 2);
        files.put("/ogb/arxiv.zip", () -> cut);
        RegistryEntry e = new RegistryEntry("ogbn-arxiv", "ogb", false, base + "ogb/", List.of("arxiv.zip"), List.of(""),
                Metric.ACCURACY, Task.MULTICLASS, "time", false, 3, 2, "test");
        TesseraException ex = assertThrows(TesseraException.class, () -> downloader().build().download(e, false));
        assertTrue(ex.getMessage().startsWith("ogbn-arxiv/arxiv.zip: truncated or corrupt zip ("), ex.getMessage());
        assertEquals(List.of(), dataDirListing());
    }

    @Test
    void mirrorFromTheEnvironmentReplacesRegistryUrls() throws IOException {
        serve("/mirror/tiny/a.bin", "abc");
        RegistryEntry e = entry("tiny", "https://unreachable.invalid/data/", List.of("a.bin"), List.of(SHA_ABC));
        Downloader d = downloader().optEnvironment(Map.of(Downloader.MIRROR_ENV, base + "mirror")::get).build();
        assertEquals(base + "mirror/tiny/a.bin", d.fileUrl(e, 0));
        assertEquals("abc", Files.readString(d.fetch(e).resolve("a.bin")));
        assertEquals(1, requests.get());
        // Present now: fetch does not download again.
        d.fetch(e);
        assertEquals(1, requests.get());
    }

    @Test
    void mirrorMustBeAnHttpUrl() {
        TesseraException ex = assertThrows(TesseraException.class,
                () -> downloader().optEnvironment(Map.of(Downloader.MIRROR_ENV, "/srv/mirror")::get).build());
        assertEquals("mirror '/srv/mirror' (option or $TESSERA_MIRROR) must start with http:// or https://", ex.getMessage());
    }

    @Test
    void existingFolderIsKeptUnlessReplaced() throws IOException {
        serve("/m/tiny/a.bin", "abc");
        RegistryEntry e = entry("tiny", "https://unreachable.invalid/", List.of("a.bin"), List.of(SHA_ABC));
        Downloader d = downloader().optMirror(base + "m/").build();
        Path got = d.download(e, false);
        Files.writeString(got.resolve("marker"), "old");
        TesseraException ex = assertThrows(TesseraException.class, () -> d.download(e, false));
        assertEquals(got + ": already exists (remove it, or replace it with --force)", ex.getMessage());
        d.download(e, true);
        assertFalse(Files.exists(got.resolve("marker")));
        assertEquals("abc", Files.readString(got.resolve("a.bin")));
        assertEquals(List.of("tiny"), dataDirListing());
    }

    @Test
    void ogbBinaryLayoutIsRefusedWithoutDownloading() throws IOException {
        RegistryEntry papers = DatasetRegistry.load().get("ogbn-papers100M");
        Downloader d = downloader().optMirror(base).build();
        TesseraException ex = assertThrows(TesseraException.class, () -> d.fetch(papers));
        assertEquals("ogbn-papers100M: OGB's binary layout (papers100M-bin.zip) is not supported yet; Tessera reads OGB's"
                + " CSV layout only, so nothing was downloaded", ex.getMessage());
        assertEquals(0, requests.get());
        assertEquals(List.of(), dataDirListing());
    }

    @Test
    void shippedKarateIsCopiedFromTheClassPathAndRefreshedWhenStale() throws IOException {
        RegistryEntry karate = DatasetRegistry.load().get("karate");
        server.stop(0); // shipped data needs no network
        Downloader d = downloader().build();
        Path got = d.fetch(karate);
        assertEquals(dir.root().resolve("karate"), got);
        assertEquals("34", Files.readString(got.resolve("raw/num-node-list.csv")).trim());
        assertTrue(notes.isEmpty());
        Files.writeString(got.resolve("marker"), "x");
        d.fetch(karate);
        assertTrue(Files.exists(got.resolve("marker")), "an up-to-date copy is reused");
        Files.writeString(got.resolve("raw/num-node-list.csv"), "35\n");
        DownloadManifest m = DownloadManifest.read(got).orElseThrow();
        List<DownloadManifest.Item> items = new ArrayList<>(m.files());
        items.set(1, new DownloadManifest.Item(items.get(1).file(), items.get(1).url(), SHA_ABC, false));
        new DownloadManifest(m.name(), m.date(), items).write(got);
        d.fetch(karate);
        assertFalse(Files.exists(got.resolve("marker")), "a stale copy is replaced");
        assertEquals("34", Files.readString(got.resolve("raw/num-node-list.csv")).trim());
    }

    @Test
    void sharedOriginalsMatchThePinnedChecksums() throws IOException {
        Path planetoid = SharedData.require("data/_formats/planetoid");
        Path npz = SharedData.require("data/_formats/npz");
        DatasetRegistry registry = DatasetRegistry.load();
        for (String name : List.of("cora", "citeseer")) {
            for (String f : registry.get(name).files()) {
                Path p = planetoid.resolve(f);
                files.put("/mirror/" + name + "/" + f, () -> read(p));
            }
        }
        for (String name : List.of("minesweeper", "texas")) {
            Path p = npz.resolve(name + ".npz");
            files.put("/mirror/" + name + "/" + name + ".npz", () -> read(p));
        }
        Downloader d = downloader().optMirror(base + "mirror").build();
        for (String name : List.of("cora", "citeseer", "minesweeper", "texas")) {
            RegistryEntry e = registry.get(name);
            Path got = d.download(e, false);
            DownloadManifest m = DownloadManifest.read(got).orElseThrow();
            assertEquals(e.files().size(), m.files().size());
            for (int i = 0; i < e.files().size(); i++) {
                assertTrue(m.files().get(i).pinned(), name + "/" + e.files().get(i));
                assertEquals(e.pinnedSha256(i), m.files().get(i).sha256());
                Path original = e.format().equals("planetoid") ? planetoid.resolve(e.files().get(i)) : npz.resolve(e.files().get(i));
                assertEquals(-1, Files.mismatch(original, got.resolve(e.files().get(i))));
            }
        }
        assertTrue(notes.isEmpty(), "every file was pinned: " + notes);
        assertEquals(List.of("citeseer", "cora", "minesweeper", "texas"), dir.downloaded());
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("arxiv/"));
            z.closeEntry();
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
