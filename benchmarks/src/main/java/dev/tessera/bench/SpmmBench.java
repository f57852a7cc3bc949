package dev.tessera.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.CsrGraph;
import dev.tessera.sparse.SpMM;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sparse x dense Y = A·X on the uniform random graph of {@link UniformGraph} (default N = 200,000 nodes,
 * E = 2,000,000 pairs, weighted) with X of C = 64 float32 columns: Tessera's {@link SpMM} at T threads
 * ({@code tessera}) and DJL 0.36's COO {@code matMul} through the PyTorch engine ({@code djlCoo}; PyTorch's own
 * intra-op threads, 2 on the 2-core machines). Y is allocated once (Tessera); DJL allocates its result per call,
 * as a model would. Memory traffic per product (for GB/s) follows {@link SpMM#bytesMoved}: about 581 MB here.
 * Sample mode: JMH reports the median (p0.50) of the individual products. Compare with {@link StreamBench} and with {@code ../shared/peers/spmm.py --cases random} run in the same
 * session. Run (see docs/benchmarks.md):
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * java --sun-misc-unsafe-memory-access=allow -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" \
 *      org.openjdk.jmh.Main SpmmBench
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC", "--add-modules", "jdk.incubator.vector",
    "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class SpmmBench {
    /** The graph and X, shared by both benchmarks. */
    @State(Scope.Benchmark)
    public static class Problem {
        /** N. */
        @Param("200000")
        public int nodes;
        /** E, pairs drawn (duplicates summed). */
        @Param("2000000")
        public int edges;
        /** C. */
        @Param("64")
        public int cols;

        CsrGraph graph;
        float[] x;

        @Setup(Level.Trial)
        public void setUp() {
            graph = UniformGraph.generate(nodes, edges, 0);
            x = UniformGraph.matrix(nodes, cols, 1);
        }
    }

    /** Tessera's operator and its reused output. */
    @State(Scope.Benchmark)
    public static class Tessera {
        /** T. */
        @Param({"1", "2"})
        public int threads;

        SpMM spmm;
        float[] y;

        @Setup(Level.Trial)
        public void setUp(Problem p) {
            spmm = SpMM.builder().setGraph(p.graph).optThreads(threads).build();
            y = new float[p.nodes * p.cols];
            System.out.println("# kernel " + spmm.kernelName() + ", stored edges " + p.graph.numEdges());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            spmm.close();
        }
    }

    /** A and X as DJL PyTorch tensors (A as a sparse COO tensor). */
    @State(Scope.Benchmark)
    public static class Djl {
        NDManager manager;
        NDArray a;
        NDArray x;

        @Setup(Level.Trial)
        public void setUp(Problem p) {
            manager = NDManager.newBaseManager("PyTorch");
            CsrGraph g = p.graph;
            int e = Math.toIntExact(g.numEdges());
            long[][] indices = new long[2][e];
            for (int u = 0; u < g.numNodes(); u++) {
                for (long k = g.rowStart(u); k < g.rowEnd(u); k++) {
                    indices[0][(int) k] = u;
                    indices[1][(int) k] = g.target(k);
                }
            }
            a = GraphTensors.sparseCoo(manager, indices, g.weightArray(), new Shape(p.nodes, p.nodes));
            x = manager.create(p.x, new Shape(p.nodes, p.cols));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
        }
    }

    /**
     * @param p the problem
     * @param t the operator
     * @return Y (so that the work is not dropped)
     */
    @Benchmark
    public float[] tessera(Problem p, Tessera t) {
        t.spmm.multiply(p.x, p.cols, t.y);
        return t.y;
    }

    /**
     * @param d the tensors
     * @return a checksum entry of Y (the result is freed at once)
     */
    @Benchmark
    public float djlCoo(Djl d) {
        try (NDArray y = d.a.matMul(d.x)) {
            return y.getFloat(0, 0);
        }
    }
}
