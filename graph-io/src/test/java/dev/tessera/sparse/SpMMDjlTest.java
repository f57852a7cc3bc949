package dev.tessera.sparse;

import static dev.tessera.sparse.RandomGraphs.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.CsrGraph;
import org.junit.jupiter.api.Test;

/** Tessera's SpMM against DJL's PyTorch engine: COO sparse matMul and dense matMul of the adjacency. */
class SpMMDjlTest {
    private static final int N = 150;
    private static final int C = 40;

    @Test
    void agreesWithDjlCooAndDenseMatMul() {
        CsrGraph g = RandomGraphs.uniform(N, 1200, true, 31);
        float[] x = RandomGraphs.matrix(N, C, 32);
        float[] y = new float[N * C];
        float[] yt = new float[N * C];
        try (SpMM s = SpMM.builder().setGraph(g).optThreads(2).build()) {
            s.multiply(x, C, y);
            s.multiplyTransposed(x, C, yt);
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            long[] ei = GraphTensors.edgeIndex(m, g).toLongArray();
            int e = ei.length / 2;
            long[][] indices = {java.util.Arrays.copyOf(ei, e), java.util.Arrays.copyOfRange(ei, e, 2 * e)};
            float[] w = g.weightArray();
            NDArray a = GraphTensors.sparseCoo(m, indices, w, new Shape(N, N));
            NDArray xs = m.create(x, new Shape(N, C));
            assertClose(a.matMul(xs).toFloatArray(), y, 1e-5, "DJL COO matMul");
            NDArray dense = a.toDense();
            assertClose(dense.matMul(xs).toFloatArray(), y, 1e-5, "DJL dense matMul");
            assertClose(dense.transpose().matMul(xs).toFloatArray(), yt, 1e-5, "DJL dense transposed matMul");
        }
    }
}
