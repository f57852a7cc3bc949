package dev.tessera.train;

import dev.tessera.progress.Progress;
import java.util.Locale;

/** Follows a {@link Trainer#fit} run epoch by epoch, e.g. to draw a progress bar. Plain Java; called on the training thread. */
public interface TrainListener {
    /** Ignores everything. */
    TrainListener NONE = (stats, bestEpoch, bestVal) -> {
    };

    /**
     * Called once before the first epoch.
     *
     * @param firstEpoch the epoch training starts at (above 0 when resuming)
     * @param epochs the configured number of epochs
     */
    default void onStart(int firstEpoch, int epochs) {
    }

    /**
     * Called after each epoch (after its checkpoint, if any).
     *
     * @param stats the epoch's loss, metrics and times
     * @param bestEpoch the best epoch so far, -1 before the first evaluation
     * @param bestVal its validation metric
     */
    void onEpoch(EpochStats stats, int bestEpoch, double bestVal);

    /**
     * Called once after the best weights are restored and scored.
     *
     * @param result the run's result
     */
    default void onEnd(RunResult result) {
    }

    /**
     * A listener that advances a {@link Progress} task by one step per epoch and shows loss and metrics beside it.
     *
     * @param progress where to report
     * @param name the task's name, e.g. {@code gcn seed 0}
     * @return the listener
     */
    static TrainListener progress(Progress progress, String name) {
        return new TrainListener() {
            private Progress.Task task = Progress.Task.NONE;

            @Override
            public void onStart(int firstEpoch, int epochs) {
                task = progress.start(name, epochs, "epochs");
                task.step(firstEpoch);
            }

            @Override
            public void onEpoch(EpochStats s, int bestEpoch, double bestVal) {
                task.step(1);
                // Epochs without an evaluation (--eval-every) show the loss and the best so far only.
                task.message(Double.isNaN(s.val())
                        ? String.format(Locale.ROOT, "loss %.4f  best %.4f@%d", s.loss(), bestVal, bestEpoch)
                        : String.format(Locale.ROOT, "loss %.4f  val %.4f  best %.4f@%d", s.loss(), s.val(), bestVal,
                                bestEpoch));
            }

            @Override
            public void onEnd(RunResult result) {
                task.message(String.format(Locale.ROOT, "best epoch %d  val %.4f  test %.4f", result.bestEpoch(),
                        result.val(), result.test()));
                task.close();
            }
        };
    }
}
