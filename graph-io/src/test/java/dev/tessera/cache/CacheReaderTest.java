package dev.tessera.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.io.DatasetInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheReaderTest {
    @TempDir
    Path tmp;

    @Test
    void recognizesCacheFilesByNameAndReadsThem() throws Exception {
        Path file = tmp.resolve("sample.tessera-cache");
        BinaryCache.write(BinaryCacheTest.sample(), file);
        CacheReader reader = new CacheReader();
        assertTrue(reader.canRead(file));
        assertFalse(reader.canRead(tmp), "a folder is not a cache file");
        assertFalse(reader.canRead(Files.writeString(tmp.resolve("edges.txt"), "0 1\n")));
        BinaryCacheTest.assertSameDataset(BinaryCacheTest.sample(), reader.read(file, DatasetInfo.NONE));
    }
}
