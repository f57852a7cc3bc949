package dev.tessera.geco.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.layers.NodeSequence;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nn.GraphContext;
import dev.tessera.ordering.Ordering;
import dev.tessera.ordering.Orderings;
import dev.tessera.sampling.NeighborSampler;
import dev.tessera.sampling.SampledBatch;
import dev.tessera.train.NodeModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Geco} classifier on one dataset, as the training loop sees it ({@link NodeModel}).
 *
 * <p><b>Node order.</b> The global blocks read the nodes in a base ordering from graph-io ({@link Orderings}:
 * natural, random, degree, bfs, rcm, community), computed once. With {@code optPermute(true)} every training call
 * instead draws a fresh uniformly random order (augmentation: the model cannot learn anything from positions it
 * will not see again); evaluation always uses the base ordering. The draws come from the engine's generator, which
 * the training loop seeds per (run seed, epoch), so runs are reproducible.
 *
 * <p><b>Full batch</b> (no fan-outs): each call runs over the whole graph, one sequence of N nodes.
 *
 * <p><b>Mini-batch</b> ({@code optFanouts}, for graphs too large for one sequence): each call samples the
 * requested nodes' neighbourhoods (graph-io's {@link NeighborSampler}; the induced subgraph on the sampled nodes),
 * runs the local blocks on that subgraph and the global blocks over all its nodes, in the base ordering restricted
 * to them (or a random order when permuting). Since the trainer's batches are uniform samples of the training
 * nodes, a batch is a uniform sample of the graph plus the neighbourhoods the local blocks need: each node's global
 * context is an unbiased sample of the whole sequence in its original relative order, and the implicit filters,
 * defined on positions relative to the sequence length, keep their meaning at any batch size. Partition-based
 * batches (contiguous ranges of a locality ordering, as Cluster-GCN) were the alternative; they make the
 * global context local, which defeats the block's purpose.
 */
public final class GecoNodeModel implements NodeModel {
    /** Default seed of the parameter initialization. */
    public static final long DEFAULT_SEED = 0;
    /** Default base ordering: the dataset's own numbering. */
    public static final String DEFAULT_ORDERING = "natural";

    private final NDManager manager;
    private final Geco geco;
    private final NDArray features;
    private final GraphContext context;
    private final Ordering ordering;
    private final NodeSequence baseSequence;
    private final boolean permute;
    private final NeighborSampler sampler;
    private final AtomicLong calls = new AtomicLong();
    private final List<Parameter> parameters;

