package dev.tessera.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * STREAM-like memory bandwidth (McCalpin's STREAM kernels) over float arrays far larger than the caches
 * (default 3 x 32 Mi floats = 3 x 128 MiB), split over T threads in contiguous halves:
 * <ul>
 *   <li>{@code copy}: c[i] = a[i], 8 bytes per element (read a, write c);</li>
 *   <li>{@code triad}: a[i] = b[i] + s·c[i], 12 bytes per element.</li>
 * </ul>
 * As in STREAM, write-allocate traffic is not counted: GB/s = elements · bytes per element / time. The arrays
 * are touched once in set-up, so page faults are not timed. Run:
 * <pre>
 * java --sun-misc-unsafe-memory-access=allow -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" \
 *      org.openjdk.jmh.Main StreamBench -f 1 -wi 3 -i 10
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Benchmark)
public class StreamBench {
    /** Elements per array. */
    @Param("33554432")
    public int length;
    /** T. */
    @Param({"1", "2"})
    public int threads;

    float[] a;
    float[] b;
    float[] c;
    ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        a = new float[length];
        b = new float[length];
        c = new float[length];
        java.util.Arrays.fill(a, 1f);
        java.util.Arrays.fill(b, 2f);
        java.util.Arrays.fill(c, 0.5f);
        pool = Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    private interface Range {
        void run(int from, int to);
    }

    private void parallel(Range r) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) length * t / threads);
            int to = (int) ((long) length * (t + 1) / threads);
            fs.add(pool.submit(() -> r.run(from, to)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    /**
     * @return c
     * @throws Exception when a worker fails
     */
    @Benchmark
    public float[] copy() throws Exception {
        parallel((from, to) -> System.arraycopy(a, from, c, from, to - from));
        return c;
    }

    /**
     * @return a
     * @throws Exception when a worker fails
     */
    @Benchmark
    public float[] triad() throws Exception {
        float s = 3f;
        parallel((from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = b[i] + s * c[i];
            }
        });
        return a;
    }
}
