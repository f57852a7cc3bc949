package dev.tessera.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {
    @TempDir
    Path dir;

    private static final Split FOLD0 = new Split("fold0", new int[] {0, 1}, new int[] {2}, new int[] {3});
    private static final Split FOLD1 = new Split("fold1", new int[] {2}, new int[] {3}, new int[] {0, 1});

    /** 4 nodes, undirected path 0-1-2-3 plus 3-0, features with awkward floats, node 3 unlabelled. */
    private static GraphDataset.Builder toy() {
        CsrGraph g = new CsrBuilder(4).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).addUndirectedEdge(2, 3)
                .addUndirectedEdge(3, 0).build();
        float[] x = {0.1f, -0f, Float.MIN_VALUE, 1e30f, 7f, 8f, -1.5f, 2f};
        return GraphDataset.builder().setName("toy").setGraph(g).optFeatures(NodeFeatures.of(x, 4, 2))
                .optLabels(new int[] {1, 0, 1, -1}, List.of("no", "yes"));
    }

    @Test
    void foldsRoundTripExactly() {
        // Stored out of order on purpose: rows follow the fold index, not the stored order.
        GraphDataset ds = toy().optSplit(FOLD1).optSplit(FOLD0).optDefaultSplit("fold0").build();
        Path p = dir.resolve("toy.npz");
        new NpzWriter().write(ds, p);
        assertFalse(NpzArchive.readAll(p).containsKey("split_names"));
        GraphDataset back = new NpzReader().read(p, DatasetInfo.NONE);
        assertEquals(ds.graph(), back.graph());
        assertEquals(ds.features(), back.features());
        assertArrayEquals(ds.labels(), back.labels());
        assertEquals(List.of("no", "yes"), back.classNames());
        assertEquals(List.of("fold0", "fold1"), List.copyOf(back.splits().keySet()));
        assertEquals(FOLD0, back.split("fold0"));
        assertEquals(FOLD1, back.split("fold1"));
        assertEquals("fold0", back.defaultSplitName());
        assertEquals(ds.task(), back.task());
    }

    @Test
    void writesTheHeterophilousMembers() {
        GraphDataset ds = toy().optSplit(FOLD0).build();
        Map<String, NpyArray> a = new NpzWriter().arrays(ds);
        assertEquals(List.of("node_features", "node_labels", "edges", "train_masks", "val_masks", "test_masks", "class_names"),
                List.copyOf(a.keySet()));
        assertEquals("<f4", a.get("node_features").dtype().descr());
        assertArrayEquals(new long[] {8, 2}, a.get("edges").shape(), "one row per stored directed edge");
        // CSR order: node 0's neighbours 1 and 3 first.
        assertArrayEquals(new long[] {0, 1, 0, 3, 1, 0}, java.util.Arrays.copyOf(a.get("edges").asLongs(), 6));
        assertArrayEquals(new long[] {1, 0, 1, -1}, a.get("node_labels").asLongs());
        assertArrayEquals(new boolean[] {true, true, false, false}, a.get("train_masks").asBooleans());
        assertArrayEquals(new long[] {1, 4}, a.get("test_masks").shape());
    }

    @Test
    void otherSplitsKeepTheirNames() {
        Split pub = new Split("public", new int[] {0}, new int[] {1}, new int[] {2, 3});
        Split rnd = new Split("random", new int[] {3}, new int[] {}, new int[] {0});
        GraphDataset ds = toy().optSplit(rnd).optSplit(pub).build();
        Path p = dir.resolve("named.npz");
        new NpzWriter().optCompressed(false).write(ds, p);
        assertEquals(List.of("random", "public"), NpzArchive.readAll(p).get("split_names").asStrings());
        GraphDataset back = new NpzReader().read(p, DatasetInfo.NONE);
        assertEquals(List.of("random", "public"), List.copyOf(back.splits().keySet()));
        assertEquals(pub, back.split("public"));
        assertEquals(rnd, back.split("random"));
        assertEquals("public", back.defaultSplitName());
    }

    @Test
    void storedWriterWritesStoredMembers() throws Exception {
        Path p = dir.resolve("stored.npz");
        new NpzWriter().optCompressed(false).write(toy().build(), p);
        try (ZipFile z = new ZipFile(p.toFile())) {
            assertTrue(z.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED));
        }
        Path q = dir.resolve("deflated.npz");
        new NpzWriter().write(toy().build(), q);
        try (ZipFile z = new ZipFile(q.toFile())) {
            assertTrue(z.stream().allMatch(e -> e.getMethod() == ZipEntry.DEFLATED));
        }
    }

    @Test
    void directedGraphsComeBackSymmetrisedUnlessHinted() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).addEdge(1, 2).build();
        GraphDataset ds = GraphDataset.builder().setName("d").setGraph(g).optLabels(new int[] {0, 1, 0}, null).build();
        Path p = dir.resolve("d.npz");
        new NpzWriter().write(ds, p);
        assertFalse(NpzArchive.readAll(p).containsKey("node_features"), "no features, no member");
        GraphDataset sym = new NpzReader().read(p, DatasetInfo.NONE);
        assertEquals(4, sym.graph().numEdges());
        assertNotEquals(g, sym.graph());
        GraphDataset directed = new NpzReader().read(p, new DatasetInfo(null, null, null, false, null));
        assertEquals(g, directed.graph());
        assertEquals(0, directed.numFeatures());
    }
}
