package dev.tessera.gqt.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.gqt.encoder.EncoderInput;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.gqt.rvq.ResidualVectorQuantizer;
import dev.tessera.gqt.rvq.RvqOutput;
import dev.tessera.gqt.rvq.RvqState;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.io.safetensors.SafetensorsDtype;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.io.safetensors.SafetensorsWriter;
import dev.tessera.nn.GraphContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained GQT tokenizer: the encoder (with the training heads) and the RVQ codebooks. {@link #tokenize} maps the
 * nodes of a graph with the same feature width to K code indices each:
 *
 * <pre>  Z = encoder(G, X)  (no dropout),   tokens = RVQ(Z)  (frozen codebooks)</pre>
 *
 * so the tokens of an updated graph (new edges, new nodes, changed features) use the trained codebooks. Saved as one
 * safetensors file ({@value #FILE}): tensors {@code net.<parameter>} (float32), {@code rvq.codebooks}
 * [K, C, d], {@code rvq.cluster_sizes} [K, C], {@code rvq.embed_sums} [K, C, d]; metadata {@code format},
 * {@code input_size}, {@code codebook_size} and every configuration field as {@code config.<name>}.
 *
 * <p>Holds native memory: close it.
 */
public final class GqtTokenizer implements AutoCloseable {
    public static final String FILE = "tokenizer.safetensors";
    public static final String FORMAT = "tessera-gqt-tokenizer/1";

    private final GqtConfig config;
    private final int codebookSize;
    private final NDManager manager;
    private final GqtNetwork network;
    private final ResidualVectorQuantizer rvq;
    private final ParameterStore store;

    /** Builds an untrained tokenizer: parameters initialized from the engine's generator seeded with the config's seed. */
    GqtTokenizer(GqtConfig config, int inputSize, int codebookSize, NDManager parent) {
        this.config = config;
        this.codebookSize = codebookSize;
        this.manager = parent.newSubManager();
        this.network = new GqtNetwork(config, inputSize);
        manager.getEngine().setRandomSeed((int) config.seed());
        network.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
        this.rvq = ResidualVectorQuantizer.builder().setLevels(config.levels()).setCodebookSize(codebookSize)
            .setDim(config.dim()).optDecay(config.codebookDecay()).optCommitmentWeight(config.commitmentWeight())
            .optDeadCodeThreshold(GqtConfig.DEAD_CODE_THRESHOLD)
            .optSeed(config.seed()).build();
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Tokenizes every node of a dataset.
     *
     * @throws TesseraException when the feature width differs from the trained one
     */
    public TokenSet tokenize(GraphDataset dataset) {
        return tokenize(dataset.graph(), dataset.features());
    }

    /**
     * Tokenizes every node of a graph.
     *
     * @param graph    the graph (the same or an updated one)
     * @param features [N, F], F the trained feature width
     * @throws TesseraException when the feature width differs from the trained one
     */
    public TokenSet tokenize(CsrGraph graph, NodeFeatures features) {
        if (features.cols() != network.inputSize()) {
            throw new TesseraException("the tokenizer was trained on " + network.inputSize() + " features, the graph has "
                + features.cols());
        }
        if (!rvq.isInitialized()) {
            throw new IllegalStateException("the tokenizer is not trained");
        }
        try (NDManager m = manager.newSubManager(); GraphContext ctx = GraphContext.of(graph, m)) {
            NDArray x = GraphTensors.features(m, features);
            NDArray z = network.encode(store, ctx, EncoderInput.of(features, x), m, false).stopGradient();
            RvqOutput out = rvq.quantize(z, false, false);
            return TokenSet.of(rvq, out);
        }
    }

    /** Writes the tokenizer to {@code file} (atomically). */
    public void save(Path file) {
        SafetensorsWriter w = new SafetensorsWriter();
        network.namedParameters().forEach((name, p) -> {
            NDArray a = p.getArray();
            w.addFloat32("net." + name, a.toFloatArray(), a.getShape().getShape());
        });
        RvqState s = rvq.state();
        int k = config.levels();
        int d = config.dim();
        w.addFloat32("rvq.codebooks", concat(s.codebooks()), k, codebookSize, d);
        w.addFloat32("rvq.cluster_sizes", concat(s.clusterSizes()), k, codebookSize);
        w.addFloat32("rvq.embed_sums", concat(s.embedSums()), k, codebookSize, d);
        w.putMetadata("format", FORMAT);
        w.putMetadata("input_size", Integer.toString(network.inputSize()));
        w.putMetadata("codebook_size", Integer.toString(codebookSize));
        config.toMap().forEach((key, v) -> w.putMetadata("config." + key, v));
        w.write(file);
    }

    /**
     * Reads a tokenizer written by {@link #save}.
     *
     * @param file    the safetensors file
     * @param manager where its parameters live (a sub-manager is made; close the tokenizer to free it)
     * @throws TesseraException when the file is not a GQT tokenizer or does not match its own configuration
     */
    public static GqtTokenizer load(Path file, NDManager manager) {
        SafetensorsReader r = SafetensorsReader.read(file);
        Map<String, String> meta = r.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new TesseraException(file + ": not a GQT tokenizer (format " + meta.get("format") + ", expected "
                + FORMAT + ")");
        }
        Map<String, String> cfg = new LinkedHashMap<>();
        meta.forEach((key, v) -> {
            if (key.startsWith("config.")) {
                cfg.put(key.substring("config.".length()), v);
            }
        });
        GqtConfig config = GqtConfig.fromMap(cfg);
        int inputSize;
        int codebookSize;
        try {
            inputSize = Integer.parseInt(meta.getOrDefault("input_size", ""));
            codebookSize = Integer.parseInt(meta.getOrDefault("codebook_size", ""));
        } catch (NumberFormatException e) {
            throw new TesseraException(file + ": malformed input_size or codebook_size metadata", e);
        }
        GqtTokenizer t = new GqtTokenizer(config, inputSize, codebookSize, manager);
        try {
            for (Map.Entry<String, Parameter> e : t.network.namedParameters().entrySet()) {
                NDArray a = e.getValue().getArray();
                float[] v = tensor(r, file, "net." + e.getKey(), a.getShape().getShape()).toFloatArray();
                a.set(v);
            }
            int k = config.levels();
            int d = config.dim();
            float[] books = tensor(r, file, "rvq.codebooks", new long[] {k, codebookSize, d}).toFloatArray();
            float[] sizes = tensor(r, file, "rvq.cluster_sizes", new long[] {k, codebookSize}).toFloatArray();
            float[] sums = tensor(r, file, "rvq.embed_sums", new long[] {k, codebookSize, d}).toFloatArray();
            t.rvq.restore(new RvqState(split(books, k), split(sizes, k), split(sums, k), true));
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static SafetensorsTensor tensor(SafetensorsReader r, Path file, String name, long[] shape) {
        SafetensorsTensor t = r.tensors().get(name);
        if (t == null) {
            throw new TesseraException(file + ": no tensor '" + name + "'");
        }
        if (t.dtype() != SafetensorsDtype.F32 || !Arrays.equals(t.shape(), shape)) {
            throw new TesseraException(file + ": tensor '" + name + "' is " + t.dtype() + " "
                + Arrays.toString(t.shape()) + ", expected F32 " + Arrays.toString(shape));
        }
        return t;
    }

    private static float[] concat(float[][] parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    private static float[][] split(float[] all, int k) {
        int len = all.length / k;
        float[][] out = new float[k][];
        for (int i = 0; i < k; i++) {
            out[i] = Arrays.copyOfRange(all, i * len, (i + 1) * len);
        }
        return out;
    }

    /** @return the configuration it was trained with */
    public GqtConfig config() {
        return config;
    }

    /** @return C, codes per level */
    public int codebookSize() {
        return codebookSize;
    }

    /** @return K */
    public int levels() {
        return config.levels();
    }

    /** @return F, the feature width it accepts */
    public int inputSize() {
        return network.inputSize();
    }

    /** @return the trained modules (for inspection and the trainer) */
    public GqtNetwork network() {
        return network;
    }

    /** @return the quantizer */
    public ResidualVectorQuantizer quantizer() {
        return rvq;
    }

    NDManager manager() {
        return manager;
    }

    ParameterStore store() {
        return store;
    }

    @Override
    public void close() {
        manager.close();
    }
}
