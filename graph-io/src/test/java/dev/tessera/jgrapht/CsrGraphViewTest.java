package dev.tessera.jgrapht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.scoring.BetweennessCentrality;
import org.jgrapht.alg.scoring.ClusteringCoefficient;
import org.jgrapht.alg.scoring.PageRank;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DirectedWeightedPseudograph;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.Test;

class CsrGraphViewTest {
    /**
     * Six nodes, weighted: a cycle 0 -> 1 (1) -> 2 (2) -> 0 (4), a bridge 2 -> 3 (1), a 2-cycle 3 -> 4 (1),
     * 4 -> 3 (5), a shortcut 0 -> 3 (10), a self-loop 5 -> 5 (3). SCCs {0, 1, 2}, {3, 4}, {5}.
     */
    private static CsrGraph directedSample() {
        return new CsrBuilder(6).addEdge(0, 1, 1).addEdge(1, 2, 2).addEdge(2, 0, 4).addEdge(2, 3, 1)
                .addEdge(3, 4, 1).addEdge(4, 3, 5).addEdge(0, 3, 10).addEdge(5, 5, 3).build();
    }

    /** A triangle 0-1-2 with a pendant 2-3, stored both ways. */
    private static CsrGraph trianglePendant() {
        return new CsrBuilder(4).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).addUndirectedEdge(2, 0)
                .addUndirectedEdge(2, 3).build();
    }

    @Test
    void directedViewExposesTheCsrEdges() {
        CsrGraph g = directedSample();
        CsrGraphView v = CsrGraphView.directed(g);
        assertTrue(v.getType().isDirected() && v.getType().isWeighted() && !v.getType().isModifiable());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5), v.vertexSet());
        assertEquals(8, v.edgeSet().size());
        for (long e = 0; e < g.numEdges(); e++) {
            assertEquals(g.target(e), v.getEdgeTarget(e));
            assertTrue(g.rowStart(v.getEdgeSource(e)) <= e && e < g.rowEnd(v.getEdgeSource(e)));
            assertEquals(g.weight(e), v.getEdgeWeight(e));
        }
        // Rows: 0 -> [1, 3] (edges 0, 1), 1 -> [2] (2), 2 -> [0, 3] (3, 4), 3 -> [4] (5), 4 -> [3] (6), 5 -> [5] (7).
        assertEquals(1L, v.getEdge(0, 3));
        assertNull(v.getEdge(3, 0));
        assertEquals(Set.of(1L, 4L, 6L), v.incomingEdgesOf(3));
        assertEquals(Set.of(5L), v.outgoingEdgesOf(3));
        assertEquals(3, v.inDegreeOf(3));
        assertEquals(4, v.degreeOf(3));
        assertEquals(2, v.degreeOf(5), "a self-loop is one in-edge and one out-edge");
        assertEquals(Set.of(7L), v.edgesOf(5));
        assertTrue(v.containsEdge(2, 0));
        assertFalse(v.containsEdge(8L));
        assertFalse(v.containsVertex(6));
        assertThrows(IllegalArgumentException.class, () -> v.outgoingEdgesOf(6));
        assertThrows(IllegalArgumentException.class, () -> v.getEdgeSource(8L));
    }

    @Test
    void emptyRowsDoNotConfuseTheSourceSearch() {
        CsrGraph g = new CsrBuilder(6).addEdge(2, 0).addEdge(2, 5).addEdge(5, 1).build();
        CsrGraphView v = CsrGraphView.directed(g);
        assertEquals(List.of(2, 2, 5), v.edgeSet().stream().map(v::getEdgeSource).toList());
        assertEquals(Set.of(), v.incomingEdgesOf(2));
    }

    @Test
    void repeatedEdgesAreAllListed() {
        CsrGraph g = new CsrBuilder(2).optDuplicates(CsrBuilder.Duplicates.KEEP).addEdge(0, 1).addEdge(0, 1).build();
        CsrGraphView v = CsrGraphView.directed(g);
        assertEquals(Set.of(0L, 1L), v.getAllEdges(0, 1));
        assertEquals(Set.of(), v.getAllEdges(1, 0));
        assertNull(v.getAllEdges(0, 7));
    }

    @Test
    void mutatorsThrow() {
        CsrGraphView v = CsrGraphView.directed(directedSample());
        assertThrows(UnsupportedOperationException.class, () -> v.addVertex(9));
        assertThrows(UnsupportedOperationException.class, () -> v.addEdge(0, 2));
        assertThrows(UnsupportedOperationException.class, () -> v.removeEdge(0L));
        assertThrows(UnsupportedOperationException.class, () -> v.removeVertex(0));
        assertThrows(UnsupportedOperationException.class, () -> v.setEdgeWeight(0L, 2));
        assertThrows(UnsupportedOperationException.class, () -> v.vertexSet().clear());
        assertThrows(UnsupportedOperationException.class, () -> v.edgeSet().add(3L));
    }

    @Test
    void undirectedViewHasOneEdgePerPair() {
        CsrGraph g = new CsrBuilder(4).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).addEdge(3, 3).build();
        CsrGraphView v = CsrGraphView.undirected(g);
        assertTrue(v.getType().isUndirected());
        // Stored: 0 -> [1] (0), 1 -> [0, 2] (1, 2), 2 -> [1] (3), 3 -> [3] (4); canonical copies 0, 2, 4.
        assertEquals(Set.of(0L, 2L, 4L), v.edgeSet());
        assertEquals(3, v.edgeSet().size());
        assertEquals(Set.of(0L, 2L), v.edgesOf(1));
        assertEquals(0L, v.getEdge(1, 0));
        assertEquals(0L, v.getEdge(0, 1));
        assertFalse(v.containsEdge(1L), "the copy (1, 0) is not an edge of the view");
        for (long e : v.edgeSet()) {
            assertTrue(v.getEdgeSource(e) <= v.getEdgeTarget(e));
        }
        assertEquals(2, v.degreeOf(1));
        assertEquals(2, v.degreeOf(3), "JGraphT counts a self-loop twice");
        assertThrows(IllegalArgumentException.class, () -> CsrGraphView.undirected(directedSample()));
    }

    @Test
    void connectivityMatchesTheKnownComponents() {
        CsrGraphView v = CsrGraphView.directed(directedSample());
        Set<Set<Integer>> scc = new HashSet<>(new KosarajuStrongConnectivityInspector<>(v).stronglyConnectedSets());
        assertEquals(Set.of(Set.of(0, 1, 2), Set.of(3, 4), Set.of(5)), scc);
        Set<Set<Integer>> weak = new HashSet<>(new ConnectivityInspector<>(v).connectedSets());
        assertEquals(Set.of(Set.of(0, 1, 2, 3, 4), Set.of(5)), weak);
    }

    @Test
    void shortestPathsMatchHandComputedDistances() {
        CsrGraphView v = CsrGraphView.directed(directedSample());
        var dijkstra = new DijkstraShortestPath<>(v).getPaths(0);
        // 0->1: 1; 0->1->2: 3; 0->1->2->3: 4 (beats the shortcut 10); then ->4: 5.
        assertEquals(List.of(0.0, 1.0, 3.0, 4.0, 5.0), List.of(0, 1, 2, 3, 4).stream().map(dijkstra::getWeight).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), dijkstra.getPath(4).getVertexList());
        assertEquals(Double.POSITIVE_INFINITY, dijkstra.getWeight(5));
        var bfs = new BFSShortestPath<>(v).getPaths(0);
        // Hops: 1 -> 1, 2 -> 2, 3 -> 1 (the shortcut), 4 -> 2.
        assertEquals(List.of(1, 2, 1, 2), List.of(1, 2, 3, 4).stream().map(t -> bfs.getPath(t).getLength()).toList());
    }

    @Test
    void clusteringCoefficientOfTriangleWithPendant() {
        ClusteringCoefficient<Integer, Long> cc = new ClusteringCoefficient<>(CsrGraphView.undirected(trianglePendant()));
        // Local: 1, 1, 1/3 (one link among 0, 1, 3), 0. Global: 3 x 1 triangle / 5 connected triples.
        Map<Integer, Double> local = cc.getScores();
        assertEquals(1.0, local.get(0), 1e-12);
        assertEquals(1.0, local.get(1), 1e-12);
        assertEquals(1.0 / 3, local.get(2), 1e-12);
        assertEquals(0.0, local.get(3), 1e-12);
        assertEquals(7.0 / 12, cc.getAverageClusteringCoefficient(), 1e-12);
        assertEquals(3.0 / 5, cc.getGlobalClusteringCoefficient(), 1e-12);
    }

    @Test
    void betweennessOfAStarCentre() {
        CsrGraph star = new CsrBuilder(4).addUndirectedEdge(0, 1).addUndirectedEdge(0, 2).addUndirectedEdge(0, 3).build();
        Map<Integer, Double> b = new BetweennessCentrality<>(CsrGraphView.undirected(star)).getScores();
        // The centre lies on the one shortest path of each of the C(3, 2) = 3 leaf pairs.
        assertEquals(Map.of(0, 3.0, 1, 0.0, 2, 0.0, 3, 0.0), b);
    }

    @Test
    void centralityOnTheViewEqualsCentralityOnACopy() {
        CsrGraph g = SbmGenerator.builder().setNumNodes(120).setNumClasses(3).setAverageDegree(6).optNumFeatures(0)
                .optSeed(4).build().generate().graph();
        // Directed: a one-way subset of the edges, weighted, so that PageRank sees dangling nodes and weights.
        CsrBuilder b = new CsrBuilder(g.numNodes());
        for (int u = 0; u < g.numNodes(); u++) {
            for (int w : g.neighbors(u)) {
                if ((u + w) % 3 != 0 && u < w) {
                    b.addEdge(u, w, 1 + (u * w) % 5);
                }
            }
        }
        CsrGraphView directed = CsrGraphView.directed(b.build());
        Graph<Integer, Long> copy = copy(directed, new DirectedWeightedPseudograph<>(Long.class));
        assertClose(new PageRank<>(copy).getScores(), new PageRank<>(directed).getScores());
        assertClose(new BetweennessCentrality<>(copy).getScores(), new BetweennessCentrality<>(directed).getScores());

        CsrGraphView undirected = CsrGraphView.undirected(g);
        Graph<Integer, Long> ucopy = copy(undirected, new SimpleWeightedGraph<>(Long.class));
        assertClose(new BetweennessCentrality<>(ucopy).getScores(), new BetweennessCentrality<>(undirected).getScores());
        assertClose(new ClusteringCoefficient<>(ucopy).getScores(), new ClusteringCoefficient<>(undirected).getScores());
        assertEquals(new ConnectivityInspector<>(ucopy).connectedSets().stream().map(HashSet::new).collect(Collectors.toSet()),
                new ConnectivityInspector<>(undirected).connectedSets().stream().map(HashSet::new).collect(Collectors.toSet()));
    }

    private static Graph<Integer, Long> copy(Graph<Integer, Long> from, Graph<Integer, Long> to) {
        from.vertexSet().forEach(to::addVertex);
        for (long e : from.edgeSet()) {
            to.addEdge(from.getEdgeSource(e), from.getEdgeTarget(e), e);
            to.setEdgeWeight(e, from.getEdgeWeight(e));
        }
        return to;
    }

    private static void assertClose(Map<Integer, Double> expected, Map<Integer, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        double sum = 0;
        for (var en : expected.entrySet()) {
            assertEquals(en.getValue(), actual.get(en.getKey()), 1e-9, "vertex " + en.getKey());
            sum += en.getValue();
        }
        assertTrue(sum > 0, "scores are not all zero");
    }
}
