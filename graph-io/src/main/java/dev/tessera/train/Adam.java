package dev.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam and AdamW over DJL parameters, in place. Hand-written rather than DJL's {@code Optimizer} because a
 * checkpoint must save and restore the moment estimates and the step count, which DJL's optimizers keep private.
 *
 * <p>At step t with gradient g, learning rate η, weight decay λ, moments m, v (zero at t = 0):
 *
 * <pre>
 * ADAM  (Kingma &amp; Ba 2015; torch.optim.Adam(weight_decay=λ)):  g ← g + λ·w   (L2 in the gradient)
 * ADAMW (Loshchilov &amp; Hutter 2019; torch.optim.AdamW):          w ← w·(1 − η·λ) (decoupled decay)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * w ← w − (η / (1 − β₁ᵗ)) · m / (sqrt(v) / sqrt(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * <p>Only parameters that require a gradient are updated. Each {@link #step} zeroes their gradients afterwards
 * (the engine accumulates them across backward passes). The moments live in the manager given to the
 * constructor; temporaries in a sub-manager closed at the end of the step.
 */
public final class Adam implements AutoCloseable {
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager manager;
    private long step;

    /**
     * @param parameters the model's parameters (those not requiring a gradient are left alone)
     * @param optimizer ADAM or ADAMW
     * @param beta1 β₁
     * @param beta2 β₂
     * @param eps ε
     * @param weightDecay λ
     * @param manager where the moments live (a sub-manager is made and closed with {@link #close})
     */
    public Adam(List<Parameter> parameters, TrainConfig.Optimizer optimizer, double beta1, double beta2, double eps,
            double weightDecay, NDManager manager) {
        this.decoupled = optimizer == TrainConfig.Optimizer.ADAMW;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = manager.newSubManager();
        for (Parameter p : parameters) {
            if (p.requiresGradient()) {
                NDArray w = p.getArray();
                this.parameters.add(p);
                m.add(this.manager.zeros(w.getShape(), w.getDataType()));
                v.add(this.manager.zeros(w.getShape(), w.getDataType()));
            }
        }
    }

    /**
     * @param parameters the model's parameters
     * @param config gives the optimizer, betas, ε and weight decay
     * @param manager where the moments live
     * @return the optimizer
     */
    public static Adam of(List<Parameter> parameters, TrainConfig config, NDManager manager) {
        return new Adam(parameters, config.optimizer(), config.beta1(), config.beta2(), config.eps(),
                config.weightDecay(), manager);
    }

    /**
     * One update of every trainable parameter from its gradient, then zeroes the gradients.
     *
     * @param lr the learning rate η of this step
     */
    public void step(double lr) {
        step++;
        double bias1 = 1 - Math.pow(beta1, step);
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        try (NDManager tmp = manager.newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray g = w.getGradient();
                g.attach(tmp);
                NDArray grad = g;
                if (decoupled) {
                    if (weightDecay != 0) {
                        w.muli((float) (1 - lr * weightDecay));
                    }
                } else if (weightDecay != 0) {
                    // g + λ·w, started from g so that the result lands in tmp, not in the parameter's manager
                    grad = g.add(tmp(tmp, w.mul((float) weightDecay)));
                }
                NDArray mi = m.get(i);
                NDArray vi = v.get(i);
                mi.muli((float) beta1).addi(grad.mul((float) (1 - beta1)));
                vi.muli((float) beta2).addi(grad.square().muli((float) (1 - beta2)));
                NDArray denominator = tmp(tmp, vi.sqrt()).divi((float) bias2Sqrt).addi((float) eps);
                NDArray update = tmp(tmp, mi.div(denominator)).muli((float) (lr / bias1));
                w.subi(update);
                g.subi(g);
            }
        }
    }

    private static NDArray tmp(NDManager tmp, NDArray a) {
        a.attach(tmp);
        return a;
    }

    /** @return the number of steps taken */
    public long stepCount() {
        return step;
    }

    /** @return the updated parameters, in the order of the moments */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    /** @return the first moments m, one per updated parameter (live; do not close) */
    public List<NDArray> firstMoments() {
        return List.copyOf(m);
    }

    /** @return the second moments v, one per updated parameter (live; do not close) */
    public List<NDArray> secondMoments() {
        return List.copyOf(v);
    }

    /**
     * Restores the state saved from {@link #stepCount}, {@link #firstMoments} and {@link #secondMoments}.
     *
     * @param stepCount the steps taken
     * @param first m per updated parameter, row-major
     * @param second v per updated parameter, row-major
     */
    public void restore(long stepCount, List<float[]> first, List<float[]> second) {
        if (first.size() != m.size() || second.size() != v.size()) {
            throw new IllegalArgumentException("moments for " + first.size() + " parameters, optimizer has " + m.size());
        }
        this.step = stepCount;
        for (int i = 0; i < m.size(); i++) {
            m.get(i).set(first.get(i));
            v.get(i).set(second.get(i));
        }
    }

    /** Frees the moments. */
    @Override
    public void close() {
        manager.close();
    }
}
