package dev.tessera.bench;

import dev.tessera.cache.BinaryCache;
import dev.tessera.cache.DatasetCache;
import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.AtomicFiles;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.ogb.OgbRawReader;
import dev.tessera.io.ogb.OgbRawWriter;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Loading a large generated dataset (SBM, default 1,000,000 nodes, average degree 20 so 20,000,000 stored
 * directed edges, 64 float32 features, 10 classes) by parsing its OGB raw text files ({@link OgbRawReader},
 * gzip-compressed as {@link OgbRawWriter} writes them) versus mapping it from the binary cache
 * ({@link BinaryCache#read}, which checks every section's CRC32C), and through {@link DatasetCache} (fingerprint
 * check, then the same mapping: what a second {@code tessera} run pays).
 *
 * <p>Single-shot: each iteration is one cold-in-the-JVM, warm-in-the-page-cache load. Each benchmark's state
 * generates the dataset once per fork and writes only the files it needs to a temporary folder, deleted at the
 * end. Run (about 5 minutes on 2 cores):
 * <pre>
 * mvn -q -o -DskipTests package -pl benchmarks -am
 * java --sun-misc-unsafe-memory-access=allow -cp "benchmarks/target/tessera-benchmarks.jar:benchmarks/target/lib/*" \
 *      org.openjdk.jmh.Main CacheLoad -f 1 -wi 1 -i 3
 * </pre>
 * Smaller graphs: {@code -p nodes=100000}.
 *
 * <p>Measured once (2026-11-29, 2 shared cores under heavy load, JDK 25, default parameters; medians of 3):
 * parsing the gzip OGB text 19,852 ms; {@code loadBinaryCache} 113 ms (about 176x faster);
 * {@code loadThroughDatasetCache} hit 140 ms (about 142x). The cache file is 335 MB.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class CacheLoad {
    /** The generated dataset's parameters, shared by both states. */
    @State(Scope.Benchmark)
    public static class Params {
        /** N. */
        @Param("1000000")
        public int nodes;
        /** D: E = N·D stored directed edges. */
        @Param("20")
        public double degree;
        /** F. */
        @Param("64")
        public int features;

        GraphDataset generate() {
            return SbmGenerator.builder().setNumNodes(nodes).setNumClasses(10).setAverageDegree(degree)
                    .optNumFeatures(features).optSeed(1).build().generate();
        }
    }

    /** The dataset written in the OGB raw layout, and cached beside it by {@link DatasetCache}. */
    @State(Scope.Benchmark)
    public static class OgbFolder {
        Path root;
        Path folder;
        DatasetCache cache;

        /**
         * @param p the dataset's parameters
         * @throws IOException when the temporary folder cannot be made
         */
        @Setup(Level.Trial)
        public void setUp(Params p) throws IOException {
            root = Files.createTempDirectory("tessera-bench-ogb");
            folder = root.resolve("sbm");
            OgbRawWriter.write(p.generate(), folder);
            cache = DatasetCache.builder().optFallbackDir(root.resolve("fallback")).build();
        }

        /** @throws IOException when the folder cannot be deleted */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            AtomicFiles.deleteRecursively(root);
        }
    }

    /** The dataset written as one binary cache file. */
    @State(Scope.Benchmark)
    public static class CacheFile {
        Path root;
        Path file;

        /**
         * @param p the dataset's parameters
         * @throws IOException when the temporary folder cannot be made
         */
        @Setup(Level.Trial)
        public void setUp(Params p) throws IOException {
            root = Files.createTempDirectory("tessera-bench-cache");
            file = root.resolve("sbm.tessera-cache");
            BinaryCache.write(p.generate(), file);
        }

        /** @throws IOException when the folder cannot be deleted */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            AtomicFiles.deleteRecursively(root);
        }
    }

    /**
     * @param s the OGB folder
     * @return the parsed dataset
     */
    @Benchmark
    public GraphDataset parseOgbText(OgbFolder s) {
        return new OgbRawReader().read(s.folder, DatasetInfo.NONE);
    }

    /**
     * @param s the cache file
     * @return the mapped dataset
     */
    @Benchmark
    public GraphDataset loadBinaryCache(CacheFile s) {
        return BinaryCache.read(s.file);
    }

    /**
     * The first call (the warm-up iteration) parses and writes {@code processed/tessera.cache}; measured
     * iterations are hits.
     *
     * @param s the OGB folder
     * @return the dataset
     */
    @Benchmark
    public GraphDataset loadThroughDatasetCache(OgbFolder s) {
        return s.cache.load(s.folder, new OgbRawReader(), DatasetInfo.NONE, null, Progress.NONE);
    }
}
