package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.train.TrainConfig;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Training options shared by {@code train} and {@code bench nodeclass} (a picocli mixin). */
public final class TrainOptions {
    @Option(names = "--seeds", paramLabel = "K", defaultValue = "10",
            description = "Runs per split, with seeds S, S+1, ..., S+K-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "The first seed (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default: "
            + TrainConfig.DEFAULT_EPOCHS + ").")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (default: " + TrainConfig.DEFAULT_LR + ").")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay (default: "
            + TrainConfig.DEFAULT_WEIGHT_DECAY + ").")
    Double weightDecay;

    @Option(names = "--optimizer", paramLabel = "O", description = "adam (L2 penalty in the gradient, as "
            + "torch.optim.Adam and PyG's examples; the default) or adamw (decoupled weight decay).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "S", description = "Learning-rate schedule: constant (default), cosine, "
            + "or step:N:GAMMA (multiply by GAMMA every N epochs).")
    String schedule;

    @Option(names = "--warmup", paramLabel = "E", description = "Linear warm-up epochs (default: 0).")
    Integer warmup;

    @Option(names = "--clip", paramLabel = "X", description = "Clip gradients to this global L2 norm (default: off).")
    Double clip;

    @Option(names = "--patience", paramLabel = "E", description = "Stop when the validation metric has not improved "
            + "for E epochs (default: off; the best-validation weights are restored either way).")
    Integer patience;

    @Option(names = "--batch-size", paramLabel = "B", description = "Training nodes per step (default: all, full batch; "
            + DEFAULT_SAMPLED_BATCH + " with --fanouts).")
    Integer batchSize;

    /** The batch size of sampled mini-batch training when --fanouts is given without --batch-size. */
    static final int DEFAULT_SAMPLED_BATCH = 1024;

    @Option(names = "--eval-every", paramLabel = "E", description = "Evaluate every E epochs (default: 1).")
    Integer evalEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write a checkpoint per run there "
            + "(DIR/SPLIT/seed-S/checkpoint.safetensors).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "E", defaultValue = "10",
            description = "Epochs between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the runs checkpointed in --checkpoint-dir (finished runs are "
            + "reported from their checkpoints).")
    boolean resume;

    /**
     * @param sampled whether the model samples neighbourhoods (--fanouts): then training defaults to mini-batches
     * @return the configuration (seed set per run later)
     * @throws TesseraException naming the option when a value is invalid
     */
    TrainConfig config(boolean sampled) {
        return config(TrainConfig.builder(), sampled);
    }

    /**
     * @param defaults the model's training defaults ({@link dev.tessera.nodeclass.ModelProvider#trainingDefaults})
     * @param sampled whether the model samples neighbourhoods (--fanouts): then training defaults to mini-batches
     * @return the configuration (seed set per run later): the defaults with the options given applied
     * @throws TesseraException naming the option when a value is invalid
     */
    TrainConfig config(TrainConfig.Builder defaults, boolean sampled) {
        if (seeds < 1) {
            throw new TesseraException("--seeds: expected a positive number of runs, got " + seeds);
        }
        if (resume && checkpointDir == null) {
            throw new TesseraException("--resume: needs --checkpoint-dir, the folder the runs were checkpointed to");
        }
        TrainConfig.Builder b = defaults;
        if (epochs != null) {
            b.optEpochs(epochs);
        }
        if (lr != null) {
            b.optLr(lr);
        }
        if (weightDecay != null) {
            b.optWeightDecay(weightDecay);
        }
        if (optimizer != null) {
            b.optOptimizer(switch (optimizer.trim().toLowerCase(Locale.ROOT)) {
                case "adam" -> TrainConfig.Optimizer.ADAM;
                case "adamw" -> TrainConfig.Optimizer.ADAMW;
                default -> throw new TesseraException("--optimizer: expected adam or adamw, got '" + optimizer + "'");
            });
        }
        if (schedule != null) {
            String s = schedule.trim().toLowerCase(Locale.ROOT);
            if (s.equals("constant")) {
                b.optSchedule(TrainConfig.Schedule.CONSTANT);
            } else if (s.equals("cosine")) {
                b.optSchedule(TrainConfig.Schedule.COSINE);
            } else if (s.startsWith("step:")) {
                String[] p = s.split(":");
                try {
                    b.optStepSchedule(Integer.parseInt(p[1]), Double.parseDouble(p[2]));
                } catch (RuntimeException e) {
                    throw new TesseraException("--schedule: expected step:N:GAMMA, e.g. step:50:0.5, got '" + schedule
                            + "'");
                }
            } else {
                throw new TesseraException("--schedule: expected constant, cosine or step:N:GAMMA, got '" + schedule
                        + "'");
            }
        }
        if (warmup != null) {
            b.optWarmupEpochs(warmup);
        }
        if (clip != null) {
            b.optClipNorm(clip);
        }
        if (patience != null) {
            b.optPatience(patience);
        }
        if (batchSize != null) {
            b.optBatchSize(batchSize);
        } else if (sampled) {
            b.optBatchSize(DEFAULT_SAMPLED_BATCH);
        }
        if (evalEvery != null) {
            b.optEvalEvery(evalEvery);
        }
        if (checkpointDir != null) {
            b.optCheckpoints(checkpointDir, checkpointEvery);
        }
        return b.build();
    }
}
