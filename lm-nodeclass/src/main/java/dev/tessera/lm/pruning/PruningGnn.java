package dev.tessera.lm.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.models.ConvType;
import dev.tessera.nn.models.Gnn;
import dev.tessera.nn.models.GnnConfig;
import dev.tessera.nn.models.GnnNodeModel;
import dev.tessera.train.RunResult;
import dev.tessera.train.TrainConfig;
import dev.tessera.train.TrainListener;
import dev.tessera.train.Trainer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The candidate-pruning GNN: the baselines' GCN or GraphSAGE ({@link Gnn}, classic stack: 2 layers, hidden 64,
 * dropout 0.5, ReLU; Kipf &amp; Welling's Adam, lr 0.01, weight decay 5e-4, 200 epochs), trained by the shared
 * {@link Trainer} on the training nodes only.
 *
 * <p>No label outside the training split reaches the model: the trainer is given a label array holding the training
 * nodes' classes and -1 elsewhere, and a split without validation or test nodes, so there is no model selection on
 * validation labels (the baselines select the best validation epoch; here the last epoch's parameters are kept).
 * This is what lets the same trained GNN serve both pruning and the semantic prototypes, which must not depend on
 * validation or test labels. Test labels are read afterwards only to report {@link TrainedGnn#testAccuracy()}.
 *
 * <p>After training, one full-graph forward pass in evaluation mode gives every node's softmax probabilities [N, C]
 * and its hidden representation [N, H] (the input of the output layer, {@link Gnn#representation}). Full batch
 * only; the dataset needs node features. Deterministic given the seed (on one device).
 */
public final class PruningGnn {
    /** Default layer type. */
    public static final ConvType DEFAULT_CONV = ConvType.GCN;
    /** Default epochs (Kipf &amp; Welling). */
    public static final int DEFAULT_EPOCHS = TrainConfig.DEFAULT_EPOCHS;
    /** Default learning rate. */
    public static final double DEFAULT_LR = TrainConfig.DEFAULT_LR;
    /** Default weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = TrainConfig.DEFAULT_WEIGHT_DECAY;
    /** Default seed of initialization and dropout. */
    public static final long DEFAULT_SEED = 0;

    private final ConvType conv;
    private final Integer hidden;
    private final Integer layers;
    private final Float dropout;
    private final Float inputDropout;
    private final int epochs;
    private final double lr;
    private final double weightDecay;
    private final long seed;

    private PruningGnn(Builder b) {
        this.conv = b.conv;
        this.hidden = b.hidden;
        this.layers = b.layers;
        this.dropout = b.dropout;
        this.inputDropout = b.inputDropout;
        this.epochs = b.epochs;
        this.lr = b.lr;
        this.weightDecay = b.weightDecay;
        this.seed = b.seed;
    }

    /** @return a builder; every option has a default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param dataset nodes, features, graph; labels of the split's training nodes (others are never read for
     *     training)
     * @return the architecture this pruner trains on that dataset
     */
    public GnnConfig config(GraphDataset dataset) {
        GnnConfig.Builder b = GnnConfig.builder().setConv(conv).setInputSize(dataset.numFeatures())
                .setNumClasses(dataset.numClasses());
        if (hidden != null) {
            b.optHidden(hidden);
        }
        if (layers != null) {
            b.optLayers(layers);
        }
        if (dropout != null) {
            b.optDropout(dropout);
        }
        if (inputDropout != null) {
            b.optInputDropout(inputDropout);
        }
        return b.build();
    }

    /**
     * Trains on the split's training nodes and scores every node.
     *
     * @param dataset the dataset (with node features)
     * @param split its split; only {@code train} is used for training
     * @return every node's probabilities and embedding, and the test accuracy
     * @throws dev.tessera.TesseraException when the dataset has no features or a training node is unlabelled
     */
    public TrainedGnn train(GraphDataset dataset, Split split) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        int n = dataset.numNodes();
        int c = dataset.numClasses();
        int[] train = split.train().clone();
        int[] trainLabels = new int[train.length];
        int[] visible = new int[n];
        Arrays.fill(visible, GraphDataset.UNLABELLED);
        for (int i = 0; i < train.length; i++) {
            trainLabels[i] = dataset.labels()[train[i]];
            visible[train[i]] = trainLabels[i];
        }
        Split trainOnly = new Split(split.name() + "-train-only", train, new int[0], new int[0]);
        // One evaluation, after the last epoch: there is nothing to select on.
        TrainConfig config = TrainConfig.builder().optEpochs(epochs).optLr(lr).optWeightDecay(weightDecay)
                .optEvalEvery(epochs).optSeed(seed).build();
        GnnConfig gnnConfig = config(dataset);
        try (GnnNodeModel model = GnnNodeModel.builder().setDataset(dataset).setConfig(gnnConfig).optSeed(seed)
                .build()) {
            RunResult run = Trainer.fit(model, visible, trainOnly, Metric.ACCURACY, config, TrainListener.NONE);
            Gnn gnn = model.gnn();
            int h = gnn.representationWidth();
            float[] probabilities;
            float[] embeddings;
            try (NDManager m = model.manager().newSubManager(); GraphContext ctx = GraphContext.of(dataset.graph(), m)) {
                NDArray x = GraphTensors.features(m, dataset.features());
                ParameterStore store = new ParameterStore(m, false);
                NDArray hidden = gnn.representation(store, ctx, x, false);
                NDArray logits = gnn.head(store, ctx, hidden, false);
                embeddings = hidden.toFloatArray();
                probabilities = logits.softmax(1).toFloatArray();
            }
            return new TrainedGnn(n, c, probabilities, h, embeddings, train, trainLabels, split.test(),
                    dataset.labels(), run.train(), gnnConfig);
        }
    }

    /** Builds a {@link PruningGnn}. */
    public static final class Builder {
        private ConvType conv = DEFAULT_CONV;
        private Integer hidden;
        private Integer layers;
        private Float dropout;
        private Float inputDropout;
        private int epochs = DEFAULT_EPOCHS;
        private double lr = DEFAULT_LR;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        /**
         * @param conv the layer type (default GCN; the paper's pruners are GCN and GraphSAGE)
         * @return this
         */
        public Builder optConv(ConvType conv) {
            this.conv = Objects.requireNonNull(conv, "conv");
            return this;
        }

        /**
         * @param hidden hidden width (default {@value GnnConfig#DEFAULT_HIDDEN})
         * @return this
         */
        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /**
         * @param layers layers (default {@value GnnConfig#DEFAULT_LAYERS})
         * @return this
         */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /**
         * @param dropout dropout probability (default {@value GnnConfig#DEFAULT_DROPOUT})
         * @return this
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * @param p dropout probability on the input features (default: the dropout, as Kipf &amp; Welling)
         * @return this
         */
        public Builder optInputDropout(float p) {
            this.inputDropout = p;
            return this;
        }

        /**
         * @param epochs training epochs; the last one's parameters are kept (default {@value #DEFAULT_EPOCHS})
         * @return this
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * @param lr Adam's learning rate (default {@value #DEFAULT_LR})
         * @return this
         */
        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        /**
         * @param weightDecay L2 penalty (default {@value #DEFAULT_WEIGHT_DECAY})
         * @return this
         */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param seed seeds initialization and dropout (default {@value #DEFAULT_SEED})
         * @return this
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the pruner (options are checked when it trains, against the dataset) */
        public PruningGnn build() {
            return new PruningGnn(this);
        }
    }
}
