package dev.tessera.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.cache.DatasetCache.Result;
import dev.tessera.cache.DatasetCache.Status;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import dev.tessera.progress.Progress;
import dev.tessera.transforms.Transform;
import dev.tessera.transforms.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {
    @TempDir
    Path tmp;

    private Path source;
    private Path fallback;
    private ToyReader reader;
    private DatasetCache cache;

    @BeforeEach
    void setUp() throws IOException {
        source = Files.createDirectories(tmp.resolve("toy"));
        Files.writeString(source.resolve("edges.txt"), "0 1\n1 2\n2 0\n");
        fallback = tmp.resolve("fallback");
        reader = new ToyReader();
        cache = DatasetCache.builder().optFallbackDir(fallback).build();
    }

    private Result load() {
        return load(null);
    }

    private Result load(String transforms) {
        return cache.loadWithStatus(source, reader, DatasetInfo.NONE, transforms, UnaryOperator.identity(), Progress.NONE);
    }

    @Test
    void firstLoadParsesAndWritesSecondLoadIsAHit() {
        Result first = load();
        assertEquals(Status.MISS, first.status());
        assertEquals(source.toAbsolutePath().resolve("processed/tessera.cache"), first.file());
        assertTrue(Files.isRegularFile(first.file()));
        assertEquals(1, reader.reads);

        Result second = load();
        assertEquals(Status.HIT, second.status());
        assertEquals(1, reader.reads, "a hit does not parse the source");
        assertTrue(second.dataset().features().isMapped());
        BinaryCacheTest.assertSameDataset(first.dataset(), second.dataset());
        assertFalse(Files.exists(fallback), "the fallback folder is not used when the source folder is writable");
    }

    @Test
    void touchingTheSourceMakesTheCacheStale() throws IOException {
        load();
        Path edges = source.resolve("edges.txt");
        Files.setLastModifiedTime(edges, FileTime.fromMillis(Files.getLastModifiedTime(edges).toMillis() + 5000));
        Result r = load();
        assertEquals(Status.STALE, r.status());
        assertEquals("edges.txt modified", r.reason());
        assertEquals(2, reader.reads);
        assertEquals(Status.HIT, load().status(), "the rebuilt cache is fresh");
    }

    @Test
    void modifyingTheSourceRebuildsWithTheNewContent() throws IOException {
        assertEquals(3, load().dataset().graph().numEdges());
        Files.writeString(source.resolve("edges.txt"), "3 0\n", StandardOpenOption.APPEND);
        Result r = load();
        assertEquals(Status.STALE, r.status());
        assertEquals("edges.txt changed size", r.reason());
        assertEquals(4, r.dataset().graph().numEdges());
        Result hit = load();
        assertEquals(Status.HIT, hit.status());
        assertEquals(4, hit.dataset().numNodes());
    }

    @Test
    void addingAFileOrChangingTransformsMakesItStale() throws IOException {
        load();
        Files.writeString(source.resolve("README.md"), "notes");
        Result r = load();
        assertEquals(Status.STALE, r.status());
        assertEquals("README.md added", r.reason());
        Result t = load("add-self-loops(weight=1.0)");
        assertEquals(Status.STALE, t.status());
        assertTrue(t.reason().startsWith("transforms changed"), t.reason());
        assertEquals(Status.HIT, load("add-self-loops(weight=1.0)").status());
        assertEquals(3, reader.reads);
    }

    @Test
    void truncatedCacheIsRebuilt() throws IOException {
        Path file = load().file();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        Result r = load();
        assertEquals(Status.CORRUPT, r.status());
        assertTrue(r.reason().contains("truncated"), r.reason());
        assertEquals(2, reader.reads);
        assertEquals(bytes.length, Files.size(file), "rebuilt in full");
        assertEquals(Status.HIT, load().status());
    }

    @Test
    void bitFlippedCacheIsRebuilt() throws Exception {
        Path file = load().file();
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) BinaryCacheTest.sectionOffset(bytes, "columns") + 1] ^= 0x04;
        Files.write(file, bytes);
        Result r = load();
        assertEquals(Status.CORRUPT, r.status());
        assertEquals("checksum mismatch in section columns", r.reason());
        assertEquals(2, reader.reads);
        assertEquals(Status.HIT, load().status());
    }

    @Test
    void readOnlySourceFolderFallsBackToTheCacheFolder() throws IOException {
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Result first = load();
            assertEquals(Status.MISS, first.status());
            assertEquals(cache.fallbackLocation(source), first.file());
            assertTrue(first.file().startsWith(fallback));
            assertTrue(first.file().getFileName().toString().matches("toy-[0-9a-f]{16}\\.tessera-cache"), first.file().toString());
            assertFalse(Files.exists(source.resolve("processed")), "nothing written into the read-only folder");
            Result second = load();
            assertEquals(Status.HIT, second.status());
            assertEquals(first.file(), second.file());
            assertEquals(1, reader.reads);
        } finally {
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFileDatasetIsCachedBesideIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("small.edges"), "0 1\n1 0\n");
        Result r = cache.loadWithStatus(file, reader, DatasetInfo.NONE, null, UnaryOperator.identity(), Progress.NONE);
        assertEquals(Status.MISS, r.status());
        assertEquals(tmp.toAbsolutePath().resolve("small.edges.tessera-cache"), r.file());
        assertEquals(Status.HIT, cache.loadWithStatus(file, reader, DatasetInfo.NONE, null, UnaryOperator.identity(),
                Progress.NONE).status());
    }

    @Test
    void transformIsAppliedOnceAndItsResultCached() {
        UnaryOperator<GraphDataset> rename = ds -> ds.toBuilder().setName("renamed")
                .optProvenance(ds.provenance().withTransform("rename")).build();
        Result first = cache.loadWithStatus(source, reader, DatasetInfo.NONE, "rename", rename, Progress.NONE);
        Result second = cache.loadWithStatus(source, reader, DatasetInfo.NONE, "rename", ds -> {
            throw new AssertionError("a hit must not transform again");
        }, Progress.NONE);
        assertEquals(Status.HIT, second.status());
        assertEquals("renamed", second.dataset().name());
        assertEquals(first.dataset().provenance(), second.dataset().provenance());
    }

    @Test
    void aTransformIsPartOfTheFingerprint() {
        Transform loops = Transforms.parse("add-self-loops");
        Result first = cache.loadWithStatus(source, reader, DatasetInfo.NONE, loops, Progress.NONE);
        assertEquals(Status.MISS, first.status());
        assertEquals(3 + 3, first.dataset().graph().numEdges(), "three edges plus three self-loops");
        Result hit = cache.loadWithStatus(source, reader, DatasetInfo.NONE, Transforms.parse("add-self-loops"), Progress.NONE);
        assertEquals(Status.HIT, hit.status());
        assertEquals(first.dataset().graph(), hit.dataset().graph());
        assertEquals(List.of(loops.describe()), hit.dataset().provenance().transforms());
        Result plain = cache.loadWithStatus(source, reader, DatasetInfo.NONE, (Transform) null, Progress.NONE);
        assertEquals(Status.STALE, plain.status());
        assertEquals(3, plain.dataset().graph().numEdges());
    }

    @Test
    void disabledCacheAlwaysParsesAndWritesNothing() {
        DatasetCache off = DatasetCache.builder().optEnabled(false).optFallbackDir(fallback).build();
        Result r = off.loadWithStatus(source, reader, DatasetInfo.NONE, null, UnaryOperator.identity(), Progress.NONE);
        assertEquals(Status.DISABLED, r.status());
        assertNull(r.file());
        off.load(source, reader, DatasetInfo.NONE, null, Progress.NONE);
        assertEquals(2, reader.reads);
        assertFalse(Files.exists(source.resolve("processed")));
    }
}
