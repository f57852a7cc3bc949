package dev.tessera.sampling;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.transforms.CsrOps;
import dev.tessera.transforms.InducedSubgraph;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import dev.tessera.ordering.RandomOrder;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Uniform k-hop neighbour sampling with a fan-out per hop (GraphSAGE; PyG's {@code NeighborLoader}), producing
 * subgraph mini-batches for training on graphs too big for full-batch training.
 *
 * <p>Given B distinct seed nodes and fan-outs {@code f[0..H-1]}: the hop-0 frontier is the seeds; at hop h every
 * frontier node v draws {@code min(f[h], d(v))} of its d(v) neighbours ({@link Direction}) uniformly without
 * replacement (every subset of that size equally likely; Floyd's algorithm), all of them when
 * {@code f[h] = -1}, none when {@code f[h] = 0}; neighbours not sampled before join the batch and form the hop-h+1
 * frontier. The batch's nodes are the seeds first, in the order given, then the new nodes hop by hop, in order of
 * discovery ({@link SampledBatch}); its graph is the induced subgraph on them or only the drawn edges
 * ({@link SubgraphEdges}); features and labels are gathered for its nodes only.
 *
 * <p>Determinism: the draws for batch {@code index} of {@code epoch} come from a {@link SplittableRandom} seeded
 * with a hash of (seed, epoch, index), so a batch does not depend on which thread sampled it, when, or how many
 * threads there are. {@link #batches} shuffles the training nodes per epoch from (seed, epoch) and samples
 * batches in parallel on {@link Builder#optThreads} background threads, handing them out in order.
 *
 * <p>Cost per batch: O(sampled nodes + drawn edges) for sampling, plus, for {@link SubgraphEdges#INDUCED}, a scan
 * of every sampled node's full row (O(sum of their degrees)); gathering copies K x F floats. Memory: each
 * thread keeps a dense id map of 4N bytes, reused across batches; {@link Direction#IN} builds the transposed graph
 * (about 4E + 8N bytes) once, on first use. The sampler is thread-safe.
 *
 * <pre>{@code
 * NeighborSampler sampler = NeighborSampler.builder().setDataset(ds).setFanouts(15, 10)
 *         .optSeed(7).optThreads(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (BatchIterator it = sampler.batches(ds.defaultSplit().train(), 1024, epoch)) {
 *         while (it.hasNext()) {
 *             SampledBatch b = it.next(); // b.graph(), b.features(), b.seedLabels(), b.originalIds()
 *         }
 *     }
 * }
 * }</pre>
 */
public final class NeighborSampler {
    private final CsrGraph graph;
    private final NodeFeatures features;
    private final int[] labels;
    private final int[] fanouts;
    private final Direction direction;
    private final SubgraphEdges edges;
    private final long seed;
    private final int threads;
    private final ConcurrentLinkedQueue<SamplerWorkspace> workspaces = new ConcurrentLinkedQueue<>();
    private volatile CsrGraph transposed;

    private NeighborSampler(Builder b) {
        this.graph = b.graph;
        this.features = b.features == null ? NodeFeatures.none(b.graph.numNodes()) : b.features;
        this.labels = b.labels;
        this.fanouts = b.fanouts;
        this.direction = b.direction;
        this.edges = b.edges;
        this.seed = b.seed;
        this.threads = b.threads;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the graph sampled from */
    public CsrGraph graph() {
        return graph;
    }

    /** @return the fan-out per hop, -1 for all neighbours (a copy) */
    public int[] fanouts() {
        return fanouts.clone();
    }

    /** @return which neighbours are drawn */
    public Direction direction() {
        return direction;
    }

    /** @return which edges a batch holds */
    public SubgraphEdges subgraphEdges() {
        return edges;
    }

    /** @return the seed all random draws derive from */
    public long seed() {
        return seed;
    }

    /** @return the number of background sampling threads of {@link #batches} (0: sample on the caller's thread) */
    public int threads() {
        return threads;
    }

    /**
     * Samples one batch with the random stream of (epoch 0, index 0).
     *
     * @param seeds B distinct seed nodes
     * @return the batch
     * @throws TesseraException when a seed is out of range or repeated
     */
    public SampledBatch sample(int[] seeds) {
        return sample(seeds, 0, 0);
    }

    /**
     * Samples one batch with the random stream of (seed, epoch, index): the same arguments give the same batch on
     * any thread. Thread-safe.
     *
     * @param seeds B distinct seed nodes
     * @param epoch the epoch the batch belongs to
     * @param index the batch's index within the epoch
     * @return the batch
     * @throws TesseraException when a seed is out of range or repeated
     */
    public SampledBatch sample(int[] seeds, long epoch, long index) {
        CsrGraph adj = adjacency();
        SplittableRandom rng = new SplittableRandom(streamSeed(seed, epoch, index));
        SamplerWorkspace ws = workspaces.poll();
        if (ws == null) {
            ws = new SamplerWorkspace(graph.numNodes());
        }
        try {
            return sample(ws, adj, seeds, rng, epoch, index);
        } finally {
            ws.reset();
            workspaces.add(ws);
        }
    }

    private SampledBatch sample(SamplerWorkspace ws, CsrGraph adj, int[] seeds, SplittableRandom rng, long epoch,
            long index) {
        int n = graph.numNodes();
        for (int i = 0; i < seeds.length; i++) {
            int s = seeds[i];
            if (s < 0 || s >= n) {
                throw new TesseraException("neighbour sampling: seed " + i + " is node " + s + ", out of range [0, " + n + ")");
            }
            if (ws.localId[s] >= 0) {
                throw new TesseraException("neighbour sampling: seed node " + s + " listed twice");
            }
            ws.add(s);
        }
        int[] hops = new int[fanouts.length + 2];
        hops[1] = ws.size;
        boolean sampled = edges == SubgraphEdges.SAMPLED;
        boolean weighted = sampled && graph.isWeighted();
        boolean in = direction == Direction.IN;
        for (int h = 0; h < fanouts.length; h++) {
            int fanout = fanouts[h];
            for (int i = hops[h]; i < hops[h + 1]; i++) {
                int v = ws.nodes[i];
                long start = adj.rowStart(v);
                int d = adj.degree(v);
                int k = fanout < 0 || fanout >= d ? d : fanout;
                int[] picks = k < d ? ws.pick(k, d, rng) : null;
                for (int j = 0; j < k; j++) {
                    long e = start + (picks == null ? j : picks[j]);
                    int u = adj.target(e);
                    int lu = ws.localId[u];
                    if (lu < 0) {
                        lu = ws.add(u);
                    }
                    if (sampled) {
                        // Keep the original orientation: a row of the transpose lists sources.
                        ws.addEdge(in ? lu : i, in ? i : lu, weighted ? adj.weight(e) : 1f, weighted);
                    }
                }
            }
            hops[h + 2] = ws.size;
        }
        int[] nodes = Arrays.copyOf(ws.nodes, ws.size);
        CsrGraph sub;
        if (sampled) {
            int m = ws.edgeCount;
            sub = CsrBuilder.fromEdges(nodes.length, Arrays.copyOf(ws.edgeSrc, m), Arrays.copyOf(ws.edgeDst, m),
                    weighted ? Arrays.copyOf(ws.edgeWeight, m) : null, CsrBuilder.Duplicates.KEEP);
        } else {
            sub = InducedSubgraph.induce(graph, nodes, ws.localId);
        }
        NodeFeatures x = InducedSubgraph.select(features, nodes);
        int[] y;
        if (labels == null) {
            y = new int[nodes.length];
            Arrays.fill(y, GraphDataset.UNLABELLED);
        } else {
            y = InducedSubgraph.select(labels, nodes);
        }
        return new SampledBatch(epoch, index, nodes, hops, sub, x, y);
    }

    /**
     * The training nodes in the order epoch {@code epoch} visits them: a Fisher–Yates shuffle seeded from
     * (seed, epoch).
     *
     * @param nodes the training nodes
     * @param epoch the epoch
     * @return a shuffled copy
     */
    public int[] shuffled(int[] nodes, long epoch) {
        int[] order = nodes.clone();
        RandomOrder.shuffle(order, new SplittableRandom(streamSeed(seed, epoch, -1)));
        return order;
    }

    /**
     * Batches of one epoch over the training nodes, shuffled from (seed, epoch): batch b seeds
     * {@code shuffled[b·B, min((b+1)·B, n))} (the last batch may be smaller) and is
     * {@code sample(those seeds, epoch, b)}.
     *
     * @param nodes the training nodes, distinct
     * @param batchSize B &gt; 0
     * @param epoch the epoch
     * @return an iterator over the ceil(n / B) batches; close it when leaving early
     * @throws TesseraException when a node is out of range or repeated
     */
    public BatchIterator batches(int[] nodes, int batchSize, long epoch) {
        return batches(nodes, batchSize, epoch, true);
    }

    /**
     * As {@link #batches(int[], int, long)}, optionally in the given order (e.g. for evaluation).
     *
     * @param nodes the training nodes, distinct
     * @param batchSize B &gt; 0
     * @param epoch the epoch
     * @param shuffle whether to shuffle the nodes from (seed, epoch)
     * @return an iterator over the ceil(n / B) batches; close it when leaving early
     * @throws TesseraException when a node is out of range or repeated
     */
    public BatchIterator batches(int[] nodes, int batchSize, long epoch, boolean shuffle) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        int n = graph.numNodes();
        BitSet seen = new BitSet(n);
        for (int i = 0; i < nodes.length; i++) {
            int v = nodes[i];
            if (v < 0 || v >= n) {
                throw new TesseraException("neighbour sampling: training node " + i + " is " + v + ", out of range [0, " + n + ")");
            }
            if (seen.get(v)) {
                throw new TesseraException("neighbour sampling: training node " + v + " listed twice");
            }
            seen.set(v);
        }
        int[] order = shuffle ? shuffled(nodes, epoch) : nodes.clone();
        return new BatchIterator(this, order, batchSize, epoch, threads);
    }

    /** The rows to draw from: the graph itself, or its transpose, built once on first use. */
    private CsrGraph adjacency() {
        if (direction == Direction.OUT) {
            return graph;
        }
        CsrGraph t = transposed;
        if (t == null) {
            synchronized (this) {
                t = transposed;
                if (t == null) {
                    t = CsrOps.transpose(graph);
                    transposed = t;
                }
            }
        }
        return t;
    }

    /**
     * @param seed the sampler's seed
     * @param epoch an epoch
     * @param index a batch index, or -1 for the epoch's shuffle
     * @return the seed of that random stream: SplitMix64's finaliser applied in a chain, so nearby triples give
     *     unrelated streams
     */
    static long streamSeed(long seed, long epoch, long index) {
        return mix(mix(mix(seed) + epoch) + index * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Builder: {@code setGraph} (or {@code setDataset}) and {@code setFanouts} are required. */
    public static final class Builder {
        private CsrGraph graph;
        private NodeFeatures features;
        private int[] labels;
        private int[] fanouts;
        private Direction direction = Direction.IN;
        private SubgraphEdges edges = SubgraphEdges.INDUCED;
        private long seed;
        private int threads;

        private Builder() {
        }

        /**
         * @param graph the graph to sample from (required, unless {@link #setDataset} is used)
         * @return this builder
         */
        public Builder setGraph(CsrGraph graph) {
            this.graph = graph;
            return this;
        }

        /**
         * Samples the dataset's graph and gathers its features and labels.
         *
         * @param dataset the dataset
         * @return this builder
         */
        public Builder setDataset(GraphDataset dataset) {
            this.graph = dataset.graph();
            this.features = dataset.features();
            this.labels = dataset.labels();
            return this;
        }

        /**
         * @param fanouts neighbours to draw per frontier node at each hop, -1 for all (required; length H)
         * @return this builder
         */
        public Builder setFanouts(int... fanouts) {
            this.fanouts = fanouts.clone();
            return this;
        }

        /**
         * @param features [N, F] features to gather (default none, F = 0)
         * @return this builder
         */
        public Builder optFeatures(NodeFeatures features) {
            this.features = features;
            return this;
        }

        /**
         * @param labels [N] labels to gather, -1 for unlabelled (default: all -1); not copied
         * @return this builder
         */
        public Builder optLabels(int[] labels) {
            this.labels = labels;
            return this;
        }

        /**
         * @param direction which neighbours to draw (default {@link Direction#IN}, as message passing needs)
         * @return this builder
         */
        public Builder optDirection(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /**
         * @param edges which edges a batch's graph holds (default {@link SubgraphEdges#INDUCED})
         * @return this builder
         */
        public Builder optSubgraphEdges(SubgraphEdges edges) {
            this.edges = Objects.requireNonNull(edges, "edges");
            return this;
        }

        /**
         * @param seed the seed of every shuffle and draw (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param threads background threads sampling ahead in {@link NeighborSampler#batches} (default 0: each
         *     batch is sampled on the caller's thread when asked for); results do not depend on it
         * @return this builder
         */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @return the sampler
         * @throws IllegalArgumentException when the graph or fan-outs are missing, a fan-out is below -1, or
         *     features or labels do not have N rows
         */
        public NeighborSampler build() {
            if (graph == null) {
                throw new IllegalArgumentException("neighbour sampler needs a graph (setGraph or setDataset)");
            }
            if (fanouts == null) {
                throw new IllegalArgumentException("neighbour sampler needs fan-outs (setFanouts)");
            }
            for (int f : fanouts) {
                if (f < -1) {
                    throw new IllegalArgumentException("fan-out must be -1 (all) or >= 0, got " + f);
                }
            }
            int n = graph.numNodes();
            if (features != null && features.rows() != n) {
                throw new IllegalArgumentException("features have " + features.rows() + " rows, the graph " + n + " nodes");
            }
            if (labels != null && labels.length != n) {
                throw new IllegalArgumentException("labels have " + labels.length + " entries, the graph " + n + " nodes");
            }
            return new NeighborSampler(this);
        }
    }
}
