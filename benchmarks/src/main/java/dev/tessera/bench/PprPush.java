package dev.tessera.bench;

import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.CsrGraph;
import dev.tessera.ppr.PersonalizedPageRank;
import dev.tessera.ppr.PprResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward-push personalized PageRank of every node, top-32 kept ({@link PersonalizedPageRank}), on a dataset
 * given by name or path (default: the shared cora and tolokers folders beside the repository). The same
 * measurement as {@code ./tessera bench ppr}, under JMH. Run:
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * java --sun-misc-unsafe-memory-access=allow -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" \
 *      org.openjdk.jmh.Main PprPush -f 1 -wi 3 -i 5 -p eps=1e-4 -p threads=1,2
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class PprPush {
    /** A dataset name or path. */
    @Param({"../shared/data/cora", "../shared/data/tolokers"})
    public String dataset;
    /** Push tolerance. */
    @Param({"1e-4"})
    public double eps;
    /** Worker threads. */
    @Param({"2"})
    public int threads;

    private CsrGraph graph;
    private PersonalizedPageRank push;

    /** Loads the graph once per trial. */
    @Setup
    public void setUp() {
        graph = DatasetLoader.builder().build().load(dataset).graph();
        push = PersonalizedPageRank.builder().setAlpha(0.15).optEpsilon(eps).optTopK(32).optThreads(threads).build();
    }

    /** @return the top-32 of every node */
    @Benchmark
    public PprResult allNodesTop32() {
        return push.compute(graph);
    }
}
