package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataListCommandTest {
    @TempDir
    Path tmp;

    @Test
    void listsRegistryEntriesAndLocalFoldersWithSizes() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("cora"));
        Files.writeString(data.resolve("cora/a.txt"), "12345"); // 5 bytes
        Files.createDirectories(data.resolve("mine/raw"));
        Files.writeString(data.resolve("mine/raw/b.txt"), "123"); // 3 bytes
        Files.createDirectories(data.resolve(".staging")); // hidden: never listed
        CliRun r = CliRun.of("data", "list", "--data-dir", data.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(data.toAbsolutePath().toString(), j.get("data_dir").asText());
        List<String> names = new ArrayList<>();
        JsonNode cora = null;
        JsonNode mine = null;
        JsonNode tolokers = null;
        for (JsonNode d : j.get("datasets")) {
            names.add(d.get("name").asText());
            switch (d.get("name").asText()) {
                case "cora" -> cora = d;
                case "mine" -> mine = d;
                case "tolokers" -> tolokers = d;
                default -> { }
            }
        }
        assertFalse(names.contains(".staging"), names.toString());
        assertEquals("mine", names.getLast(), "local folders come after the registry");
        assertTrue(cora.get("downloaded").asBoolean());
        assertEquals(5, cora.get("bytes_on_disk").asLong());
        assertEquals(2708, cora.get("num_nodes").asLong());
        assertFalse(tolokers.get("downloaded").asBoolean());
        assertEquals(0, tolokers.get("bytes_on_disk").asLong());
        assertEquals("rocauc", tolokers.get("metric").asText());
        assertFalse(mine.get("in_registry").asBoolean());
        assertEquals(3, mine.get("bytes_on_disk").asLong());
    }

    @Test
    void textTableShowsDownloadState() {
        Path data = tmp.resolve("empty");
        CliRun r = CliRun.of("data", "list", "--data-dir", data.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("tolokers +11758 +2 +binary +rocauc +no +-")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("karate +34 +2 .* shipped +-")), r.out());
    }
}
