package dev.tessera.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The seam between Tessera's plain-Java datasets and DJL tensors: copies a dataset's parts into
 * {@link NDArray}s on the manager's device. Everything else in graph-io stays free of DJL.
 *
 * <ul>
 *   <li>{@link #features}: float32 [N, F]</li>
 *   <li>{@link #labels}: int64 [N], -1 for unlabelled nodes</li>
 *   <li>{@link #edgeIndex}: int64 [2, E], row 0 sources, row 1 targets, in CSR order (PyG's {@code edge_index})</li>
 *   <li>{@link #edgeWeights}: float32 [E] (ones for an unweighted graph)</li>
 *   <li>{@link #nodeIds}: int64 [k], e.g. a split's training nodes</li>
 * </ul>
 */
public final class GraphTensors {
    private GraphTensors() {
    }

    /**
     * @param manager where the tensor lives
     * @param features X [N, F]
     * @return float32 [N, F]
     */
    public static NDArray features(NDManager manager, NodeFeatures features) {
        return manager.create(littleEndian(features.segment()), new Shape(features.rows(), features.cols()), DataType.FLOAT32);
    }

    /**
     * @param manager where the tensor lives
     * @param dataset the dataset
     * @return int64 [N], -1 for unlabelled nodes
     */
    public static NDArray labels(NDManager manager, GraphDataset dataset) {
        return nodeIds(manager, dataset.labels());
    }

    /**
     * @param manager where the tensor lives
     * @param ids node ids
     * @return int64 [k]
     */
    public static NDArray nodeIds(NDManager manager, int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return manager.create(l);
    }

    /**
     * @param manager where the tensor lives
     * @param graph the graph; E must fit one Java array
     * @return int64 [2, E]: sources then targets, in CSR order
     */
    public static NDArray edgeIndex(NDManager manager, CsrGraph graph) {
        int n = graph.numNodes();
        int e = Math.toIntExact(graph.numEdges());
        long[] both = new long[2 * e];
        for (int v = 0; v < n; v++) {
            for (long k = graph.rowStart(v); k < graph.rowEnd(v); k++) {
                both[(int) k] = v;
                both[e + (int) k] = graph.target(k);
            }
        }
        return manager.create(both, new Shape(2, e));
    }

    /**
     * @param manager where the tensor lives
     * @param graph the graph
     * @return float32 [E], ones when the graph is unweighted
     */
    public static NDArray edgeWeights(NDManager manager, CsrGraph graph) {
        int e = Math.toIntExact(graph.numEdges());
        if (!graph.isWeighted()) {
            return manager.ones(new Shape(e), DataType.FLOAT32);
        }
        return manager.create(littleEndian(graph.weightSegment()), new Shape(e), DataType.FLOAT32);
    }

    /**
     * A sparse COO tensor that owns its memory. DJL's {@code createCoo} hands PyTorch views of the Java buffers and
     * closes its index tensor at once; a heap value buffer or a collected index buffer then yields NaN values and
     * out-of-range indices (seen with DJL 0.36 on 2M-entry tensors). So the values go through a direct buffer and
     * the tensor is duplicated into memory PyTorch owns before the buffers can be released.
     *
     * @param manager where the tensor lives
     * @param indices [2][nnz] row and column indices
     * @param values [nnz] values
     * @param shape the dense shape, e.g. (N, N)
     * @return the COO tensor
     */
    public static NDArray sparseCoo(NDManager manager, long[][] indices, float[] values, Shape shape) {
        FloatBuffer direct = ByteBuffer.allocateDirect(Float.BYTES * values.length)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        direct.put(values).flip();
        NDArray view = manager.createCoo(direct, indices, shape);
        NDArray owned = view.duplicate();
        view.close();
        Reference.reachabilityFence(direct);
        Reference.reachabilityFence(indices);
        return owned;
    }

    /** DJL reads direct buffers in native order; copy once into one (the segment may be heap or mapped). */
    private static ByteBuffer littleEndian(MemorySegment segment) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("big-endian hosts are not supported");
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(segment.byteSize())).order(ByteOrder.nativeOrder());
        MemorySegment.ofBuffer(buf).copyFrom(segment);
        return buf;
    }

    /**
     * Copies a float32 tensor back into a feature matrix (e.g. embeddings produced by a model).
     *
     * @param array float32 [N, F]
     * @return the matrix on the heap
     */
    public static NodeFeatures toFeatures(NDArray array) {
        Shape s = array.getShape();
        if (s.dimension() != 2 || array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected float32 [N, F], got " + array.getDataType() + " " + s);
        }
        return NodeFeatures.of(array.toFloatArray(), Math.toIntExact(s.get(0)), Math.toIntExact(s.get(1)));
    }
}
