package dev.tessera.lm.train;

/**
 * Settings of teacher-forced fine-tuning ({@link T5Trainer}). Build with {@link #builder()}; every field has a
 * default, named as a constant.
 *
 * <p>The learning rate at optimizer step s (0-based) of N, with W warmup steps, follows Hugging Face's
 * {@code get_linear_schedule_with_warmup}: {@code η·s/W} for {@code s < W}, then {@code η·(N − s)/(N − W)}
 * ({@link Schedule#LINEAR}); or {@code η} throughout ({@link Schedule#CONSTANT}).
 *
 * @param epochs passes over the examples
 * @param batchSize examples per optimizer step (the last batch of an epoch may be smaller)
 * @param learningRate peak η
 * @param schedule how η changes over the steps
 * @param warmupFraction W as a fraction of all steps (rounded down), for {@link Schedule#LINEAR}
 * @param weightDecay AdamW's decoupled λ
 * @param maxGradNorm global L2 norm the gradients are clipped to; 0 for no clipping
 * @param maxInputLength the most input tokens per example (longer inputs keep their head and the final EOS)
 * @param maxTargetLength the most target tokens per example, likewise
 * @param seed seeds the shuffling of the examples
 * @param examplesPerEpoch k, the examples one epoch visits ({@link EpochSampler}: consecutive slices of a seeded,
 *     reshuffled stream of all examples); {@link #ALL_EXAMPLES} for all of them
 */
