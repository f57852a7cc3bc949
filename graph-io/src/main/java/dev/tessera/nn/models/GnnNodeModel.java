package dev.tessera.nn.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nn.GraphContext;
import dev.tessera.sampling.NeighborSampler;
import dev.tessera.sampling.SampledBatch;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Gnn} on one dataset's graph, as the training loop sees it ({@link dev.tessera.train.NodeModel}). It owns
 * the model's manager, the parameters, the float32 feature tensor [N, F] and the whole graph's {@link GraphContext}.
 *
 * <p><b>Full batch</b> (no fan-outs): each {@link #logits} call runs the Gnn over the whole graph and returns the
 * requested rows.
 *
 * <p><b>Mini-batch</b> ({@code optFanouts}): each call samples the requested nodes' in-neighbourhoods with a
 * {@link NeighborSampler} (induced subgraph on the sampled nodes), builds a context for that subgraph in the call's
 * manager, runs the Gnn on it and returns the seed rows. Sampled edges keep their orientation {@code u → v} and the
 * context aggregates at targets, so a seed receives messages from its sampled in-neighbours, as on the full graph.
 * With fan-outs at least the degrees, sum and mean aggregations over L ≤ hops layers give the full-graph logits;
 * GCN's normalization needs each node's full degree, so GCN matches only when the outermost sampled nodes' own
 * neighbours are in too (hops ≥ L + 1), as with any node-wise sampler. Call k (counted from 0 over the model's
 * life) draws the sampler's stream (epoch 0, index k): deterministic given the sample seed and the call sequence.
 */
public final class GnnNodeModel implements dev.tessera.train.NodeModel {
    /** Default seed of the parameter initialization. */
    public static final long DEFAULT_SEED = 0;
    /** Default seed of the neighbour sampler. */
    public static final long DEFAULT_SAMPLE_SEED = 0;

    private final NDManager manager;
    private final Gnn gnn;
    private final NDArray features;
    private final GraphContext context;
    private final NeighborSampler sampler;
    private final AtomicLong calls = new AtomicLong();
    private final List<Parameter> parameters;

    private GnnNodeModel(Builder b) {
        GraphDataset ds = b.dataset;
        if (ds.numFeatures() == 0) {
            throw new TesseraException("dataset " + ds.name() + " has no node features");
        }
        if (b.config.inputSize() != ds.numFeatures()) {
            throw new TesseraException("model config: input size " + b.config.inputSize() + " but dataset "
                    + ds.name() + " has " + ds.numFeatures() + " features");
        }
        this.manager = b.device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(b.device);
        try {
            this.gnn = new Gnn(b.config);
            // The engine takes an int seed: fold the long so seeds differing in the high bits differ.
            Engine.getInstance().setRandomSeed((int) (b.seed ^ (b.seed >>> 32)));
            gnn.initialize(manager, DataType.FLOAT32);
            this.parameters = List.copyOf(gnn.namedParameters().values());
            this.features = GraphTensors.features(manager, ds.features());
            this.context = GraphContext.of(ds.graph(), manager);
            this.sampler = b.fanouts == null ? null
                    : NeighborSampler.builder().setGraph(ds.graph()).setFanouts(b.fanouts).optSeed(b.sampleSeed).build();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return a builder; {@code setDataset} and {@code setConfig} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the network */
    public Gnn gnn() {
        return gnn;
    }

    /** @return the model's manager (parameters, features, the full graph's tensors) */
    public NDManager manager() {
        return manager;
    }

    /** @return whether logits are computed on sampled neighbourhoods */
    public boolean isMiniBatch() {
        return sampler != null;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the parameters by stable name ({@link Gnn#namedParameters()}), in the order of {@link #parameters()} */
    public Map<String, Parameter> namedParameters() {
        return gnn.namedParameters();
    }

    @Override
    public NDArray logits(ParameterStore store, NDManager callManager, int[] nodes, boolean training) {
        Objects.requireNonNull(callManager, "manager");
        if (sampler == null) {
            NDArray index = GraphTensors.nodeIds(callManager, nodes);
            // A view of the features in the call's manager: every op chain starts from it, so the temporaries
            // land in the call's manager, not the model's (the engine attaches results to the first operand's).
            NDArray x = view(features, callManager);
            NDArray all = gnn.forward(store, context, x, training);
            return all.get(new NDIndex("{}", index));
        }
        SampledBatch batch = sampler.sample(nodes, 0, calls.getAndIncrement());
        NDArray local = GraphTensors.nodeIds(callManager, batch.originalIds()).toDevice(features.getDevice(), false);
        NDArray x = features.get(new NDIndex("{}", local));
        x.attach(callManager);
        GraphContext sub = GraphContext.of(batch.graph(), callManager);
        NDArray out = gnn.forward(store, sub, x, training);
        // The subgraph's tensors live in the call's manager, freed with it (backward still needs them).
        return out.get(new NDIndex("0:" + batch.numSeeds()));
    }

    private static NDArray view(NDArray array, NDManager target) {
        NDArray v = array.get(new NDIndex(":"));
        v.attach(target);
        return v;
    }

    @Override
    public int numClasses() {
        return gnn.config().numClasses();
    }

    @Override
    public void close() {
        context.close();
        manager.close();
    }

    /** Builds a {@link GnnNodeModel}. */
    public static final class Builder {
        private GraphDataset dataset;
        private GnnConfig config;
        private long seed = DEFAULT_SEED;
        private Device device;
        private int[] fanouts;
        private long sampleSeed = DEFAULT_SAMPLE_SEED;

        private Builder() {
        }

        /**
         * @param dataset the dataset whose graph and features the model runs on (required)
         * @return this builder
         */
        public Builder setDataset(GraphDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        /**
         * @param config the architecture (required); its input size must equal the dataset's feature width
         * @return this builder
         */
        public Builder setConfig(GnnConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param seed seeds the engine's generator before the parameters are initialized (default
         *     {@value GnnNodeModel#DEFAULT_SEED}); dropout draws from the same generator afterwards
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param device where the model's tensors live (default: the engine's default device)
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * @param fanouts neighbours drawn per node and hop, -1 for all; switches to mini-batch mode (default:
         *     full batch)
         * @return this builder
         */
        public Builder optFanouts(int... fanouts) {
            this.fanouts = fanouts == null ? null : fanouts.clone();
            return this;
        }

        /**
         * @param sampleSeed the neighbour sampler's seed (default {@value GnnNodeModel#DEFAULT_SAMPLE_SEED})
         * @return this builder
         */
        public Builder optSampleSeed(long sampleSeed) {
            this.sampleSeed = sampleSeed;
            return this;
        }

        /**
         * @return the model, parameters initialized
         * @throws TesseraException when the dataset has no features or the config does not fit it
         */
        public GnnNodeModel build() {
            if (dataset == null) {
                throw new IllegalStateException("setDataset is required");
            }
            if (config == null) {
                throw new IllegalStateException("setConfig is required");
            }
            return new GnnNodeModel(this);
        }
    }
}
