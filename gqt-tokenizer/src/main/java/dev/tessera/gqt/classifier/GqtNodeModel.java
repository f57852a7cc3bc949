package dev.tessera.gqt.classifier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.gqt.sequence.PprSequences;
import dev.tessera.train.NodeModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The GQT classifier on one graph's tokens, as the training loop sees it ({@link NodeModel}): each call builds the
 * requested nodes' sequences ({@link TokenBatch}) and runs {@link GqtClassifier} on them. Sequences are independent,
 * so the trainer's mini-batches of target nodes bound the memory whatever the graph's size; the quantized vectors
 * [N, D] and the sequences [N, S] are the only per-node state.
 */
public final class GqtNodeModel implements NodeModel {
    /** Default seed of the parameter initialization. */
    public static final long DEFAULT_SEED = 0;

    private final NDManager manager;
    private final GqtClassifier classifier;
    private final TokenSet tokens;
    private final int[] codes;
    private final PprSequences sequences;
    private final NDArray quantized;
    private final List<Parameter> parameters;

    private GqtNodeModel(Builder b) {
        TokenSet t = b.tokens;
        if (b.sequences.numNodes() != t.nodes()) {
            throw new TesseraException("sequences cover " + b.sequences.numNodes() + " nodes, tokens " + t.nodes());
        }
        GqtClassifierConfig c = b.config;
        if (c.levels() != t.levels() || c.codebookSize() != t.codebookSize() || c.codeDim() != t.dim()
                || c.sequenceLength() != b.sequences.length()) {
            throw new TesseraException("classifier config " + c + " does not match tokens [" + t.nodes() + ", "
                    + t.levels() + "] of " + t.codebookSize() + " codes x " + t.dim() + " and sequences of length "
                    + b.sequences.length());
        }
        this.manager = b.device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(b.device);
        try {
            this.tokens = t;
            this.codes = t.tokens();
            this.sequences = b.sequences;
            this.classifier = new GqtClassifier(c);
            Engine.getInstance().setRandomSeed((int) (b.seed ^ (b.seed >>> 32)));
            classifier.initialize(manager, c.codebookInit() ? t.codebooks() : null);
            this.parameters = List.copyOf(classifier.namedParameters().values());
            this.quantized = manager.create(t.quantized(), new Shape(t.nodes(), t.dim()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return a builder; {@code setTokens}, {@code setSequences} and {@code setConfig} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network */
    public GqtClassifier classifier() {
        return classifier;
    }

    /** @return the sequences */
    public PprSequences sequences() {
        return sequences;
    }

    /** @return the tokens */
    public TokenSet tokens() {
        return tokens;
    }

    /** @return the parameters by stable name, in the order of {@link #parameters()} */
    public Map<String, Parameter> namedParameters() {
        return classifier.namedParameters();
    }

    /** @return the number of trainable scalars */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.getArray().size();
        }
        return n;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public NDArray logits(ParameterStore store, NDManager callManager, int[] nodes, boolean training) {
        Objects.requireNonNull(callManager, "manager");
        return logits(store, callManager, TokenBatch.of(sequences, codes, tokens.levels(), tokens.codebookSize(), nodes),
                training);
    }

    /**
     * @param store parameter values
     * @param callManager the call's manager; the result is attached to it
     * @param batch the inputs (e.g. with altered padding, for tests)
     * @param training whether dropout is on
     * @return float32 [B, C]
     */
    public NDArray logits(ParameterStore store, NDManager callManager, TokenBatch batch, boolean training) {
        Device device = quantized.getDevice();
        NDArray ids = batch.nodeIds(callManager).toDevice(device, false);
        NDArray q = quantized.get(new NDIndex("{}", ids));
        q.attach(callManager);
        q = q.reshape(batch.batch(), batch.length(), tokens.dim());
        NDArray out = classifier.forward(store, batch.codes(callManager).toDevice(device, false), q,
                batch.weights(callManager).toDevice(device, false), batch.mask(callManager).toDevice(device, false),
                training);
        out.attach(callManager);
        return out;
    }

    @Override
    public int numClasses() {
        return classifier.config().numClasses();
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Builds a {@link GqtNodeModel}. */
    public static final class Builder {
        private TokenSet tokens;
        private PprSequences sequences;
        private GqtClassifierConfig config;
        private long seed = DEFAULT_SEED;
        private Device device;

        private Builder() {
        }

        /** @param tokens the graph's tokens (required) @return this */
        public Builder setTokens(TokenSet tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** @param sequences every node's PPR sequence (required) @return this */
        public Builder setSequences(PprSequences sequences) {
            this.sequences = Objects.requireNonNull(sequences, "sequences");
            return this;
        }

        /** @param config the architecture, matching the tokens and sequences (required) @return this */
        public Builder setConfig(GqtClassifierConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @param seed seeds the parameters (default {@value GqtNodeModel#DEFAULT_SEED}) @return this */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param device where the tensors live (default: the engine's default device) @return this */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /** @return the model, parameters initialized */
        public GqtNodeModel build() {
            Objects.requireNonNull(tokens, "setTokens is required");
            Objects.requireNonNull(sequences, "setSequences is required");
            Objects.requireNonNull(config, "setConfig is required");
            return new GqtNodeModel(this);
        }
    }
}
