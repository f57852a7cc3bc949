package dev.tessera.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.djl.Propagation;
import dev.tessera.graph.CsrGraph;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
 * Propagation with gradients through DJL 0.36's PyTorch engine (CPU): one forward {@code Y = Â·X} and one backward
 * {@code dX = Âᵀ·dY} (for the loss {@code sum(Y ∘ dY)}, dY fixed and random) on a uniform random graph (default
 * N = 200,000 nodes, E = 2,000,000 pairs drawn uniformly with a fixed seed, weights U(0, 1), repeated pairs summed:
 * {@link UniformGraph}, the SpMM benchmarks' graph), X float32 [N, 64] of U(-1, 1). The formulations:
 *
 * <ul>
 *   <li>{@code sparseMatMul}: {@link Propagation} with its default kernel: a PyTorch COO tensor built once (CSR
 *       order, so coalesced), then {@code coo.matMul(x)}; PyTorch's backward multiplies by its transpose</li>
 *   <li>{@code bucketedGather}: {@link Propagation} with {@code Kernel.BUCKETED_GATHER}: rows grouped by degree,
 *       padded gather with a broadcast index, {@code mul}, {@code sum}; backward by PyTorch's scatter-add</li>
 *   <li>{@code gatherCumSum}: {@code X[targets] · w} [E, F], {@code cumSum} along dim 0, then differences at the row
 *       boundaries (float32: its error grows with E; see the setup's printed error)</li>
 * </ul>
 *
 * Each setup prints the formulation's forward max relative error against a double-precision CSR loop. Run:
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * flock /tmp/tessera-bench.lock java --sun-misc-unsafe-memory-access=allow \
 *      -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" \
 *      org.openjdk.jmh.Main PropagationBench -f 1 -wi 2 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class PropagationBench {
    /** N. */
    @Param("200000")
    public int nodes;
    /** E. */
    @Param("2000000")
    public int edges;
    /** F. */
    @Param("64")
    public int cols;
    /** Which formulation. */
    @Param({"sparseMatMul", "bucketedGather", "gatherCumSum"})
    public String method;

    private NDManager manager;
    private NDArray x;
    private NDArray dy;
    private Propagation propagation;
    private UnaryOperator<NDArray> op;

    /** Builds the graph, the inputs and the chosen formulation's prepared tensors; checks its forward error. */
    @Setup(Level.Trial)
    public void setUp() {
        CsrGraph g = UniformGraph.generate(nodes, edges, 42);
        int stored = Math.toIntExact(g.numEdges());
        manager = NDManager.newBaseManager();
        float[] xs = UniformGraph.matrix(nodes, cols, 1);
        x = manager.create(xs, new Shape(nodes, cols));
        x.setRequiresGradient(true);
        dy = manager.create(UniformGraph.matrix(nodes, cols, 2), new Shape(nodes, cols));
        switch (method) {
            case "sparseMatMul", "bucketedGather" -> {
                Propagation.Kernel kernel = method.equals("sparseMatMul")
                        ? Propagation.Kernel.SPARSE_MATMUL : Propagation.Kernel.BUCKETED_GATHER;
                propagation = Propagation.builder().setGraph(g).optKernel(kernel).build(manager);
                op = propagation::propagate;
            }
            case "gatherCumSum" -> {
                long[] targets = new long[stored];
                float[] weights = new float[stored];
                for (int k = 0; k < stored; k++) {
                    targets[k] = g.target(k);
                    weights[k] = g.weight(k);
                }
                NDArray tgt = manager.create(targets);
                NDArray w = manager.create(weights, new Shape(stored, 1));
                long[] start = new long[nodes];
                long[] end = new long[nodes];
                for (int v = 0; v < nodes; v++) {
                    start[v] = g.rowStart(v);
                    end[v] = g.rowEnd(v);
                }
                NDArray s = manager.create(start);
                NDArray t = manager.create(end);
                op = in -> {
                    NDArray c = in.get(tgt).mul(w).cumSum(0);
                    // Row v sums prefix[end] - prefix[start], with a zero row in front for prefix[0].
                    NDArray prefix = in.get(new NDIndex("0:1")).mul(0f).concat(c, 0);
                    return prefix.get(t).sub(prefix.get(s));
                };
            }
            default -> throw new IllegalArgumentException("unknown method " + method);
        }
        double[] ref = new double[nodes * cols];
        for (int v = 0; v < nodes; v++) {
            for (long k = g.rowStart(v); k < g.rowEnd(v); k++) {
                int t = g.target(k);
                double wk = g.weight(k);
                for (int j = 0; j < cols; j++) {
                    ref[v * cols + j] += wk * xs[t * cols + j];
                }
            }
        }
        try (NDManager sub = manager.newSubManager()) {
            x.tempAttach(sub);
            float[] y = op.apply(x).toFloatArray();
            double maxRel = 0;
            for (int i = 0; i < y.length; i++) {
                maxRel = Math.max(maxRel, Math.abs(y[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
            }
            System.out.printf("%n%s: forward max relative error vs double CSR loop %.3g%n", method, maxRel);
        }
    }

    /** Frees every tensor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (propagation != null) {
            propagation.close();
        }
        manager.close();
    }

    /**
     * @return dX's first entry (keeps the work observable)
     */
    @Benchmark
    public float forwardBackward() {
        try (NDManager sub = manager.newSubManager()) {
            // Intermediates, Y and dX live in sub and are freed with it; x returns to the base manager.
            x.tempAttach(sub);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                gc.backward(op.apply(x).mul(dy).sum());
            }
            return x.getGradient().getFloat(0, 0);
        }
    }
}
