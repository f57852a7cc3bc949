package dev.tessera.lm.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.progress.Progress;
import dev.tessera.train.Adam;
import dev.tessera.train.GradientClipping;
import dev.tessera.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Teacher-forced fine-tuning of a {@link T5Model} on (input ids, target ids) pairs, as Hugging Face's
 * {@code Seq2SeqTrainer} does it: the loss of a batch is the mean token cross-entropy of the targets
 * ({@link T5Model#loss}, labels padded with {@link Seq2SeqBatch#IGNORE_ID}), gradients are clipped to a global L2
 * norm ({@link GradientClipping}), and AdamW (Loshchilov &amp; Hutter 2019; {@code dev.tessera.train.Adam}, β₁ 0.9,
 * β₂ 0.999, ε 1e-8) steps with the learning rate of {@link T5TrainSettings#learningRateAt}. The examples are
 * shuffled every epoch with a generator seeded from the settings, so a run is deterministic given the seed and
 * the model's initial weights (T5 here has no dropout). With {@link T5TrainSettings#examplesPerEpoch} below the
 * number of examples, an epoch visits only that many ({@link EpochSampler}: slices of a stream of shuffles, so
 * every example is seen once before any twice), and the schedule counts the steps of those shorter epochs.
 *
 * <p>Every step's arrays (batch, activations, gradients' handles) live in a sub-manager closed at the end of the
 * step; the model's manager holds only the parameters, the optimizer's manager only the moments.
 */
public final class T5Trainer implements AutoCloseable {
    private final T5Model model;
    private final T5TrainSettings settings;
    private final NDManager manager;
    private final List<Parameter> parameters;
    private final Adam adam;

    /** Called after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /** Ignores everything. */
        EpochListener NONE = (epoch, loss, seconds) -> {
        };

        /**
         * @param epoch the epoch, 0-based
         * @param loss its mean token cross-entropy (weighted by each batch's target tokens)
         * @param seconds its wall time
         */
        void onEpoch(int epoch, double loss, double seconds);
    }

    /**
     * The outcome of {@link #fit}.
     *
     * @param epochLosses the mean token cross-entropy of each epoch, as trained (weights changing during the epoch)
     * @param steps optimizer steps taken
     * @param seconds wall time of the whole run
     */
    public record FitResult(double[] epochLosses, long steps, double seconds) {
    }

    /**
     * Marks every parameter of the model as trainable and creates the optimizer.
     *
     * @param model the model to update in place
     * @param settings the settings
     * @param manager the manager for the optimizer's moments and each step's temporaries (a sub-manager is made)
     */
    public T5Trainer(T5Model model, T5TrainSettings settings, NDManager manager) {
        this.model = model;
        this.settings = settings;
        this.manager = manager.newSubManager();
        this.parameters = model.trainableParameters();
        this.adam = new Adam(parameters, TrainConfig.Optimizer.ADAMW, T5TrainSettings.BETA1, T5TrainSettings.BETA2,
                T5TrainSettings.EPS, settings.weightDecay(), this.manager);
    }

    /** @return the settings */
    public T5TrainSettings settings() {
        return settings;
    }

    /** @return optimizer steps taken so far */
    public long stepCount() {
        return adam.stepCount();
    }

    /**
     * One optimizer step on one batch: forward, backward, clipping, AdamW.
     *
     * @param batch the padded batch (with targets)
     * @param learningRate η of this step
     * @return the batch's mean token cross-entropy before the update
     */
    public double step(Seq2SeqBatch batch, double learningRate) {
        if (batch.targetLength() == 0) {
            throw new IllegalArgumentException("a training batch needs targets");
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray ids = batch.inputArray(m);
            NDArray mask = batch.maskArray(m);
            NDArray labels = batch.labelArray(m);
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = model.loss(ids, mask, labels, Seq2SeqBatch.IGNORE_ID);
                loss = l.getFloat();
                gc.backward(l);
            }
            if (settings.maxGradNorm() > 0) {
                GradientClipping.clipGlobalNorm(parameters, settings.maxGradNorm(), m);
            }
            adam.step(learningRate);
            return loss;
        }
    }

    /**
     * The examples of each epoch, for training that changes them between epochs (fresh span-corruption masks,
     * re-drawn prompts); every epoch has the same number of examples.
     */
    @FunctionalInterface
    public interface EpochExamples {
        /**
         * @param epoch the epoch, 0-based
         * @return its input ids and target ids, one pair per example (inputs ending with EOS, targets too)
         */
        Examples epoch(int epoch);
    }

    /**
     * One epoch's examples.
     *
     * @param inputs input ids per example
     * @param targets target ids per example
     */
    public record Examples(List<long[]> inputs, List<long[]> targets) {
        public Examples {
            if (inputs.size() != targets.size()) {
                throw new IllegalArgumentException(inputs.size() + " inputs but " + targets.size() + " targets");
            }
        }
    }

    /**
     * Trains for the settings' epochs. Inputs and targets are truncated to the settings' budgets (head and final
     * EOS kept); each epoch visits the examples (or the settings' {@link T5TrainSettings#examplesPerEpoch} of
     * them, {@link EpochSampler}) in a fresh seeded order, in batches padded to their longest row.
     *
     * @param inputs input ids per example (as a T5 tokenizer gives them, ending with EOS)
     * @param targets target ids per example, ending with EOS
     * @param progress advanced by one unit per optimizer step
     * @param listener told each epoch's loss
     * @return per-epoch losses and the step count
     */
    public FitResult fit(List<long[]> inputs, List<long[]> targets, Progress progress, EpochListener listener) {
        Examples fixed = new Examples(inputs, targets);
        return fit(epoch -> fixed, progress, listener);
    }

    /**
     * {@link #fit(List, List, Progress, EpochListener)} with examples that may change from epoch to epoch (asked
     * for at the start of each epoch; the count must not change, since the learning-rate schedule is laid out
     * over all steps in advance).
     *
     * @param examples each epoch's examples
     * @param progress advanced by one unit per optimizer step
     * @param listener told each epoch's loss
     * @return per-epoch losses and the step count
     */
    public FitResult fit(EpochExamples examples, Progress progress, EpochListener listener) {
        Examples first = examples.epoch(0);
        int n = first.inputs().size();
        if (n == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        int perEpoch = settings.examplesPerEpoch(n);
        int batches = (perEpoch + settings.batchSize() - 1) / settings.batchSize();
        long total = (long) batches * settings.epochs();
        double[] losses = new double[settings.epochs()];
        EpochSampler sampler = new EpochSampler(n, perEpoch, settings.seed());
        long start = System.nanoTime();
        long step = 0;
        int pad = model.config().padTokenId();
        try (Progress.Task task = progress.start("fine-tune", total, "steps")) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                Examples ex = epoch == 0 ? first : examples.epoch(epoch);
                if (ex.inputs().size() != n) {
                    throw new IllegalArgumentException("epoch " + epoch + " has " + ex.inputs().size()
                            + " examples, epoch 0 had " + n);
                }
                List<long[]> in = new ArrayList<>(n);
                List<long[]> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    in.add(Seq2SeqBatch.truncate(ex.inputs().get(i), settings.maxInputLength()));
                    out.add(Seq2SeqBatch.truncate(ex.targets().get(i), settings.maxTargetLength()));
                }
                long epochStart = System.nanoTime();
                int[] order = sampler.next();
                double weighted = 0;
                long tokens = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * settings.batchSize();
                    int to = Math.min(perEpoch, from + settings.batchSize());
                    List<long[]> bi = new ArrayList<>(to - from);
                    List<long[]> bt = new ArrayList<>(to - from);
                    long batchTokens = 0;
                    for (int k = from; k < to; k++) {
                        bi.add(in.get(order[k]));
                        bt.add(out.get(order[k]));
                        batchTokens += out.get(order[k]).length;
                    }
                    double loss = step(Seq2SeqBatch.of(bi, bt, pad), settings.learningRateAt(step, total));
                    step++;
                    weighted += loss * batchTokens;
                    tokens += batchTokens;
                    task.step(1);
                    task.message(String.format(Locale.ROOT, "epoch %d  loss %.4f", epoch + 1, weighted / tokens));
                }
                losses[epoch] = weighted / tokens;
                listener.onEpoch(epoch, losses[epoch], (System.nanoTime() - epochStart) / 1e9);
            }
        }
        return new FitResult(losses, step, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Frees the optimizer's moments. The parameters keep requiring gradients; that costs nothing outside a
     * gradient collector.
     */
    @Override
    public void close() {
        adam.close();
        manager.close();
    }
}
