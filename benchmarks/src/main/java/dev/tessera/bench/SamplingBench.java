package dev.tessera.bench;

import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.GraphDataset;
import dev.tessera.sampling.BatchIterator;
import dev.tessera.sampling.NeighborSampler;
import dev.tessera.sampling.SampledBatch;
import dev.tessera.sampling.SubgraphEdges;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Neighbour-sampling throughput in batches per second: {@link NeighborSampler} with fan-outs 15, 10 and 1,024 seeds
 * per batch on a generated SBM graph (default 1,000,000 nodes, average degree 20 so 20,000,000 stored directed
 * edges, 64 float32 features), sampling in-neighbours (the transpose is built in set-up). Each invocation draws
 * {@value #BATCHES} batches of a fresh epoch through a {@link BatchIterator} with {@code threads} background
 * threads, features and labels gathered, for both kinds of batch graph ({@link SubgraphEdges}).
 *
 * <p>Run (about 5 minutes on 2 cores):
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * flock /tmp/tessera-bench.lock java --sun-misc-unsafe-memory-access=allow \
 *      -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main SamplingBench
 * </pre>
 * Smaller graphs: {@code -p nodes=100000}.
 *
 * <p>Measured once (2026-11-29, 2 shared cores, JDK 25; medians of 5, batches/s): INDUCED 4.06 on 1 thread, 7.07
 * on 2; SAMPLED 15.5 on 1, 31.3 on 2. See docs/benchmarks.md, section "Neighbour sampling".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class SamplingBench {
    /** Batches drawn per invocation. */
    public static final int BATCHES = 16;
    private static final int BATCH_SIZE = 1024;

    /** N. */
    @Param("1000000")
    public int nodes;
    /** D: E = N·D stored directed edges. */
    @Param("20")
    public double degree;
    /** Background sampling threads. */
    @Param({"1", "2"})
    public int threads;
    /** Which edges a batch's graph holds. */
    @Param({"INDUCED", "SAMPLED"})
    public SubgraphEdges edges;

    private NeighborSampler sampler;
    private int[] train;
    private long epoch;

    /** Generates the graph, builds the sampler and its transpose, and prints the mean batch size. */
    @Setup(Level.Trial)
    public void setUp() {
        GraphDataset ds = SbmGenerator.builder().setNumNodes(nodes).setNumClasses(10).setAverageDegree(degree)
                .optNumFeatures(64).optSeed(1).build().generate();
        sampler = NeighborSampler.builder().setDataset(ds).setFanouts(15, 10).optSubgraphEdges(edges).optSeed(3)
                .optThreads(threads).build();
        // BATCHES batches' worth of training nodes per epoch, so an invocation is one epoch.
        train = Arrays.copyOf(sampler.shuffled(ds.defaultSplit().train(), -1), BATCHES * BATCH_SIZE);
        long k = 0;
        long m = 0;
        for (int i = 0; i < 4; i++) {
            SampledBatch b = sampler.sample(Arrays.copyOfRange(train, i * BATCH_SIZE, (i + 1) * BATCH_SIZE), -2, i);
            k += b.numNodes();
            m += b.graph().numEdges();
        }
        System.out.printf(Locale.ROOT, "%n%s: mean batch %,d nodes, %,d edges%n", edges, k / 4, m / 4);
    }

    /**
     * @param bh sink for the batches
     */
    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public void sampleEpoch(Blackhole bh) {
        try (BatchIterator it = sampler.batches(train, BATCH_SIZE, epoch++)) {
            while (it.hasNext()) {
                bh.consume(it.next());
            }
        }
    }
}
