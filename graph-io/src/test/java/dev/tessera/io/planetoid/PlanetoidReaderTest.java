package dev.tessera.io.planetoid;

import static dev.tessera.io.pickle.PickleFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.pickle.PickleFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny Planetoid folders (pickles from {@link PickleFixtures}) whose answers follow from PyG's
 * {@code read_planetoid_data} by hand.
 *
 * <p>{@code tiny}: allx rows {@code [1,0,0] [0,1,0] [0,0,1] [1,1,0]} with classes 0 1 1 0; tx rows
 * {@code [.5,0,0] [0,.25,0] [0,0,2]} with classes 1 0 1; test.index {@code 6 4 5}, so node 6 gets tx row 0,
 * node 4 row 1, node 5 row 2; x, y = the first two rows of allx, ally.
 */
class PlanetoidReaderTest {
    private final PlanetoidReader reader = new PlanetoidReader();

    static void writeTiny(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir, "tiny", "x", PickleFixtures.TINY_X);
        write(dir, "tiny", "y", PickleFixtures.TINY_Y);
        write(dir, "tiny", "allx", PickleFixtures.TINY_ALLX);
        write(dir, "tiny", "ally", PickleFixtures.TINY_ALLY);
        write(dir, "tiny", "tx", PickleFixtures.TINY_TX);
        write(dir, "tiny", "ty", PickleFixtures.TINY_TY);
        write(dir, "tiny", "graph", PickleFixtures.TINY_GRAPH);
        Files.writeString(dir.resolve("ind.tiny.test.index"), "6\n4\n5\n");
    }

    private static void write(Path dir, String name, String part, String hex) throws IOException {
        Files.write(dir.resolve("ind." + name + "." + part), bytes(hex));
    }

    private static float[][] rows(GraphDataset ds) {
        float[][] r = new float[ds.numNodes()][];
        for (int v = 0; v < r.length; v++) {
            r[v] = ds.features().row(v);
        }
        return r;
    }

    private static int[][] adjacency(CsrGraph g) {
        int[][] a = new int[g.numNodes()][];
        for (int v = 0; v < a.length; v++) {
            a[v] = g.neighbors(v);
        }
        return a;
    }

    @Test
    void readsTinyFolderAsPyGDoes(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        GraphDataset ds = reader.read(dir, DatasetInfo.NONE);
        assertEquals("tiny", ds.name());
        assertEquals(7, ds.numNodes());
        assertEquals(3, ds.numFeatures());
        assertArrayEquals(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 0.25f, 0}, {0, 0, 2}, {0.5f, 0, 0}}, rows(ds));
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1, 1}, ds.labels());
        assertEquals(List.of("0", "1"), ds.classNames());
        // graph {0:[1,1,0], 1:[0,2], 2:[1,6], 3:[], 4:[5], 5:[4], 6:[2,6]}: loops 0-0 and 6-6 and the repeated 0-1 go.
        assertArrayEquals(new int[][] {{1}, {0, 2}, {1, 6}, {}, {5}, {4}, {2}}, adjacency(ds.graph()));
        assertEquals(8, ds.graph().numEdges());
        Split s = ds.defaultSplit();
        assertEquals("public", s.name());
        assertArrayEquals(new int[] {0, 1}, s.train());
        // The next 500 nodes, clipped to the allx block (nodes 2, 3).
        assertArrayEquals(new int[] {2, 3}, s.valid());
        assertArrayEquals(new int[] {4, 5, 6}, s.test());
        assertEquals(Task.MULTICLASS, ds.task());
        assertEquals(Metric.ACCURACY, ds.metric());
        assertEquals("planetoid", ds.provenance().reader());
        assertEquals(8, ds.provenance().sources().size());
    }

    @Test
    void citeseerGapsBecomeZeroRowsWithLabelZero(@TempDir Path dir) throws IOException {
        write(dir, "citeseer", "x", PickleFixtures.TINY_X);
        write(dir, "citeseer", "y", PickleFixtures.TINY_Y);
        write(dir, "citeseer", "allx", PickleFixtures.TINY_ALLX);
        write(dir, "citeseer", "ally", PickleFixtures.TINY_ALLY);
        write(dir, "citeseer", "tx", PickleFixtures.CITESEER_TX);
        write(dir, "citeseer", "ty", PickleFixtures.CITESEER_TY);
        write(dir, "citeseer", "graph", PickleFixtures.CITESEER_GRAPH);
        // min 4, max 7: tx/ty widen to 4 rows; nodes 5 and 6 have no row. Node 7 gets tx row 0, node 4 row 1.
        Files.writeString(dir.resolve("ind.citeseer.test.index"), "7\n4\n");
        GraphDataset ds = reader.read(dir.resolve("ind.citeseer.tx"), DatasetInfo.NONE);
        assertEquals(8, ds.numNodes());
        assertArrayEquals(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {0, 0, 3}, {0, 0, 0}, {0, 0, 0}, {0.5f, 0, 0}},
                rows(ds));
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0, 0, 1}, ds.labels());
        assertArrayEquals(new int[][] {{1}, {0}, {7}, {}, {}, {}, {}, {2}}, adjacency(ds.graph()));
        assertArrayEquals(new int[] {4, 7}, ds.defaultSplit().test());
    }

    @Test
    void hintsOverrideNameTaskAndMetric(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        GraphDataset ds = reader.read(dir.resolve("ind.tiny.graph"), new DatasetInfo("my-tiny", Task.BINARY, Metric.ROCAUC, null, null));
        assertEquals("my-tiny", ds.name());
        assertEquals(Task.BINARY, ds.task());
        assertEquals(Metric.ROCAUC, ds.metric());
    }

    @Test
    void detectsFolderAndFilesAndIsRegistered(@TempDir Path dir) throws IOException {
        writeTiny(dir.resolve("tiny"));
        Files.createDirectories(dir.resolve("empty"));
        assertTrue(reader.canRead(dir.resolve("tiny")));
        assertTrue(reader.canRead(dir.resolve("tiny/ind.tiny.test.index")));
        assertFalse(reader.canRead(dir.resolve("empty")));
        assertInstanceOf(PlanetoidReader.class, DatasetFormats.detect(dir.resolve("tiny")));
        assertInstanceOf(PlanetoidReader.class, DatasetFormats.byName("planetoid"));
    }

    @Test
    void severalNamesInOneFolderAreListed(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        write(dir, "cora", "x", PickleFixtures.TINY_X);
        TesseraException e = assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE));
        assertEquals(dir + ": holds several Planetoid datasets (cora, tiny); give one of their files instead of the folder", e.getMessage());
        // A file picks its NAME; cora's missing files are then reported.
        assertEquals(7, reader.read(dir.resolve("ind.tiny.x"), DatasetInfo.NONE).numNodes());
        TesseraException missing = assertThrows(TesseraException.class, () -> reader.read(dir.resolve("ind.cora.x"), DatasetInfo.NONE));
        assertTrue(missing.getMessage().startsWith(dir.resolve("ind.cora.tx") + ": file not found"), missing.getMessage());
    }

    @Test
    void badTestIndexNamesFileAndLine(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        Path index = dir.resolve("ind.tiny.test.index");
        Files.writeString(index, "6\nfour\n5\n");
        assertEquals(index + ":2: 'four' is not an integer node id",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
        Files.writeString(index, "6\n4\n9\n");
        assertEquals(index + ":3: test index 9 is outside [0, 7) (N = rows of allx + tx)",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
    }

    @Test
    void maliciousGraphPickleIsRefused(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        write(dir, "tiny", "graph", PickleFixtures.EVIL_EVAL_P4);
        assertEquals(dir.resolve("ind.tiny.graph")
                + ": pickle refers to builtins.eval, which is not allowed (only numpy/scipy arrays and dicts are read)",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
    }

    @Test
    void graphWithAnOutOfRangeNodeIsRefused(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        // defaultdict {0: [1, 2], 1: [0], 2: [], 300: [70000]}: key 300 is not one of the 7 nodes.
        write(dir, "tiny", "graph", PickleFixtures.DEFAULTDICT_PY2);
        assertEquals(dir.resolve("ind.tiny.graph") + ": key 300 is outside [0, 7) (N = rows of allx + tx)",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
    }

    @Test
    void wrongShapesAreRefused(@TempDir Path dir) throws IOException {
        writeTiny(dir);
        // ty with 2 rows for 3 rows of tx.
        write(dir, "tiny", "ty", PickleFixtures.CITESEER_TY);
        assertEquals(dir.resolve("ind.tiny.ty") + ": 2 rows, but ind.tiny.tx has 3",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
        writeTiny(dir);
        write(dir, "tiny", "graph", PickleFixtures.INT32_PY2);
        assertEquals(dir.resolve("ind.tiny.graph") + ": expected a dict of adjacency lists, found a numpy array",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
        writeTiny(dir);
        write(dir, "tiny", "allx", PickleFixtures.DEFAULTDICT_P2);
        assertEquals(dir.resolve("ind.tiny.allx") + ": expected a numpy array or scipy sparse matrix, found a dict",
                assertThrows(TesseraException.class, () -> reader.read(dir, DatasetInfo.NONE)).getMessage());
    }
}
