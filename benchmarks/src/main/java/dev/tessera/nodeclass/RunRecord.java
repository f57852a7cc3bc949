package dev.tessera.nodeclass;

import dev.tessera.train.RunResult;

/**
 * One training run of an experiment: one split, one seed, with the best-validation weights restored.
 *
 * @param split the split's name
 * @param result the training loop's result
 */
public record RunRecord(String split, RunResult result) {
    /** @return validation metric of the restored weights */
    public double val() {
        return result.val();
    }

    /** @return test metric of the restored weights */
    public double test() {
        return result.test();
    }
}
