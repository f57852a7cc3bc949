package dev.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.tessera.djl.Scalars;

/** The classification losses of the training loop, numerically stable, mean over the batch. */
public final class Losses {
    private Losses() {
    }

    /**
     * The loss of a node classifier: {@link #softmaxCrossEntropy} for C &ge; 2 logits, {@link #binaryCrossEntropy}
     * for a single logit.
     *
     * @param logits float32 [n, C]
     * @param labels int64 [n], classes in [0, C) (0/1 for C = 1)
     * @return the scalar loss, in the logits' manager
     */
    public static NDArray classification(NDArray logits, NDArray labels) {
        return logits.getShape().get(1) == 1 ? binaryCrossEntropy(logits, labels) : softmaxCrossEntropy(logits, labels);
    }

    /**
     * Softmax cross-entropy {@code −(1/n) Σ_i log_softmax(z_i)[y_i]}, with {@code log_softmax} computed stably
     * (the row maximum subtracted), as {@code torch.nn.functional.cross_entropy}.
     *
     * @param logits float32 [n, C]
     * @param labels int64 [n], classes in [0, C)
     * @return the scalar loss, in the logits' manager
     */
    public static NDArray softmaxCrossEntropy(NDArray logits, NDArray labels) {
        NDArray logProb = logits.logSoftmax(1);
        NDArray picked = logProb.gather(labels.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * Binary cross-entropy with logits, {@code (1/n) Σ_i max(z_i, 0) − z_i·y_i + log(1 + e^{−|z_i|})}, the stable
     * form of {@code −y·log σ(z) − (1−y)·log(1−σ(z))} ({@code torch.nn.functional.binary_cross_entropy_with_logits}).
     *
     * @param logits float32 [n, 1] or [n]
     * @param labels [n], 0 or 1
     * @return the scalar loss, in the logits' manager
     */
    public static NDArray binaryCrossEntropy(NDArray logits, NDArray labels) {
        NDArray z = logits.reshape(-1);
        NDArray y = labels.toType(DataType.FLOAT32, false).reshape(-1);
        NDArray softplus = z.abs().neg().exp().add(1f).log(); // e^{-|z|} ≤ 1: no overflow
        return z.maximum(Scalars.of(z, 0)).sub(z.mul(y)).add(softplus).mean();
    }

}
