package dev.tessera.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.io.TextLines;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped karate club, read as plain text from the folder the downloader gives for it. */
class KarateDatasetTest {
    /** Zachary's degree sequence (nodes 0..33), as published and as NetworkX's karate_club_graph gives it. */
    private static final int[] DEGREES = {16, 9, 10, 6, 3, 4, 4, 4, 5, 2, 3, 1, 2, 5, 2, 2, 2, 2, 2, 3, 2, 2, 2, 5, 3, 3, 2,
        4, 3, 4, 4, 6, 12, 17};

    @TempDir
    static Path tmp;

    private static Path karate;

    @BeforeAll
    static void fetch() {
        DataDirectory dir = DataDirectory.resolve(tmp, k -> null, tmp);
        karate = Downloader.builder().setDataDirectory(dir).build().fetch(DatasetRegistry.load().get("karate"));
    }

    private static List<String[]> rows(String file) {
        List<String[]> out = new ArrayList<>();
        try (TextLines lines = TextLines.open(karate.resolve(file))) {
            for (String line; (line = lines.next()) != null; ) {
                out.add(line.split(",", -1));
            }
        }
        return out;
    }

    private static int[] ints(String file) {
        return rows(file).stream().mapToInt(r -> Integer.parseInt(r[0])).toArray();
    }

    @Test
    void has34Nodes78UndirectedEdgesAndZacharysDegrees() {
        assertArrayEquals(new int[] {34}, ints("raw/num-node-list.csv"));
        assertArrayEquals(new int[] {78}, ints("raw/num-edge-list.csv"));
        List<String[]> edges = rows("raw/edge.csv");
        assertEquals(78, edges.size());
        int[] degree = new int[34];
        Set<Long> seen = new HashSet<>();
        for (String[] e : edges) {
            int u = Integer.parseInt(e[0]);
            int v = Integer.parseInt(e[1]);
            assertTrue(u < v && v < 34, "stored once, smaller id first: " + u + "," + v);
            assertTrue(seen.add(u * 34L + v), "duplicate edge " + u + "," + v);
            degree[u]++;
            degree[v]++;
        }
        assertEquals(16, degree[0]);
        assertEquals(17, degree[33]);
        assertArrayEquals(DEGREES, degree);
        // Mr. Hi and the officer are not adjacent; both are adjacent to node 8 (who followed Mr. Hi).
        assertTrue(!seen.contains(33L) && seen.contains(8L) && seen.contains(8 * 34L + 33));
    }

    @Test
    void factionsAreNetworkxClubs() {
        int[] labels = ints("raw/node-label.csv");
        assertEquals(34, labels.length);
        Set<Integer> mrHi = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21);
        int zeros = 0;
        for (int v = 0; v < 34; v++) {
            assertEquals(mrHi.contains(v) ? 0 : 1, labels[v], "node " + v);
            zeros += labels[v] == 0 ? 1 : 0;
        }
        assertEquals(17, zeros);
        List<String[]> names = rows("mapping/labelidx2name.csv");
        assertArrayEquals(new String[] {"idx", "name"}, names.get(0));
        assertArrayEquals(new String[] {"0", "Mr. Hi"}, names.get(1));
        assertArrayEquals(new String[] {"1", "Officer"}, names.get(2));
    }

    @Test
    void featuresAreTheIdentity() {
        List<String[]> rows = rows("raw/node-feat.csv");
        assertEquals(34, rows.size());
        for (int i = 0; i < 34; i++) {
            assertEquals(34, rows.get(i).length);
            for (int j = 0; j < 34; j++) {
                assertEquals(i == j ? "1" : "0", rows.get(i)[j], "row " + i + " column " + j);
            }
        }
    }

    @Test
    void publicSplitIsStratifiedDisjointAndCoversAllNodes() {
        int[] labels = ints("raw/node-label.csv");
        Set<Integer> all = new HashSet<>();
        int[][] perClass = new int[3][2];
        String[] parts = {"train", "valid", "test"};
        for (int p = 0; p < 3; p++) {
            int[] ids = ints("split/public/" + parts[p] + ".csv");
            for (int i = 0; i < ids.length; i++) {
                assertTrue(i == 0 || ids[i - 1] < ids[i], parts[p] + " ascending");
                assertTrue(all.add(ids[i]), "node " + ids[i] + " in two parts");
                perClass[p][labels[ids[i]]]++;
            }
        }
        assertEquals(34, all.size());
        assertArrayEquals(new int[] {5, 5}, perClass[0]);
        assertArrayEquals(new int[] {5, 5}, perClass[1]);
        assertArrayEquals(new int[] {7, 7}, perClass[2]);
    }

    @Test
    void infoPropertiesAgreeWithTheFilesAndTheRegistry() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(karate.resolve("info.properties"))) {
            p.load(r);
        }
        assertEquals("34", p.getProperty("num_nodes"));
        assertEquals("78", p.getProperty("num_edges"));
        assertEquals("34", p.getProperty("num_features"));
        assertEquals("2", p.getProperty("num_classes"));
        assertEquals("true", p.getProperty("add_inverse_edge"));
        assertEquals("public", p.getProperty("default_split"));
        RegistryEntry e = DatasetRegistry.load().get("karate");
        assertEquals(e.numNodes(), Long.parseLong(p.getProperty("num_nodes")));
        assertEquals(e.task().id(), p.getProperty("task"));
        assertEquals(e.metric().id(), p.getProperty("metric"));
        assertEquals(e.addInverseEdge(), Boolean.parseBoolean(p.getProperty("add_inverse_edge")));
    }
}
