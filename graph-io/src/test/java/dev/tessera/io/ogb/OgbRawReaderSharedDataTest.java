package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.testing.SharedData;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every folder of {@code shared/data} read with {@link OgbRawReader} gives exactly the counts of its README.md
 * and info.properties. Distinct directed edges come from the table below (the "directed edges after adding
 * reverses" of each README, or the edge lines where nothing is added); split sizes are parsed from each README's
 * "splits" row. Skipped when the shared data is absent.
 */
class OgbRawReaderSharedDataTest {
    private static final Pattern SPLIT_SIZES = Pattern.compile("`([^`]+)` (\\d+)/(\\d+)/(\\d+)");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, nodes, distinct directed edges, features, classes, has text, self-loops
        "cora, 2708, 10556, 1433, 7, true, 0",
        "citeseer, 3327, 9104, 3703, 6, false, 0",
        "pubmed, 19717, 88648, 0, 3, false, 0",
        "arxiv-2023, 33868, 305672, 0, 40, true, 17",
        "minesweeper, 10000, 78804, 7, 2, false, 0",
        "tolokers, 11758, 1038000, 10, 2, false, 0",
        "chameleon-filtered, 890, 17708, 2325, 5, false, 0",
        "texas, 183, 558, 1703, 5, false, 0",
        "cornell, 183, 554, 1703, 5, false, 0",
        "wisconsin, 251, 900, 1703, 5, false, 0",
    })
    void countsMatchTheReadme(String name, int nodes, long edges, int features, int classes, boolean text, long loops)
            throws IOException {
        Path dir = SharedData.require("data/" + name);
        Properties info = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("info.properties"), StandardCharsets.UTF_8)) {
            info.load(r);
        }
        assertTrue(DatasetFormats.detect(dir) instanceof OgbRawReader);

        long t0 = System.nanoTime();
        GraphDataset ds = new OgbRawReader().read(dir, DatasetInfo.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("ogb read " + name + ": " + ms + " ms, " + ds);

        assertEquals(name, ds.name());
        assertEquals(nodes, ds.numNodes());
        assertEquals(Integer.parseInt(info.getProperty("num_nodes")), ds.numNodes());
        assertEquals(edges, ds.graph().numEdges());
        assertEquals(loops, ds.graph().countSelfLoops());
        assertEquals(features, ds.numFeatures());
        assertEquals(Integer.parseInt(info.getProperty("num_features")), ds.numFeatures());
        assertEquals(classes, ds.numClasses());
        assertEquals(Integer.parseInt(info.getProperty("num_classes")), ds.numClasses());
        assertEquals(text, ds.hasTexts());
        assertEquals(info.getProperty("task"), ds.task().id());
        assertEquals(info.getProperty("metric"), ds.metric().id());
        assertEquals(info.getProperty("default_split"), ds.defaultSplitName());
        assertEquals(List.of(info.getProperty("splits").split(",")), new ArrayList<>(ds.splits().keySet()));
        assertEquals("ogb", ds.provenance().reader());
        assertTrue(ds.provenance().sources().stream().anyMatch(s -> s.endsWith("edge.csv.gz")));

        Map<String, int[]> expected = readmeSplits(dir.resolve("README.md"));
        assertEquals(expected.keySet(), ds.splits().keySet());
        for (Split s : ds.splits().values()) {
            int[] want = expected.get(s.name());
            assertArrayEquals(want, new int[] {s.train().length, s.valid().length, s.test().length}, s.name());
        }
        for (int y : ds.labels()) {
            assertTrue(y >= -1 && y < classes);
        }
        if (text) {
            assertFalse(ds.texts().orElseThrow().text(0).isEmpty());
            assertFalse(ds.texts().orElseThrow().text(nodes - 1).isEmpty());
        }
    }

    private static Map<String, int[]> readmeSplits(Path readme) throws IOException {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("| splits |")) {
                Matcher m = SPLIT_SIZES.matcher(line);
                while (m.find()) {
                    out.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4))});
                }
            }
        }
        return out;
    }
}