public record T5TrainSettings(int epochs, int batchSize, double learningRate, Schedule schedule,
        double warmupFraction, double weightDecay, double maxGradNorm, int maxInputLength, int maxTargetLength,
        long seed, int examplesPerEpoch) {
    /** Default epochs. */
    public static final int DEFAULT_EPOCHS = 3;
    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 8;
    /** Default peak learning rate (a common Flan-T5 fine-tuning value with AdamW). */
    public static final double DEFAULT_LEARNING_RATE = 3e-4;
    /** Default warmup, as a fraction of all steps. */
    public static final double DEFAULT_WARMUP_FRACTION = 0.06;
    /** Default AdamW weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    /** Default clipping norm (HF Trainer's {@code max_grad_norm}). */
    public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
    /** Default input budget (Flan-T5's usual 512). */
    public static final int DEFAULT_MAX_INPUT_LENGTH = 512;
    /** Default target budget (label names are short). */
    public static final int DEFAULT_MAX_TARGET_LENGTH = 32;
    /** Default seed. */
    public static final long DEFAULT_SEED = 0;
    /** {@link #examplesPerEpoch} meaning "every example, every epoch" (the default). */
    public static final int ALL_EXAMPLES = 0;
    /** AdamW's β₁. */
    public static final double BETA1 = 0.9;
    /** AdamW's β₂. */
    public static final double BETA2 = 0.999;
    /** AdamW's ε. */
    public static final double EPS = 1e-8;

    /** How the learning rate changes over the optimizer steps. */
    public enum Schedule {
        /** The peak rate at every step. */
        CONSTANT,
        /** Linear warmup from 0 to the peak, then linear decay to 0 at the last step. */
        LINEAR
    }

    public T5TrainSettings {
        check(epochs >= 1, "epochs must be >= 1, got " + epochs);
        check(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        check(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        check(schedule != null, "schedule must be set");
        check(warmupFraction >= 0 && warmupFraction < 1, "warmup fraction must be in [0, 1), got " + warmupFraction);
        check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        check(maxGradNorm >= 0, "max grad norm must be >= 0, got " + maxGradNorm);
        check(maxInputLength >= 1 && maxTargetLength >= 1, "max input and target lengths must be >= 1");
        check(examplesPerEpoch >= 0, "examples per epoch must be >= 1 (or 0 for all), got " + examplesPerEpoch);
    }

    /**
     * @param n the number of examples
     * @return the examples one epoch visits: k, or n when k is {@link #ALL_EXAMPLES} or more than n
     */
    public int examplesPerEpoch(int n) {
        return examplesPerEpoch == ALL_EXAMPLES ? n : Math.min(n, examplesPerEpoch);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.schedule = schedule;
        b.warmupFraction = warmupFraction;
        b.weightDecay = weightDecay;
        b.maxGradNorm = maxGradNorm;
        b.maxInputLength = maxInputLength;
        b.maxTargetLength = maxTargetLength;
        b.seed = seed;
        b.examplesPerEpoch = examplesPerEpoch;
        return b;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static T5TrainSettings defaults() {
        return builder().build();
    }

    /**
     * @param step the optimizer step, 0-based
     * @param totalSteps N, the steps of the whole run
     * @return η at that step
     */
    public double learningRateAt(long step, long totalSteps) {
        if (schedule == Schedule.CONSTANT) {
            return learningRate;
        }
        long warmup = (long) Math.floor(warmupFraction * totalSteps);
        if (step < warmup) {
            return learningRate * step / warmup;
        }
        return learningRate * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmup));
    }

    /** Builds {@link T5TrainSettings}. */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private Schedule schedule = Schedule.LINEAR;
        private double warmupFraction = DEFAULT_WARMUP_FRACTION;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private double maxGradNorm = DEFAULT_MAX_GRAD_NORM;
        private int maxInputLength = DEFAULT_MAX_INPUT_LENGTH;
        private int maxTargetLength = DEFAULT_MAX_TARGET_LENGTH;
        private long seed = DEFAULT_SEED;
        private int examplesPerEpoch = ALL_EXAMPLES;

        private Builder() {
        }

        /** @param n epochs (default {@value T5TrainSettings#DEFAULT_EPOCHS}) @return this */
        public Builder optEpochs(int n) {
            this.epochs = n;
            return this;
        }

        /** @param n batch size (default {@value T5TrainSettings#DEFAULT_BATCH_SIZE}) @return this */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param lr peak learning rate (default {@value T5TrainSettings#DEFAULT_LEARNING_RATE}) @return this */
        public Builder optLearningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param s schedule (default LINEAR) @return this */
        public Builder optSchedule(Schedule s) {
            this.schedule = s;
            return this;
        }

        /** @param f warmup fraction (default {@value T5TrainSettings#DEFAULT_WARMUP_FRACTION}) @return this */
        public Builder optWarmupFraction(double f) {
            this.warmupFraction = f;
            return this;
        }

        /** @param wd weight decay (default {@value T5TrainSettings#DEFAULT_WEIGHT_DECAY}) @return this */
        public Builder optWeightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /** @param n clipping norm, 0 = none (default {@value T5TrainSettings#DEFAULT_MAX_GRAD_NORM}) @return this */
        public Builder optMaxGradNorm(double n) {
            this.maxGradNorm = n;
            return this;
        }

        /** @param n input budget (default {@value T5TrainSettings#DEFAULT_MAX_INPUT_LENGTH}) @return this */
        public Builder optMaxInputLength(int n) {
            this.maxInputLength = n;
            return this;
        }

        /** @param n target budget (default {@value T5TrainSettings#DEFAULT_MAX_TARGET_LENGTH}) @return this */
        public Builder optMaxTargetLength(int n) {
            this.maxTargetLength = n;
            return this;
        }

        /** @param s shuffling seed (default {@value T5TrainSettings#DEFAULT_SEED}) @return this */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @param k examples visited per epoch, {@link #ALL_EXAMPLES} for all (the default); with k below the
         *     number of examples, epochs take consecutive slices of a seeded stream of shuffles
         *     ({@link EpochSampler})
         * @return this
         */
        public Builder optExamplesPerEpoch(int k) {
            this.examplesPerEpoch = k;
            return this;
        }

        /** @return the settings */
        public T5TrainSettings build() {
            return new T5TrainSettings(epochs, batchSize, learningRate, schedule, warmupFraction, weightDecay,
                    maxGradNorm, maxInputLength, maxTargetLength, seed, examplesPerEpoch);
        }
    }
}