    private GecoNodeModel(Builder b) {
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
            this.geco = new Geco(b.config);
            Engine.getInstance().setRandomSeed((int) (b.seed ^ (b.seed >>> 32)));
            geco.initialize(manager, DataType.FLOAT32);
            this.parameters = List.copyOf(geco.namedParameters().values());
            this.features = GraphTensors.features(manager, ds.features());
            this.context = GraphContext.of(ds.graph(), manager);
            this.ordering = Orderings.byName(b.ordering, b.seed).order(ds.graph());
            this.baseSequence = "natural".equals(ordering.name()) ? NodeSequence.IDENTITY
                    : new NodeSequence(GraphTensors.nodeIds(manager, ordering.permutation()),
                            GraphTensors.nodeIds(manager, ordering.inverse()));
            this.permute = b.permute;
            this.sampler = b.fanouts == null ? null
                    : NeighborSampler.builder().setGraph(ds.graph()).setFanouts(b.fanouts).optSeed(b.seed).build();
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
    public Geco geco() {
        return geco;
    }

    /** @return the base ordering of the global blocks */
    public Ordering ordering() {
        return ordering;
    }

    /** @return the parameters by stable name, in the order of {@link #parameters()} */
    public Map<String, Parameter> namedParameters() {
        return geco.namedParameters();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public NDArray logits(ParameterStore store, NDManager callManager, int[] nodes, boolean training) {
        Objects.requireNonNull(callManager, "manager");
        if (sampler == null) {
            NDArray x = features.get(new NDIndex(":"));
            x.attach(callManager);
            NodeSequence sequence = training && permute ? randomSequence(callManager, context.numNodes()) : baseSequence;
            NDArray all = geco.forward(store, context, sequence, x, training);
            return all.get(new NDIndex("{}", GraphTensors.nodeIds(callManager, nodes).toDevice(all.getDevice(), false)));
        }
        SampledBatch batch = sampler.sample(nodes, 0, calls.getAndIncrement());
        int[] original = batch.originalIds();
        NDArray local = GraphTensors.nodeIds(callManager, original).toDevice(features.getDevice(), false);
        NDArray x = features.get(new NDIndex("{}", local));
        x.attach(callManager);
        GraphContext sub = GraphContext.of(batch.graph(), callManager);
        NodeSequence sequence = training && permute ? randomSequence(callManager, original.length)
                : restricted(callManager, original);
        NDArray out = geco.forward(store, sub, sequence, x, training);
        return out.get(new NDIndex("0:" + batch.numSeeds()));
    }

    /** The base ordering restricted to a batch's nodes: local ids sorted by their global position. */
    private NodeSequence restricted(NDManager m, int[] original) {
        int k = original.length;
        long[] keyed = new long[k];
        for (int i = 0; i < k; i++) {
            keyed[i] = ((long) ordering.position(original[i]) << 32) | i;
        }
        Arrays.sort(keyed);
        int[] order = new int[k];
        for (int p = 0; p < k; p++) {
            order[p] = (int) keyed[p];
        }
        return sequence(m, order);
    }

    /** A uniformly random order of n positions, seeded from the engine's generator (seeded per epoch by the loop). */
    private NodeSequence randomSequence(NDManager m, int n) {
        long seed;
        try (NDArray draw = m.randomInteger(0, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
            seed = draw.getLong();
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return sequence(m, order);
    }

    private NodeSequence sequence(NDManager m, int[] order) {
        int[] inverse = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            inverse[order[p]] = p;
        }
        Device device = features.getDevice();
        return new NodeSequence(GraphTensors.nodeIds(m, order).toDevice(device, false),
                GraphTensors.nodeIds(m, inverse).toDevice(device, false));
    }

    @Override
    public int numClasses() {
        return geco.config().numClasses();
    }

    @Override
    public void close() {
        context.close();
        manager.close();
    }

    /** Builds a {@link GecoNodeModel}. */
    public static final class Builder {
        private GraphDataset dataset;
        private GecoConfig config;
        private long seed = DEFAULT_SEED;
        private Device device;
        private String ordering = DEFAULT_ORDERING;
        private boolean permute;
        private int[] fanouts;

        private Builder() {
        }

        /** @param dataset the dataset (required) @return this */
        public Builder setDataset(GraphDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        /** @param config the architecture (required; input size = the dataset's feature width) @return this */
        public Builder setConfig(GecoConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param seed seeds the parameters, the random base ordering, and the neighbour sampler (default
         *     {@value GecoNodeModel#DEFAULT_SEED})
         * @return this
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param device where the tensors live (default: the engine's default device) @return this */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * @param ordering the base ordering's name, one of {@link Orderings#names()} (default
         *     {@value GecoNodeModel#DEFAULT_ORDERING})
         * @return this
         */
        public Builder optOrdering(String ordering) {
            this.ordering = Objects.requireNonNull(ordering, "ordering");
            return this;
        }

        /** @param permute a fresh random order on every training call (default false) @return this */
        public Builder optPermute(boolean permute) {
            this.permute = permute;
            return this;
        }

        /**
         * @param fanouts neighbours sampled per hop, -1 for all; switches to mini-batch mode (default: full batch)
         * @return this
         */
        public Builder optFanouts(int... fanouts) {
            this.fanouts = fanouts == null ? null : fanouts.clone();
            return this;
        }

        /** @return the model, parameters initialized */
        public GecoNodeModel build() {
            Objects.requireNonNull(dataset, "setDataset is required");
            Objects.requireNonNull(config, "setConfig is required");
            return new GecoNodeModel(this);
        }
    }
}
