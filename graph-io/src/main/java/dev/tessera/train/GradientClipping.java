package dev.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}: with
 * {@code ‖g‖ = sqrt(Σ_p ‖g_p‖²)} over all parameters, every gradient is scaled by
 * {@code min(1, maxNorm / (‖g‖ + 1e-6))}.
 */
public final class GradientClipping {
    /** Added to the norm before dividing, as PyTorch does. */
    public static final double NORM_EPS = 1e-6;

    private GradientClipping() {
    }

    /**
     * @param parameters parameters with gradients (those not requiring one are skipped)
     * @param maxNorm the largest global norm allowed, positive
     * @param manager for temporaries
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm, NDManager manager) {
        try (NDManager tmp = manager.newSubManager()) {
            double sumSquares = 0;
            NDArray[] grads = new NDArray[parameters.size()];
            for (int i = 0; i < grads.length; i++) {
                Parameter p = parameters.get(i);
                if (!p.requiresGradient()) {
                    continue;
                }
                grads[i] = p.getArray().getGradient();
                grads[i].attach(tmp);
                NDArray sq = grads[i].square().sum();
                sumSquares += sq.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
            double norm = Math.sqrt(sumSquares);
            double coefficient = maxNorm / (norm + NORM_EPS);
            if (coefficient < 1) {
                for (NDArray g : grads) {
                    if (g != null) {
                        g.muli((float) coefficient);
                    }
                }
            }
            return norm;
        }
    }
}
