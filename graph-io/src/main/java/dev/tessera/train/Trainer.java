package dev.tessera.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.metrics.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one training loop of Tessera's node classifiers: any {@link NodeModel} (GNN baselines, GECO, token models)
 * trains and is scored here, so that every model runs the same protocol.
 *
 * <p>Per epoch e (0-based):
 *
 * <ol>
 *   <li>The engine's random generator (dropout) is seeded from {@code (seed, e)} and the learning rate set by
 *       {@link TrainConfig#learningRate}.</li>
 *   <li>Training: full batch, one step on all training nodes; or mini-batch, the training nodes shuffled (seeded
 *       from {@code (seed, e)}) and cut into chunks of {@code batchSize}, one step each. A step computes
 *       {@code logits(nodes, training = true)} inside a {@link GradientCollector}, the loss
 *       ({@link Losses#classification}), clips the global gradient norm when configured and takes an
 *       {@link Adam} step. Each step's tensors live in a sub-manager closed after the step.</li>
 *   <li>Evaluation (every {@code evalEvery} epochs and after the last): logits of train (optional), validation and
 *       test nodes with {@code training = false}, in chunks of {@code batchSize} when set, scored by
 *       {@link Metrics#score}.</li>
 *   <li>Selection: the epoch with the highest validation metric (the first such) is kept, its parameters copied in
 *       memory; with {@code patience} p &gt; 0 training stops after epoch {@code best + p}. A split without
 *       validation nodes selects nothing: the last epoch's parameters are kept (for models that must not see
 *       validation labels at all), {@link RunResult#bestEpoch()} is -1 and the validation metric NaN.</li>
 *   <li>A checkpoint every {@code checkpointEvery} epochs, and one at the end.</li>
 * </ol>
 *
 * At the end the best parameters are copied back into the model and train/validation/test are recomputed with
 * them; those are the reported metrics.
 *
 * <p><b>Determinism.</b> Seeding per epoch rather than once makes a resumed run draw the same dropout masks and
 * batch orders as an uninterrupted one: resuming from {@link Checkpoint} (parameters, Adam moments and step,
 * best parameters, history) gives bit-identical results on the same device. The model's initialization is not
 * seeded here; the caller builds the model from the seed (see {@link SeedRuns}).
 *
 * <p><b>Timing.</b> Per epoch: the training steps (synchronized by reading the loss) and the evaluation, in ms;
 * {@link RunResult#epochMsMean()} leaves out the first {@value #WARMUP_EPOCHS} epochs of the call, as the PyG
 * baseline does.
 */
public final class Trainer {
    /** Epochs at the start of a call left out of the timing means. */
    public static final int WARMUP_EPOCHS = 3;
    /** The checkpoint's file name in the checkpoint folder. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    private Trainer() {
    }

    /**
     * Trains on a dataset's labels and metric.
     *
     * @param model the model, initialized
     * @param dataset gives labels and metric
     * @param split the node split
     * @param config the configuration
     * @param listener follows the epochs
     * @return the result; the model holds the best epoch's parameters
     */
    public static RunResult fit(NodeModel model, GraphDataset dataset, Split split, TrainConfig config,
            TrainListener listener) {
        return fit(model, dataset.labels(), split, dataset.metric(), config, listener);
    }

    /**
     * Trains a model and selects its best epoch on the validation nodes.
     *
     * @param model the model, initialized
     * @param labels [N], the class of each node (-1 for unlabelled; the split's nodes must be labelled)
     * @param split train, validation and test nodes
     * @param metric the selection and report metric
     * @param config the configuration ({@link TrainConfig#resume()} continues a checkpointed run)
     * @param listener follows the epochs
     * @return the result; the model holds the best epoch's parameters
     * @throws TesseraException when a split node is unlabelled or the checkpoint to resume does not match
     */
    public static RunResult fit(NodeModel model, int[] labels, Split split, Metric metric, TrainConfig config,
            TrainListener listener) {
        try (Run run = new Run(model, labels, split, metric, config, listener)) {
            return run.execute();
        }
    }

    /**
     * The engine seed of an epoch: a SplitMix64 hash of (seed, epoch), non-negative.
     *
     * @param seed the run's seed
     * @param epoch the epoch
     * @return the seed for {@link Engine#setRandomSeed}
     */
    public static int epochSeed(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + (epoch + 1) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z & 0x7fffffff);
    }

    /** One call's state: the optimizer, the best snapshot and the history. */
    private static final class Run implements AutoCloseable {
        private final NodeModel model;
        private final int[] labels;
        private final Split split;
        private final Metric metric;
        private final TrainConfig config;
        private final TrainListener listener;
        private final List<Parameter> params;
        private final List<Parameter> trainable = new ArrayList<>();
        private final NDManager manager;
        private final ParameterStore store;
        private final Engine engine;
        private final Adam adam;
        private final NDArray[] best;
        private final List<EpochStats> history = new ArrayList<>();
        private final int numClasses;
        private int startEpoch;
        private int bestEpoch = -1;
        private double bestVal = Double.NEGATIVE_INFINITY;
        private boolean stopped;

        Run(NodeModel model, int[] labels, Split split, Metric metric, TrainConfig config, TrainListener listener) {
            this.model = model;
            this.labels = labels;
            this.split = split;
            this.metric = metric;
            this.config = config;
            this.listener = listener == null ? TrainListener.NONE : listener;
            this.params = List.copyOf(model.parameters());
            this.numClasses = model.numClasses();
            if (params.isEmpty()) {
                throw new IllegalArgumentException("the model has no parameters");
            }
            checkLabels();
            for (Parameter p : params) {
                if (p.getArray().getDataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException("parameter " + p.getName() + " is " + p.getArray().getDataType()
                            + "; the trainer handles float32");
                }
                if (p.requiresGradient()) {
                    trainable.add(p);
                }
            }
            NDManager paramManager = params.get(0).getArray().getManager();
            this.manager = paramManager.newSubManager();
            this.store = new ParameterStore(paramManager, false);
            this.engine = paramManager.getEngine();
            this.adam = Adam.of(trainable, config, manager);
            this.best = new NDArray[params.size()];
            for (int i = 0; i < best.length; i++) {
                best[i] = copy(params.get(i).getArray());
            }
            if (config.resume() != null) {
                restore(config.resume());
            }
        }

        RunResult execute() {
            long t0 = System.nanoTime();
            listener.onStart(startEpoch, config.epochs());
            List<Double> timedTrain = new ArrayList<>();
            List<Double> timedEval = new ArrayList<>();
            for (int epoch = startEpoch; epoch < config.epochs() && !stopped; epoch++) {
                engine.setRandomSeed(epochSeed(config.seed(), epoch));
                double lr = config.learningRate(epoch);
                long a = System.nanoTime();
                double loss = trainEpoch(epoch, lr);
                long b = System.nanoTime();
                double[] scores = {Double.NaN, Double.NaN, Double.NaN};
                boolean evaluate = (epoch + 1) % config.evalEvery() == 0 || epoch == config.epochs() - 1;
                if (evaluate) {
                    scores = evaluate(config.evalTrain());
                }
                long c = System.nanoTime();
                EpochStats stats = new EpochStats(epoch, lr, loss, scores[0], scores[1], scores[2], (b - a) / 1e6,
                        evaluate ? (c - b) / 1e6 : 0);
                history.add(stats);
                if (epoch - startEpoch >= WARMUP_EPOCHS) {
                    timedTrain.add(stats.trainMs());
                    if (evaluate) {
                        timedEval.add(stats.evalMs());
                    }
                }
                if (evaluate && scores[1] > bestVal) {
                    bestVal = scores[1];
                    bestEpoch = epoch;
                    for (int i = 0; i < best.length; i++) {
                        best[i].close();
                        best[i] = copy(params.get(i).getArray());
                    }
                }
                if (config.patience() > 0 && bestEpoch >= 0 && epoch - bestEpoch >= config.patience()) {
                    stopped = true;
                }
                boolean last = stopped || epoch == config.epochs() - 1;
                if (!last && config.checkpointEvery() > 0 && (epoch + 1) % config.checkpointEvery() == 0) {
                    checkpoint(epoch + 1);
                }
                if (last && config.checkpointDir() != null) {
                    checkpoint(epoch + 1);
                }
                listener.onEpoch(stats, bestEpoch, bestVal);
            }
            if (timedTrain.isEmpty()) {
                // Fewer epochs than the warm-up: time them all rather than report nothing.
                for (EpochStats s : history.subList(startEpoch, history.size())) {
                    timedTrain.add(s.trainMs());
                    if (s.evaluated()) {
                        timedEval.add(s.evalMs());
                    }
                }
            }
            if (bestEpoch >= 0) {
                for (int i = 0; i < best.length; i++) {
                    params.get(i).getArray().set(best[i].toFloatArray());
                }
            }
            // The restored weights are scored on every part, training nodes included, whatever evalTrain says.
            double[] finalScores = evaluate(true);
            RunResult result = new RunResult(config.seed(), bestEpoch, bestVal, finalScores[0], finalScores[1],
                    finalScores[2], history.size(), stopped, timedTrain, timedEval, (System.nanoTime() - t0) / 1e9,
                    history, config.toMap());
            listener.onEnd(result);
            return result;
        }

        /** @return the mean loss over the epoch's steps, weighted by their node counts */
        private double trainEpoch(int epoch, double lr) {
            int[] nodes = split.train();
            int batch = config.batchSize() == 0 ? nodes.length : config.batchSize();
            if (batch < nodes.length) {
                nodes = nodes.clone();
                SplittableRandom r = new SplittableRandom(epochSeed(config.seed(), epoch) ^ 0x5DEECE66DL);
                for (int i = nodes.length - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = nodes[i];
                    nodes[i] = nodes[j];
                    nodes[j] = t;
                }
            }
            double lossSum = 0;
            for (int from = 0; from < nodes.length; from += batch) {
                int[] chunk = Arrays.copyOfRange(nodes, from, Math.min(nodes.length, from + batch));
                lossSum += step(chunk, lr) * chunk.length;
            }
            return lossSum / nodes.length;
        }

        private double step(int[] nodes, double lr) {
            try (NDManager m = manager.newSubManager()) {
                NDArray loss;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray logits = model.logits(store, m, nodes, true);
                    NDArray y = GraphTensors.nodeIds(m, labelsOf(nodes));
                    loss = Losses.classification(logits, y);
                    gc.backward(loss);
                }
                double value = loss.getFloat();
                if (config.clipNorm() > 0) {
                    GradientClipping.clipGlobalNorm(trainable, config.clipNorm(), m);
                }
                adam.step(lr);
                return value;
            }
        }

        /**
         * @param withTrain whether to score the training nodes too
         * @return train (NaN without them), validation and test metric of the current parameters
         */
        private double[] evaluate(boolean withTrain) {
            int[] train = withTrain ? split.train() : new int[0];
            int[] nodes = new int[train.length + split.valid().length + split.test().length];
            System.arraycopy(train, 0, nodes, 0, train.length);
            System.arraycopy(split.valid(), 0, nodes, train.length, split.valid().length);
            System.arraycopy(split.test(), 0, nodes, train.length + split.valid().length, split.test().length);
            float[] logits = new float[nodes.length * numClasses];
            int chunk = config.batchSize() == 0 ? Math.max(1, nodes.length) : config.batchSize();
            for (int from = 0; from < nodes.length; from += chunk) {
                int to = Math.min(nodes.length, from + chunk);
                try (NDManager m = manager.newSubManager()) {
                    NDArray out = model.logits(store, m, Arrays.copyOfRange(nodes, from, to), false);
                    float[] part = out.toFloatArray();
                    if (part.length != (to - from) * numClasses) {
                        throw new IllegalStateException("model returned " + out.getShape() + " for " + (to - from)
                                + " nodes and " + numClasses + " classes");
                    }
                    System.arraycopy(part, 0, logits, from * numClasses, part.length);
                }
            }
            for (float z : logits) {
                if (!Float.isFinite(z)) {
                    // A user-facing outcome (too high a learning rate, say), not a bug: one line, no stack trace.
                    throw new TesseraException("training diverged: the model's outputs are not finite (" + z
                            + "); try a lower --lr or --clip");
                }
            }
            int offset = 0;
            double[] out = new double[3];
            int[][] parts = {train, split.valid(), split.test()};
            for (int k = 0; k < 3; k++) {
                int[] part = parts[k];
                if (part.length == 0) {
                    out[k] = Double.NaN;
                    continue;
                }
                float[] z = Arrays.copyOfRange(logits, offset * numClasses, (offset + part.length) * numClasses);
                out[k] = Metrics.score(metric, z, numClasses, labelsOf(part));
                offset += part.length;
            }
            return out;
        }

        private int[] labelsOf(int[] nodes) {
            int[] y = new int[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                y[i] = labels[nodes[i]];
            }
            return y;
        }

        private void checkLabels() {
            int maxClass = Math.max(numClasses, 2);
            String[] names = {"train", "valid", "test"};
            for (String name : names) {
                for (int v : split.part(name)) {
                    if (v < 0 || v >= labels.length) {
                        throw new TesseraException("split " + split.name() + ": " + name + " node " + v
                                + " is outside [0, " + labels.length + ")");
                    }
                    if (labels[v] < 0 || labels[v] >= maxClass) {
                        throw new TesseraException("split " + split.name() + ": " + name + " node " + v + " has label "
                                + labels[v] + ", expected a class in [0, " + maxClass + ")");
                    }
                }
            }
            if (split.train().length == 0) {
                throw new TesseraException("split " + split.name() + " has no training nodes");
            }
        }

        /** A detached copy of a parameter, in this run's manager. */
        private NDArray copy(NDArray w) {
            NDArray view = w.stopGradient();
            NDArray c = view.duplicate();
            c.attach(manager);
            view.close();
            return c;
        }

        private void checkpoint(int epochsDone) {
            List<String> names = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            List<float[]> bestValues = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).getArray();
                names.add(params.get(i).getName());
                shapes.add(w.getShape().getShape());
                values.add(w.toFloatArray());
                bestValues.add(best[i].toFloatArray());
            }
            List<float[]> m = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (NDArray a : adam.firstMoments()) {
                m.add(a.toFloatArray());
            }
            for (NDArray a : adam.secondMoments()) {
                v.add(a.toFloatArray());
            }
            new Checkpoint(config.fingerprint(), epochsDone, stopped, bestEpoch, bestVal, adam.stepCount(), names,
                    shapes, values, bestValues, m, v, history).write(config.checkpointDir().resolve(CHECKPOINT_FILE));
        }

        private void restore(Path file) {
            Checkpoint c = Checkpoint.read(file);
            if (!config.fingerprint().equals(c.fingerprint())) {
                throw new TesseraException(file + ": written with another training configuration (fingerprint "
                        + c.fingerprint() + ", this run " + config.fingerprint() + "); resume with the same options");
            }
            if (c.shapes().size() != params.size() || c.firstMoments().size() != trainable.size()) {
                throw new TesseraException(file + ": holds " + c.shapes().size() + " parameters, the model has "
                        + params.size());
            }
            for (int i = 0; i < params.size(); i++) {
                long[] shape = params.get(i).getArray().getShape().getShape();
                if (!Arrays.equals(shape, c.shapes().get(i))) {
                    throw new TesseraException(file + ": parameter " + i + " (" + params.get(i).getName() + ") has shape "
                            + Arrays.toString(c.shapes().get(i)) + ", the model's is " + Arrays.toString(shape));
                }
            }
            for (int i = 0; i < params.size(); i++) {
                params.get(i).getArray().set(c.params().get(i));
                best[i].set(c.best().get(i));
            }
            adam.restore(c.adamStep(), c.firstMoments(), c.secondMoments());
            history.addAll(c.history());
            startEpoch = c.epochsDone();
            bestEpoch = c.bestEpoch();
            bestVal = c.bestVal();
            stopped = c.stopped();
        }

        @Override
        public void close() {
            adam.close();
            manager.close();
        }
    }
}
