package dev.tessera.bench;

import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.CsrGraph;
import dev.tessera.ordering.NodeOrderer;
import dev.tessera.ordering.Ordering;
import dev.tessera.ordering.Orderings;
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
 * Time to compute each node ordering of {@link Orderings} ({@code Orderings.byName(ordering).order(graph)}, seed
 * 0) on a generated SBM graph: default 1,000,000 nodes, average degree 10 (10,000,000 stored directed edges, both
 * directions of each undirected edge), 10 classes, homophily at the generator's default, no features. Every
 * ordering but {@code natural} and {@code random} first symmetrizes the graph (A + A<sup>T</sup>, loops removed),
 * and that is part of the time, as it is for a caller. Single-shot iterations: each computes one ordering.
 *
 * <p>Run (about 3 minutes on 2 cores):
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * flock /tmp/tessera-bench.lock java --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow \
 *      -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" org.openjdk.jmh.Main OrderingBench
 * </pre>
 * Smaller graphs: {@code -p nodes=100000}; a subset: {@code -p ordering=rcm,community}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class OrderingBench {
    /** N. */
    @Param("1000000")
    public int nodes;
    /** D: E = N·D stored directed edges. */
    @Param("10")
    public double degree;
    /** The ordering's name, as {@link Orderings#byName(String)} takes it. */
    @Param({"natural", "random", "degree", "bfs", "rcm", "community"})
    public String ordering;

    private CsrGraph graph;
    private NodeOrderer orderer;

    /** Generates the graph once per trial. */
    @Setup
    public void setUp() {
        graph = SbmGenerator.builder().setNumNodes(nodes).setNumClasses(10).setAverageDegree(degree)
                .optNumFeatures(0).optSeed(1).build().generate().graph();
        orderer = Orderings.byName(ordering);
    }

    /** @return the ordering */
    @Benchmark
    public Ordering order() {
        return orderer.order(graph);
    }
}
