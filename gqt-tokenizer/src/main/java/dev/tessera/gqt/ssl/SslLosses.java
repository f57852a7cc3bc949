package dev.tessera.gqt.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.tessera.djl.Scalars;

/**
 * The self-supervised losses of the GQT tokenizer as functions of tensors. Every result is a float32 scalar in the
 * first argument's manager, differentiable in every argument.
 */
public final class SslLosses {
    /** Guards the norms of all-zero rows in the cosine losses. */
    public static final float NORM_EPSILON = 1e-6f;

    private SslLosses() {}

    /**
     * The scaled cosine error of GraphMAE (Hou et al., KDD 2022): {@code mean_i (1 − cos(x̂_i, x_i))^γ}.
     *
     * @param predicted float32 [M, F]
     * @param target    float32 [M, F]
     * @param gamma     γ ≥ 1; larger values down-weight rows that are already well reconstructed
     */
    public static NDArray scaledCosineError(NDArray predicted, NDArray target, double gamma) {
        // clamped at 0: rounding can put cos a hair above 1, and a negative base to a fractional power is NaN
        NDArray distance = cosine(predicted, target).neg().add(1f);
        return distance.maximum(Scalars.of(distance, 0)).pow(Scalars.of(distance, gamma)).mean();
    }

    /**
     * {@link #scaledCosineError} against a target whose rows are already unit vectors ({@link #unit}): the
     * reconstruction compares several re-masked predictions with one target, which is then normalized once.
     *
     * @param predicted  float32 [M, F]
     * @param unitTarget float32 [M, F], {@code unit(target)}
     */
    public static NDArray scaledCosineErrorToUnit(NDArray predicted, NDArray unitTarget, double gamma) {
        float eps2 = NORM_EPSILON * NORM_EPSILON;
        NDArray na = predicted.square().sum(new int[] {1}).add(eps2).sqrt();
        NDArray distance = predicted.mul(unitTarget).sum(new int[] {1}).div(na).neg().add(1f);
        return distance.maximum(Scalars.of(distance, 0)).pow(Scalars.of(distance, gamma)).mean();
    }

    /**
     * The BGRL loss (Thakoor et al., ICLR 2022) up to its constant factor: {@code mean_i (1 − cos(p_i, t_i))}; the
     * target is detached by the caller (the teacher has no gradient).
     *
     * @param prediction float32 [N, d], the student's predictor output
     * @param target     float32 [N, d], the teacher's embedding
     */
    public static NDArray cosineDistillation(NDArray prediction, NDArray target) {
        return cosine(prediction, target).neg().add(1f).mean();
    }

    /** @return {@code cos(a_i, b_i)} per row, [M] */
    static NDArray cosine(NDArray a, NDArray b) {
        // sqrt(|a|² + ε²), not max(|a|, ε): the gradient of sqrt at an all-zero row (a re-masked decoder input can
        // give one) would be infinite and turn the step into NaN.
        float eps2 = NORM_EPSILON * NORM_EPSILON;
        NDArray na = a.square().sum(new int[] {1}).add(eps2).sqrt();
        NDArray nb = b.square().sum(new int[] {1}).add(eps2).sqrt();
        return a.mul(b).sum(new int[] {1}).div(na.mul(nb));
    }

    /**
     * Deep Graph Infomax (Veličković et al., ICLR 2019), binary cross-entropy of a bilinear discriminator on
     * unit-length vectors:
     *
     * <pre>
     *   s = σ(mean_i z_i)                     [d], the summary of the clean graph
     *   D(h, s) = ŝᵀ W ĥ,   ŝ = s/‖s‖, ĥ = h/‖h‖   (PyG's hᵀ W s with W transposed: the same family of scores)
     *   L = mean_i softplus(−D(z_i, s)) + mean_i softplus(D(z̃_i, s))
     * </pre>
     *
     * i.e. {@code −mean log σ(D(z, s)) − mean log(1 − σ(D(z̃, s)))}; at a Glorot-initialized W the scores are
     * O(1/√d) and the loss starts at chance, 2 ln 2. The reference GQT code sums the embeddings with no sigmoid; this
     * is the original DGI summary.
     *
     * <p>Why unit length: the original score {@code sᵀWh} grows with ‖s‖·‖h‖. The GQT encoder ends in LayerNorm with
     * residual connections, so ‖h‖ ≈ √d or more, and ‖s‖ ≈ √d/2 (a sigmoid of means near 0). At d = 128 the
     * initial scores then have a standard deviation near 8 (the loss started at 6.5, not 1.39, on Cora), and one
     * AdamW step, which moves every entry of W by about the learning rate, can move a score by up to
     * lr·‖s‖₁·‖h‖₁ ≈ 10⁻³·64·128·1.4 ≈ 11: the discriminator overshot every few steps and the loss oscillated between
     * 1 and 40 for the whole run. On unit vectors the same step moves a score by at most lr·d (0.13 at d = 128), and
     * the encoder's gradient no longer rewards growing its embeddings.
     *
     * @param positive float32 [N, d], embeddings of the clean graph
     * @param negative float32 [N', d], embeddings of the corrupted graph (row-shuffled features)
     * @param weight   float32 [d, d], W
     */
    public static NDArray dgi(NDArray positive, NDArray negative, NDArray weight) {
        long d = positive.getShape().get(1);
        NDArray s = unit(Activation.sigmoid(positive.mean(new int[] {0})).reshape(1, d));
        NDArray u = s.matMul(weight).transpose(); // [d, 1]; starts from s so it stays in the data's manager
        NDArray pos = unit(positive).matMul(u);
        NDArray neg = unit(negative).matMul(u);
        return Activation.softPlus(pos.neg()).mean().add(Activation.softPlus(neg).mean());
    }

    /** @return each row divided by {@code sqrt(‖row‖² + ε²)} (finite gradient at an all-zero row) */
    public static NDArray unit(NDArray a) {
        return a.div(a.square().sum(new int[] {1}, true).add(NORM_EPSILON * NORM_EPSILON).sqrt());
    }
}
