package dev.tessera.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.cache.DatasetCache.Result;
import dev.tessera.cache.DatasetCache.Status;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.ogb.OgbRawReader;
import dev.tessera.progress.Progress;
import dev.tessera.testing.SharedData;
import dev.tessera.transforms.Transform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cora from the read-only shared data folder, through the cache: written to the fallback folder, then a hit. */
class DatasetCacheSharedDataTest {
    @TempDir
    Path tmp;

    @Test
    void coraIsCachedInTheFallbackFolderAndReadBackEqual() {
        Path cora = SharedData.require("data/cora");
        DatasetCache cache = DatasetCache.builder().optFallbackDir(tmp).build();
        OgbRawReader reader = new OgbRawReader();
        boolean hadProcessed = Files.exists(cora.resolve("processed"));
        Result first = cache.loadWithStatus(cora, reader, DatasetInfo.NONE, (Transform) null, Progress.NONE);
        if (!DatasetCache.isWritableLocation(cache.primaryLocation(cora))) {
            assertEquals(Status.MISS, first.status());
            assertTrue(first.file().startsWith(tmp), first.file().toString());
            assertEquals(hadProcessed, Files.exists(cora.resolve("processed")), "nothing written into the shared folder");
        }
        Result second = cache.loadWithStatus(cora, reader, DatasetInfo.NONE, (Transform) null, Progress.NONE);
        assertEquals(Status.HIT, second.status());
        assertEquals(first.file(), second.file());
        assertEquals(2708, second.dataset().numNodes());
        assertEquals(1433, second.dataset().numFeatures());
        assertTrue(second.dataset().hasTexts());
        assertFalse(second.dataset().texts().orElseThrow().text(0).isEmpty());
        BinaryCacheTest.assertSameDataset(first.dataset(), second.dataset());
    }
}
