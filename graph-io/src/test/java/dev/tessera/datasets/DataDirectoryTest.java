package dev.tessera.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void explicitFolderWinsOverEnvironmentAndHome() {
        DataDirectory d = DataDirectory.resolve(tmp.resolve("explicit"), Map.of("TESSERA_DATA", "/env/data")::get, tmp);
        assertEquals(tmp.resolve("explicit"), d.root());
        assertEquals("--data-dir", d.source());
    }

    @Test
    void environmentWinsOverHome() {
        DataDirectory d = DataDirectory.resolve(null, Map.of("TESSERA_DATA", tmp.resolve("env").toString())::get, tmp);
        assertEquals(tmp.resolve("env"), d.root());
        assertEquals("$TESSERA_DATA", d.source());
    }

    @Test
    void homeIsTheDefaultAndBlankEnvironmentIsIgnored() {
        DataDirectory d = DataDirectory.resolve(null, Map.of("TESSERA_DATA", "  ")::get, tmp.resolve("home"));
        assertEquals(tmp.resolve("home/.tessera/datasets"), d.root());
        assertEquals("default", d.source());
        assertEquals(tmp.resolve("home/.tessera/datasets/cora"), d.datasetPath("cora"));
    }

    @Test
    void listsPresentDatasetsWithSizesAndIgnoresStagingFolders() throws Exception {
        DataDirectory d = DataDirectory.resolve(tmp, k -> null, tmp);
        assertEquals(List.of(), d.downloaded());
        Files.createDirectories(tmp.resolve("cora/raw"));
        Files.write(tmp.resolve("cora/raw/a"), new byte[100]);
        Files.write(tmp.resolve("cora/b"), new byte[23]);
        Files.createDirectories(tmp.resolve("texas"));
        Files.createDirectories(tmp.resolve(".pubmed.download-123"));
        Files.write(tmp.resolve("stray-file"), new byte[5]);
        assertEquals(List.of("cora", "texas"), d.downloaded());
        assertTrue(d.isDownloaded("cora"));
        assertFalse(d.isDownloaded("pubmed"));
        assertEquals(123, d.sizeOnDisk("cora"));
        assertEquals(0, d.sizeOnDisk("texas"));
        assertEquals(0, d.sizeOnDisk("pubmed"));
    }

    @Test
    void rejectsNamesThatLeaveTheFolder() {
        DataDirectory d = DataDirectory.resolve(tmp, k -> null, tmp);
        assertThrows(IllegalArgumentException.class, () -> d.datasetPath("../x"));
        assertThrows(IllegalArgumentException.class, () -> d.datasetPath(".hidden"));
    }
}
