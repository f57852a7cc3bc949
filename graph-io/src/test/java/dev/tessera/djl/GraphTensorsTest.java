package dev.tessera.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTensorsTest {
    private static final float[] X = {1f, 2f, 3f, 4f, 5f, 6f};

    private static GraphDataset triangle() {
        CsrGraph g = new CsrBuilder(3).addEdge(0, 1).addEdge(1, 2).addEdge(2, 0).addEdge(0, 2).build();
        return GraphDataset.builder().setName("t").setGraph(g).optFeatures(NodeFeatures.of(X, 3, 2))
                .optLabels(new int[] {0, 1, -1}, List.of("a", "b")).build();
    }

    @Test
    void featuresLabelsAndEdgeIndexMatchTheDataset() {
        GraphDataset ds = triangle();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = GraphTensors.features(m, ds.features());
            assertEquals(new Shape(3, 2), x.getShape());
            assertArrayEquals(X, x.toFloatArray());
            assertArrayEquals(new long[] {0, 1, -1}, GraphTensors.labels(m, ds).toLongArray());
            NDArray ei = GraphTensors.edgeIndex(m, ds.graph());
            assertEquals(new Shape(2, 4), ei.getShape());
            // CSR order: row 0 has targets 1, 2; row 1 has 2; row 2 has 0.
            assertArrayEquals(new long[] {0, 0, 1, 2, 1, 2, 2, 0}, ei.toLongArray());
            NDArray w = GraphTensors.edgeWeights(m, ds.graph());
            assertEquals(DataType.FLOAT32, w.getDataType());
            assertArrayEquals(new float[] {1, 1, 1, 1}, w.toFloatArray());
        }
    }

    @Test
    void weightedEdgesAndRoundTripOfFeatures() {
        CsrGraph g = new CsrBuilder(2).addEdge(0, 1, 0.5f).addEdge(1, 0, 2f).build();
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new float[] {0.5f, 2f}, GraphTensors.edgeWeights(m, g).toFloatArray());
            NodeFeatures back = GraphTensors.toFeatures(GraphTensors.features(m, NodeFeatures.of(X, 3, 2)).mul(2));
            assertEquals(3, back.rows());
            assertEquals(12f, back.get(2, 1));
        }
    }
}
