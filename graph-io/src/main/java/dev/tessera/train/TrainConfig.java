package dev.tessera.train;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link Trainer} trains a {@link NodeModel}: immutable, built with {@link #builder()}.
 *
 * <p>The defaults reproduce the protocol of the PyTorch Geometric baselines (Kipf &amp; Welling's GCN setup): 200
 * epochs, full batch, Adam with lr 0.01 and L2 weight decay 5e-4, constant learning rate, no clipping, no early
 * stopping, evaluation every epoch, the epoch with the best validation metric (the first maximum) selected.
 * {@link Optimizer#ADAMW} is the choice for transformer-style models.
 */
public final class TrainConfig {
    /** Default number of epochs. */
    public static final int DEFAULT_EPOCHS = 200;
    /** Default learning rate. */
    public static final double DEFAULT_LR = 0.01;
    /** Default weight decay (L2 for {@link Optimizer#ADAM}, decoupled for {@link Optimizer#ADAMW}). */
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;
    /** Default optimizer: Adam with L2, as {@code torch.optim.Adam(weight_decay=...)} in the baselines. */
    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAM;
    /** Default β₁. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Default β₂. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Default ε. */
    public static final double DEFAULT_EPS = 1e-8;
    /** Default learning-rate schedule. */
    public static final Schedule DEFAULT_SCHEDULE = Schedule.CONSTANT;
    /** Default STEP schedule interval in epochs. */
    public static final int DEFAULT_STEP_SIZE = 50;
    /** Default STEP schedule factor. */
    public static final double DEFAULT_STEP_GAMMA = 0.5;
    /** Default warm-up epochs (none). */
    public static final int DEFAULT_WARMUP_EPOCHS = 0;
    /** Default gradient clipping: off. */
    public static final double DEFAULT_CLIP_NORM = 0;
    /**
     * Default patience: 0, no early stopping. The baselines train all epochs and select the best validation epoch;
     * stopping early could only lose a later maximum, so it is an opt-in speed-up (e.g. 100).
     */
    public static final int DEFAULT_PATIENCE = 0;
    /** Default batch size: 0, full batch. */
    public static final int DEFAULT_BATCH_SIZE = 0;
    /** Default evaluation interval: every epoch. */
    public static final int DEFAULT_EVAL_EVERY = 1;
    /** Default seed. */
    public static final long DEFAULT_SEED = 0;

    /** The parameter update rule. */
    public enum Optimizer {
        /** Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), {@code torch.optim.AdamW}. */
        ADAMW,
        /** Adam (Kingma &amp; Ba 2015) with L2 added to the gradient, {@code torch.optim.Adam(weight_decay=λ)}. */
        ADAM
    }

    /** The learning rate per epoch, after the warm-up. */
    public enum Schedule {
        /** {@code lr}. */
        CONSTANT,
        /** {@code lr · ½(1 + cos(π·t/T))}, t epochs after warm-up out of T = epochs − warm-up; reaches 0. */
        COSINE,
        /** {@code lr · γ^⌊t/stepSize⌋}, t epochs after warm-up. */
        STEP
    }

    /** Keys of {@link #toMap()} that do not change the trained parameters, left out of the fingerprint. */
    private static final Set<String> NOT_FINGERPRINTED = Set.of("checkpoint_dir", "checkpoint_every", "resume",
            "eval_train");

    private final int epochs;
    private final double lr;
    private final double weightDecay;
    private final Optimizer optimizer;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Schedule schedule;
    private final int stepSize;
    private final double stepGamma;
    private final int warmupEpochs;
    private final double clipNorm;
    private final int patience;
    private final int batchSize;
    private final int evalEvery;
    private final boolean evalTrain;
    private final Path checkpointDir;
    private final int checkpointEvery;
    private final Path resume;
    private final long seed;

    private TrainConfig(Builder b) {
        epochs = b.epochs;
        lr = b.lr;
        weightDecay = b.weightDecay;
        optimizer = b.optimizer;
        beta1 = b.beta1;
        beta2 = b.beta2;
        eps = b.eps;
        schedule = b.schedule;
        stepSize = b.stepSize;
        stepGamma = b.stepGamma;
        warmupEpochs = b.warmupEpochs;
        clipNorm = b.clipNorm;
        patience = b.patience;
        batchSize = b.batchSize;
        evalEvery = b.evalEvery;
        evalTrain = b.evalTrain;
        checkpointDir = b.checkpointDir;
        checkpointEvery = b.checkpointEvery;
        resume = b.resume;
        seed = b.seed;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.lr = lr;
        b.weightDecay = weightDecay;
        b.optimizer = optimizer;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.eps = eps;
        b.schedule = schedule;
        b.stepSize = stepSize;
        b.stepGamma = stepGamma;
        b.warmupEpochs = warmupEpochs;
        b.clipNorm = clipNorm;
        b.patience = patience;
        b.batchSize = batchSize;
        b.evalEvery = evalEvery;
        b.evalTrain = evalTrain;
        b.checkpointDir = checkpointDir;
        b.checkpointEvery = checkpointEvery;
        b.resume = resume;
        b.seed = seed;
        return b;
    }

    /** @return the number of epochs */
    public int epochs() {
        return epochs;
    }

    /** @return the base learning rate */
    public double lr() {
        return lr;
    }

    /** @return the weight decay λ */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return β₁ */
    public double beta1() {
        return beta1;
    }

    /** @return β₂ */
    public double beta2() {
        return beta2;
    }

    /** @return ε */
    public double eps() {
        return eps;
    }

    /** @return the learning-rate schedule */
    public Schedule schedule() {
        return schedule;
    }

    /** @return the STEP schedule's interval in epochs */
    public int stepSize() {
        return stepSize;
    }

    /** @return the STEP schedule's factor γ */
    public double stepGamma() {
        return stepGamma;
    }

    /** @return the warm-up epochs */
    public int warmupEpochs() {
        return warmupEpochs;
    }

    /** @return the maximal global gradient L2 norm, 0 for no clipping */
    public double clipNorm() {
        return clipNorm;
    }

    /** @return epochs without a better validation metric before stopping, 0 for never */
    public int patience() {
        return patience;
    }

    /** @return training nodes per step, 0 for full batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return evaluate every this many epochs (and after the last) */
    public int evalEvery() {
        return evalEvery;
    }

    /**
     * @return whether each epoch's evaluation also scores the training nodes (the final evaluation of the restored
     *     best weights always does)
     */
    public boolean evalTrain() {
        return evalTrain;
    }

    /** @return where checkpoints go, or {@code null} for none */
    public Path checkpointDir() {
        return checkpointDir;
    }

    /** @return write a checkpoint every this many epochs (0: only at the end); needs a checkpoint folder */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return a checkpoint to resume from, or {@code null} */
    public Path resume() {
        return resume;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /**
     * The learning rate of an epoch: linear warm-up {@code lr·(e+1)/W} for the first W epochs, then the schedule
     * over the remaining epochs.
     *
     * @param epoch 0-based epoch
     * @return its learning rate
     */
    public double learningRate(int epoch) {
        if (epoch < warmupEpochs) {
            return lr * (epoch + 1) / warmupEpochs;
        }
        int t = epoch - warmupEpochs;
        int total = Math.max(1, epochs - warmupEpochs);
        return switch (schedule) {
            case CONSTANT -> lr;
            case COSINE -> lr * 0.5 * (1 + Math.cos(Math.PI * t / total));
            case STEP -> lr * Math.pow(stepGamma, t / stepSize);
        };
    }

    /**
     * The full configuration for reports (JSON), keys in snake case; paths as strings, absent ones {@code null}.
     *
     * @return an ordered map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("lr", lr);
        m.put("weight_decay", weightDecay);
        m.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("schedule", schedule.name().toLowerCase(java.util.Locale.ROOT));
        m.put("step_size", stepSize);
        m.put("step_gamma", stepGamma);
        m.put("warmup_epochs", warmupEpochs);
        m.put("clip_norm", clipNorm);
        m.put("patience", patience);
        m.put("batch_size", batchSize);
        m.put("eval_every", evalEvery);
        m.put("eval_train", evalTrain);
        m.put("checkpoint_dir", checkpointDir == null ? null : checkpointDir.toString());
        m.put("checkpoint_every", checkpointEvery);
        m.put("resume", resume == null ? null : resume.toString());
        m.put("seed", seed);
        return m;
    }

    /**
     * A hash of everything that determines the trained parameters (all of {@link #toMap()} except the checkpoint
     * and resume options and {@code eval_train}); a checkpoint only resumes under the same fingerprint.
     *
     * @return 16 hex digits
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        toMap().forEach((k, v) -> {
            if (!NOT_FINGERPRINTED.contains(k)) {
                sb.append(k).append('=').append(v).append(';');
            }
        });
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TrainConfig" + toMap();
    }

    /** Builder; every option has a default (the {@code DEFAULT_*} constants). */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private double lr = DEFAULT_LR;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private Optimizer optimizer = DEFAULT_OPTIMIZER;
        private double beta1 = DEFAULT_BETA1;
        private double beta2 = DEFAULT_BETA2;
        private double eps = DEFAULT_EPS;
        private Schedule schedule = DEFAULT_SCHEDULE;
        private int stepSize = DEFAULT_STEP_SIZE;
        private double stepGamma = DEFAULT_STEP_GAMMA;
        private int warmupEpochs = DEFAULT_WARMUP_EPOCHS;
        private double clipNorm = DEFAULT_CLIP_NORM;
        private int patience = DEFAULT_PATIENCE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private boolean evalTrain = true;
        private Path checkpointDir;
        private int checkpointEvery;
        private Path resume;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        /**
         * @param epochs number of epochs, at least 1
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * @param lr learning rate, positive
         * @return this builder
         */
        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        /**
         * @param weightDecay λ, non-negative
         * @return this builder
         */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * @param optimizer the update rule
         * @return this builder
         */
        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /**
         * @param beta1 β₁ in [0, 1)
         * @param beta2 β₂ in [0, 1)
         * @return this builder
         */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * @param eps ε, positive
         * @return this builder
         */
        public Builder optEps(double eps) {
            this.eps = eps;
            return this;
        }

        /**
         * @param schedule CONSTANT or COSINE (STEP: {@link #optStepSchedule})
         * @return this builder
         */
        public Builder optSchedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * Selects the STEP schedule.
         *
         * @param stepSize epochs between decays, at least 1
         * @param gamma the factor per decay
         * @return this builder
         */
        public Builder optStepSchedule(int stepSize, double gamma) {
            this.schedule = Schedule.STEP;
            this.stepSize = stepSize;
            this.stepGamma = gamma;
            return this;
        }

        /**
         * @param warmupEpochs epochs of linear warm-up, non-negative
         * @return this builder
         */
        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        /**
         * @param clipNorm maximal global gradient L2 norm, 0 for none
         * @return this builder
         */
        public Builder optClipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /**
         * @param patience stop after this many epochs without a better validation metric, 0 for never
         * @return this builder
         */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /**
         * @param batchSize training nodes per step (shuffled each epoch), 0 for full batch
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param evalEvery evaluate every this many epochs (and after the last), at least 1
         * @return this builder
         */
        public Builder optEvalEvery(int evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        /**
         * @param evalTrain whether each epoch's evaluation also scores the training nodes (default true; off saves
         *     a forward pass over them every epoch in mini-batch runs; the restored best weights are scored on them
         *     once at the end either way)
         * @return this builder
         */
        public Builder optEvalTrain(boolean evalTrain) {
            this.evalTrain = evalTrain;
            return this;
        }

        /**
         * @param dir the folder for checkpoints (written at the end, and every {@code every} epochs)
         * @param every epochs between checkpoints, 0 for only at the end
         * @return this builder
         */
        public Builder optCheckpoints(Path dir, int every) {
            this.checkpointDir = dir;
            this.checkpointEvery = every;
            return this;
        }

        /**
         * @param checkpoint a checkpoint written by {@link Trainer} to continue from, or {@code null}
         * @return this builder
         */
        public Builder optResume(Path checkpoint) {
            this.resume = checkpoint;
            return this;
        }

        /**
         * @param seed the seed of dropout and of the mini-batch order (the model's initialization is the
         *     caller's)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the configuration
         * @throws dev.tessera.TesseraException when an option is out of range (the message names it)
         */
        public TrainConfig build() {
            check(epochs >= 1, "epochs", epochs, "at least 1");
            check(lr > 0 && Double.isFinite(lr), "lr", lr, "positive");
            check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay", weightDecay, "non-negative");
            check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
            check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
            check(eps > 0, "eps", eps, "positive");
            check(stepSize >= 1, "step_size", stepSize, "at least 1");
            check(stepGamma > 0, "step_gamma", stepGamma, "positive");
            check(warmupEpochs >= 0, "warmup_epochs", warmupEpochs, "non-negative");
            check(clipNorm >= 0, "clip_norm", clipNorm, "non-negative");
            check(patience >= 0, "patience", patience, "non-negative");
            check(batchSize >= 0, "batch_size", batchSize, "non-negative");
            check(evalEvery >= 1, "eval_every", evalEvery, "at least 1");
            check(checkpointEvery >= 0, "checkpoint_every", checkpointEvery, "non-negative");
            check(checkpointEvery == 0 || checkpointDir != null, "checkpoint_every", checkpointEvery,
                    "only with a checkpoint folder");
            return new TrainConfig(this);
        }

        private static void check(boolean ok, String option, Object value, String expected) {
            if (!ok) {
                throw new dev.tessera.TesseraException("training option " + option + " = " + value + ": must be "
                        + expected);
            }
        }
    }
}
