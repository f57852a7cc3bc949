package dev.tessera.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.cache.DatasetCache;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;
import dev.tessera.transforms.Transforms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    private static final String HEADER = "name,format,binary_layout,url,files,sha256,metric,task,default_split,"
            + "add_inverse_edge,num_nodes,num_classes,description\n";

    /** A registry with one remote entry, {@code tiny}: binary, ROC-AUC, undirected edges stored once. */
    private static final DatasetRegistry REGISTRY = DatasetRegistry.parse("test-registry.csv", HEADER
            + "tiny,ogb,false,https://example.org/tiny/,tiny.zip,,rocauc,binary,public,true,3,2,a test dataset\n");

    @TempDir
    Path tmp;

    /** Three nodes, edges 0-1 and 1-2 stored once, labels [0, 1, 1], split public 1/1/1; no info.properties. */
    private static Path writeTiny(Path dir) throws IOException {
        write(dir, "raw/num-node-list.csv", "3\n");
        write(dir, "raw/num-edge-list.csv", "2\n");
        write(dir, "raw/edge.csv", "0,1\n1,2\n");
        write(dir, "raw/node-label.csv", "0\n1\n1\n");
        write(dir, "split/public/train.csv", "0\n");
        write(dir, "split/public/valid.csv", "1\n");
        write(dir, "split/public/test.csv", "2\n");
        return dir;
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private DatasetLoader loader() {
        return DatasetLoader.builder().optDataDir(tmp.resolve("data")).optRegistry(REGISTRY).build();
    }

    @Test
    void pathIsReadWithoutRegistryHints() throws IOException {
        Path folder = writeTiny(tmp.resolve("elsewhere/tiny"));
        GraphDataset ds = loader().load(folder.toString());
        assertEquals("tiny", ds.name());
        // No hints: the edges stay as stored (one direction each).
        assertEquals(2, ds.graph().numEdges());
        assertEquals(Metric.ROCAUC, ds.metric()); // the dataset model's default for two classes
        assertTrue(loader().locate(folder.toString()).entry().isEmpty());
    }

    @Test
    void registryNameIsReadFromTheDataDirectoryWithItsHints() throws IOException {
        writeTiny(tmp.resolve("data/tiny"));
        DatasetLoader.Location loc = loader().locate("TINY");
        assertEquals("tiny", loc.name());
        assertEquals(tmp.resolve("data/tiny").toAbsolutePath(), loc.path());
        assertEquals("ogb", loc.reader().format());
        assertTrue(loc.entry().isPresent());
        GraphDataset ds = loader().load(loc);
        // add_inverse_edge from the registry: both directions stored.
        assertEquals(4, ds.graph().numEdges());
        assertEquals(Task.BINARY, ds.task());
    }

    @Test
    void otherFoldersOfTheDataDirectoryAreFoundByName() throws IOException {
        writeTiny(tmp.resolve("data/mine"));
        DatasetLoader.Location loc = loader().locate("mine");
        assertEquals(tmp.resolve("data/mine").toAbsolutePath().normalize(), loc.path().toAbsolutePath().normalize());
        assertFalse(loc.entry().isPresent());
        assertEquals(2, loader().load(loc).graph().numEdges());
    }

    @Test
    void registryDatasetNotDownloadedSaysHowToGetIt() {
        TesseraException e = assertThrows(TesseraException.class, () -> loader().locate("tiny"));
        assertTrue(e.getMessage().startsWith("dataset 'tiny' is not downloaded"), e.getMessage());
        assertTrue(e.getMessage().contains("tessera data download tiny"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownNameListsWhatWasTried() {
        TesseraException e = assertThrows(TesseraException.class, () -> loader().locate("nothing"));
        assertTrue(e.getMessage().startsWith("dataset 'nothing' not found"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("data").resolve("nothing").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tessera data list"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingPathIsAnError() {
        String p = tmp.resolve("absent/folder").toString();
        TesseraException e = assertThrows(TesseraException.class, () -> loader().locate(p));
        assertEquals(p + ": no such file or folder", e.getMessage());
    }

    @Test
    void formatOptionOverridesDetection() throws IOException {
        Path folder = writeTiny(tmp.resolve("tiny"));
        DatasetLoader l = DatasetLoader.builder().optDataDir(tmp).optRegistry(REGISTRY).optFormat("nonsense").build();
        TesseraException e = assertThrows(TesseraException.class, () -> l.locate(folder.toString()));
        assertTrue(e.getMessage().startsWith("--format: unknown format 'nonsense'"), e.getMessage());
    }

    @Test
    void transformIsAppliedAfterReading() throws IOException {
        Path folder = writeTiny(tmp.resolve("tiny"));
        DatasetLoader l = DatasetLoader.builder().optDataDir(tmp).optRegistry(REGISTRY)
                .optTransform(Transforms.parse("to-undirected")).build();
        GraphDataset ds = l.load(folder.toString());
        assertEquals(4, ds.graph().numEdges());
        assertEquals(1, ds.provenance().transforms().size());
    }

    @Test
    void cacheIsWrittenThenMappedAndKeyedByTheTransform() throws IOException {
        Path folder = writeTiny(tmp.resolve("tiny"));
        DatasetCache cache = DatasetCache.builder().optFallbackDir(tmp.resolve("fallback")).build();
        DatasetLoader plain = DatasetLoader.builder().optDataDir(tmp).optRegistry(REGISTRY).optCache(cache).build();
        DatasetLoader.Location loc = plain.locate(folder.toString());
        assertEquals(DatasetCache.Status.MISS, plain.loadWithStatus(loc).status());
        DatasetCache.Result hit = plain.loadWithStatus(loc);
        assertEquals(DatasetCache.Status.HIT, hit.status());
        assertEquals(2, hit.dataset().graph().numEdges());
        // Another transform is another cache entry: the fingerprint no longer matches.
        DatasetLoader undirected = DatasetLoader.builder().optDataDir(tmp).optRegistry(REGISTRY).optCache(cache)
                .optTransform(Transforms.parse("to-undirected")).build();
        DatasetCache.Result other = undirected.loadWithStatus(loc);
        assertEquals(DatasetCache.Status.STALE, other.status());
        assertEquals(4, other.dataset().graph().numEdges());
        // A cache file given as the dataset is read as it is, not cached again (the rebuilt file holds the
        // undirected graph).
        DatasetCache.Result direct = plain.loadWithStatus(plain.locate(hit.file().toString()));
        assertEquals(DatasetCache.Status.DISABLED, direct.status());
        assertEquals(4, direct.dataset().graph().numEdges());
    }

    @Test
    void shippedDatasetIsCopiedFromTheJarOffline() {
        DatasetLoader l = DatasetLoader.builder().optDataDir(tmp.resolve("data")).optNotes(n -> { }).build();
        GraphDataset karate = l.load("karate");
        assertEquals(34, karate.numNodes());
        assertEquals(156, karate.graph().numEdges());
        assertTrue(Files.isDirectory(tmp.resolve("data/karate")));
    }
}
