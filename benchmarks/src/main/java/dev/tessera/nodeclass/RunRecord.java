package dev.tessera.nodeclass;

/**
 * One training run: one model, one split, one seed, with the best-validation weights restored.
 *
 * @param split the split's name
 * @param seed the run's seed
 * @param val validation metric of the restored weights, in [0, 1]
 * @param test test metric of the restored weights, in [0, 1]
 * @param bestEpoch the epoch whose weights were kept (0-based)
 * @param epochs the number of epochs run (fewer than configured when early stopping ended the run)
 * @param epochMs mean wall time of one training epoch (forward, backward, optimizer step), warm-up excluded
 * @param evalMs mean wall time of one evaluation (forward on validation and test nodes, metrics)
 * @param seconds wall time of the whole run
 */
public record RunRecord(String split, long seed, double val, double test, int bestEpoch, int epochs, double epochMs,
        double evalMs, double seconds) {
}
