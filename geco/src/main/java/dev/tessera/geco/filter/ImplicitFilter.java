package dev.tessera.geco.filter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.tessera.geco.layers.Dense;
import dev.tessera.geco.layers.FixedShapeBlock;
import dev.tessera.geco.layers.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyena's implicit long filter (Poli et al., "Hyena Hierarchy", ICML 2023, §3.3; reference {@code HyenaFilter}),
 * two-sided for node sequences: C channels, one value per lag t in (−n, n).
 *
 * <pre>  z(t)   = [ t/n, cos(2π f t/n), −sin(2π f t/n) for f = 1..B ]                 positional features, t = 0..n−1
 *  g(t)   = W_out · sin(ω ⊙ W_I · … sin(ω ⊙ (W_1 z(t) + b_1)) …)                     [2C] (C per side)
 *  w_c(t) = exp(−δ_c · t/n),  δ_c spaced linearly in [−ln(target)/slow, −ln(target)/fast]   Hyena's decay window
 *  k_c(+t) = w_c(t) g_c(t),   k_c(−t) = w_c(t) g_{C+c}(t)  (t ≥ 1);   k_c(0) = w_c(0) g_c(0)
 *  k_c ← k_c / Σ_t |k_c(t)|                                                           (when normalized)</pre>
 *
 * ω is one trainable frequency per hidden unit shared by the sine layers (Hyena's {@code Sin}). Positions are
 * relative to the sequence length, so one filter serves any n (the full graph and mini-batches alike). The L1
 * normalization (Hyena's {@code normalized=True}) makes the convolution a weighted average along the sequence
 * whatever n is: unnormalized, the decayed filters sum to O(n) and the output's scale would grow with the graph.
 * Causal mode ({@code bidirectional = false}) sets the negative lags to zero, as Hyena on text.
 *
 * <p>Output: the kernel [2n − 1, C] (row r = lag r − (n − 1)), the layout of {@link dev.tessera.geco.fft}.
 */
public final class ImplicitFilter extends FixedShapeBlock {
    private final int channels;
    private final int bands;
    private final boolean bidirectional;
    private final boolean normalized;
    private final float decayMin;
    private final float decayMax;
    private final Dense first;
    private final List<Dense> inner = new ArrayList<>();
    private final Dense out;
    private final Parameter frequency;

    /**
     * @param channels C, the filter's channels
     * @param bands B, frequency bands of the positional features (Hyena's {@code emb_dim} = 1 + 2B)
     * @param width hidden width of the sine network (Hyena's {@code filter_order})
     * @param innerLayers hidden-to-hidden layers (Hyena's {@code num_inner_mlps})
     * @param frequency ω's initial value (Hyena's {@code w})
     * @param fastDecay fraction of the sequence over which the fastest channel decays to {@code target}
     * @param slowDecay the same for the slowest channel
     * @param target the window's value at that point
     * @param bidirectional whether negative lags have their own filter (else zero: causal)
     * @param normalized whether each channel is divided by its L1 norm
     */
    public ImplicitFilter(int channels, int bands, int width, int innerLayers, float frequency, float fastDecay,
            float slowDecay, float target, boolean bidirectional, boolean normalized) {
        this.channels = channels;
        this.bands = bands;
        this.bidirectional = bidirectional;
        this.normalized = normalized;
        this.decayMin = (float) (-Math.log(target) / slowDecay);
        this.decayMax = (float) (-Math.log(target) / fastDecay);
        this.first = child("first", new Dense(1 + 2 * bands, width, true));
        for (int i = 0; i < innerLayers; i++) {
            inner.add(child("inner" + i, new Dense(width, width, true)));
        }
        this.out = child("out", new Dense(width, (bidirectional ? 2 : 1) * channels, false));
        this.frequency = declare(Parameters.constant("frequency", new Shape(width), frequency));
    }

    /** @return C */
    public int channels() {
        return channels;
    }

    /**
     * The kernel of channels {@code [from, to)}, for a sequence of length n.
     *
     * @param store parameter values
     * @param like a tensor whose manager and device the result takes
     * @param n the sequence length
     * @param from first channel
     * @param to one past the last channel
     * @param training whether gradients are recorded
     * @return float32 [2n − 1, to − from], row r = lag r − (n − 1)
     */
    public NDArray kernel(ParameterStore store, NDArray like, int n, int from, int to, boolean training) {
        NDManager m = like.getManager();
        NDArray t = m.arange(0f, n, 1f, DataType.FLOAT32, like.getDevice()).div(n).reshape(n, 1);
        NDList features = new NDList(t);
        for (int f = 1; f <= bands; f++) {
            NDArray angle = t.mul(2 * Math.PI * f);
            features.add(angle.cos());
            features.add(angle.sin().neg());
        }
        NDArray z = NDArrays.concat(features, 1);
        NDArray omega = store.getValue(frequency, like.getDevice(), training);
        NDArray h = first.forward(store, z, training).mul(omega).sin();
        for (Dense layer : inner) {
            h = layer.forward(store, h, training).mul(omega).sin();
        }
        int width = to - from;
        NDArray decay = m.linspace(decayMin, decayMax, channels, true).toDevice(like.getDevice(), false)
                .get(from + ":" + to);
        NDArray window = t.mul(decay.neg().reshape(1, width)).exp(); // [n, width]
        NDArray positive = out.forwardRows(store, h, from, to, training).mul(window);
        NDArray negative = null;
        if (bidirectional && n > 1) {
            negative = out.forwardRows(store, h, channels + from, channels + to, training).mul(window)
                    .get(new NDIndex("1:"));
        }
        if (normalized) {
            NDArray l1 = positive.abs().sum(new int[] {0});
            if (negative != null) {
                l1 = l1.add(negative.abs().sum(new int[] {0}));
            }
            NDArray scale = l1.add(1e-8f).reshape(1, width);
            positive = positive.div(scale);
            if (negative != null) {
                negative = negative.div(scale);
            }
        }
        if (n == 1) {
            return positive;
        }
        NDArray left = negative == null ? m.zeros(new Shape(n - 1, width), DataType.FLOAT32, like.getDevice())
                : negative.flip(0);
        return NDArrays.concat(new NDList(left, positive), 0);
    }
}
