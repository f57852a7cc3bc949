package dev.tessera.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetStatsTest {
    /**
     * Six nodes, seven stored edges: 0-1 both ways, 1-2 both ways, a self-loop on 2, 3->1, 0->5; node 4 has no
     * edge. Labels [0, 0, 1, -1, 1, 1]; three features.
     */
    private static GraphDataset toy() {
        var g = new CsrBuilder(6).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).addEdge(2, 2).addEdge(3, 1)
                .addEdge(0, 5).build();
        return GraphDataset.builder().setName("toy").setGraph(g)
                .optFeatures(NodeFeatures.of(new float[18], 6, 3))
                .optLabels(new int[] {0, 0, 1, -1, 1, 1}, List.of("a", "b"))
                .optSplit(new Split("public", new int[] {0, 2}, new int[] {1}, new int[] {4, 5}))
                .optSplit(new Split("other", new int[] {0}, new int[0], new int[] {1}))
                .optTexts(NodeTexts.of(List.of("t0", "t1", "t2", "t3", "t4", "t5")))
                .build();
    }

    @Test
    void countsNodesEdgesLoopsAndIsolatedNodes() {
        DatasetStats s = DatasetStats.of(toy());
        assertEquals(6, s.nodes());
        assertEquals(7, s.edges());
        assertEquals(1, s.selfLoops());
        // Node 3 has only an out-edge and node 5 only an in-edge: neither is isolated; node 4 is.
        assertEquals(1, s.isolatedNodes());
        assertEquals(3, s.features());
        assertTrue(s.hasText());
    }

    @Test
    void countsClassesAndUnlabelledNodes() {
        DatasetStats s = DatasetStats.of(toy());
        assertEquals(2, s.classes());
        assertArrayEquals(new long[] {2, 3}, s.classSizes());
        assertEquals(1, s.unlabelled());
        assertEquals(2, s.classesPresent());
    }

    @Test
    void classesWithoutNodesAreCountedApart() {
        var g = new CsrBuilder(2).addUndirectedEdge(0, 1).build();
        DatasetStats s = DatasetStats.of(GraphDataset.builder().setName("gap").setGraph(g)
                .optLabels(new int[] {0, 2}, List.of("a", "b", "c")).build());
        assertEquals(3, s.classes());
        assertEquals(2, s.classesPresent(), "class b labels no node");
    }

    @Test
    void edgeHomophilySkipsLoopsAndUnlabelledEnds() {
        DatasetStats s = DatasetStats.of(toy());
        // Non-loop edges with both ends labelled: 0->1, 1->0 (same), 1->2, 2->1, 0->5 (different); 3->1 skipped.
        assertEquals(5, s.labelledEdges());
        assertEquals(2.0 / 5.0, s.edgeHomophily(), 1e-12);
    }

    @Test
    void degreeStatistics() {
        DatasetStats s = DatasetStats.of(toy());
        // Out-degrees [2, 2, 2, 1, 0, 0] -> sorted 0 0 1 2 2 2.
        assertEquals(new DatasetStats.Degrees(0, 2, 7.0 / 6.0, 1.5), s.outDegree());
        // In-degrees [1, 3, 2, 0, 0, 1] -> sorted 0 0 1 1 2 3.
        assertEquals(new DatasetStats.Degrees(0, 3, 7.0 / 6.0, 1.0), s.inDegree());
    }

    @Test
    void oddNodeCountTakesTheMiddleDegree() {
        var g = new CsrBuilder(3).addEdge(0, 1).addEdge(0, 2).addEdge(0, 0).addEdge(1, 2).build();
        DatasetStats s = DatasetStats.of(GraphDataset.builder().setName("odd").setGraph(g).build());
        // Out-degrees [3, 1, 0].
        assertEquals(new DatasetStats.Degrees(0, 3, 4.0 / 3.0, 1.0), s.outDegree());
        assertEquals(0, s.isolatedNodes());
    }

    @Test
    void splitSizesKeepTheDatasetsOrder() {
        Map<String, DatasetStats.SplitSizes> splits = DatasetStats.of(toy()).splits();
        assertEquals(List.of("public", "other"), List.copyOf(splits.keySet()));
        assertEquals(new DatasetStats.SplitSizes(2, 1, 2), splits.get("public"));
        assertEquals(new DatasetStats.SplitSizes(1, 0, 1), splits.get("other"));
    }

    @Test
    void memoryFootprintByPart() {
        DatasetStats.Memory m = DatasetStats.of(toy()).memory();
        assertEquals(7 * 8 + 7 * 4, m.graph());
        assertEquals(6 * 3 * 4, m.features());
        assertEquals(6 * 4, m.labels());
        assertEquals((5 + 2) * 4, m.splits());
        assertEquals(84 + 72 + 24 + 28, m.total());
    }

    @Test
    void weightedGraphCountsItsWeights() {
        var g = new CsrBuilder(2).addEdge(0, 1, 0.5f).build();
        DatasetStats s = DatasetStats.of(GraphDataset.builder().setName("w").setGraph(g).build());
        assertEquals(3 * 8 + 4 + 4, s.memory().graph());
    }

    @Test
    void unlabelledGraphHasNoHomophily() {
        var g = new CsrBuilder(2).addUndirectedEdge(0, 1).build();
        DatasetStats s = DatasetStats.of(GraphDataset.builder().setName("u").setGraph(g).build());
        assertTrue(Double.isNaN(s.edgeHomophily()));
        assertEquals(2, s.unlabelled());
        assertEquals(0, s.classes());
        assertFalse(s.hasText());
        assertTrue(s.splits().isEmpty());
    }

    @Test
    void emptyGraph() {
        DatasetStats s = DatasetStats.of(GraphDataset.builder().setName("e").setGraph(new CsrBuilder(0).build()).build());
        assertEquals(0, s.nodes());
        assertEquals(0, s.isolatedNodes());
        assertEquals(new DatasetStats.Degrees(0, 0, 0, 0), s.outDegree());
    }
}
