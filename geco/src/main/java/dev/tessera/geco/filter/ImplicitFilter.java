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
import dev.tessera.nn.layers.Dense;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.layers.Parameters;
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
 * <p>Output: the kernel [C, 2n − 1] (column r = lag r − (n − 1)), the layout of {@link dev.tessera.geco.fft}.
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
     * The sine network's last hidden layer at lags t = 0..n−1, shared by every channel's kernel.
     *
     * @param store parameter values
     * @param like a tensor whose manager and device the result takes
     * @param n the sequence length
     * @param training whether gradients are recorded
     * @return float32 [n, width]
     */
    public NDArray hidden(ParameterStore store, NDArray like, int n, boolean training) {
        NDArray t = positions(like, n);
        NDList features = new NDList(t);
        for (int f = 1; f <= bands; f++) {
            NDArray angle = t.mul(2 * Math.PI * f);
            features.add(angle.cos());
            features.add(angle.sin().neg());
        }
        NDArray z = NDArrays.concat(features, 1);
        NDArray omega = store.getValue(frequency, like.getDevice(), training);
        NDArray h = then(z, first.forward(store, z, training), training);
        h = then(h, h.mul(omega), training);
        h = then(h, h.sin(), training);
        for (Dense layer : inner) {
            h = then(h, layer.forward(store, h, training), training);
            h = then(h, h.mul(omega), training);
            h = then(h, h.sin(), training);
        }
        return h;
    }

    /**
     * In inference, frees a step's input once its output exists: on millions of positions every intermediate of
     * the sine network is hundreds of megabytes, and nothing needs them later (training keeps them for backward).
     */
    private static NDArray then(NDArray input, NDArray output, boolean training) {
        if (!training) {
            input.close();
        }
        return output;
    }

    /**
     * The kernel of channels {@code [from, to)} for a sequence of length n.
     *
     * @param store parameter values
     * @param like a tensor whose manager and device the result takes
     * @param n the sequence length
     * @param from first channel
     * @param to one past the last channel
     * @param training whether gradients are recorded
     * @return float32 [to − from, 2n − 1], column r = lag r − (n − 1)
     */
    public NDArray kernel(ParameterStore store, NDArray like, int n, int from, int to, boolean training) {
        return kernel(store, hidden(store, like, n, training), from, to, training);
    }

    /**
     * The kernel of channels {@code [from, to)} from the network's hidden layer ({@link #hidden}).
     *
     * @param store parameter values
     * @param hidden [n, width], from {@link #hidden}
     * @param from first channel
     * @param to one past the last channel
     * @param training whether gradients are recorded
     * @return float32 [to − from, 2n − 1], column r = lag r − (n − 1), in hidden's manager
     */
    public NDArray kernel(ParameterStore store, NDArray hidden, int from, int to, boolean training) {
        int n = Math.toIntExact(hidden.getShape().get(0));
        NDManager m = hidden.getManager();
        int width = to - from;
        NDArray decay = m.linspace(decayMin, decayMax, channels, true).toDevice(hidden.getDevice(), false)
                .get(from + ":" + to);
        NDArray window = positions(hidden, n).reshape(1, n);
        window = then(window, window.mul(decay.neg().reshape(width, 1)), training);
        window = then(window, window.exp(), training); // [width, n]
        NDArray positive = out.forwardChannelsFirst(store, hidden, from, to, training);
        positive = then(positive, positive.mul(window), training);
        NDArray negative = null;
        if (bidirectional && n > 1) {
            negative = out.forwardChannelsFirst(store, hidden, channels + from, channels + to, training);
            negative = then(negative, negative.mul(window), training);
            negative = then(negative, negative.get(new NDIndex(":, 1:")), training);
        }
        if (!training) {
            window.close();
        }
        if (normalized) {
            NDArray l1 = positive.abs().sum(new int[] {1}, true);
            if (negative != null) {
                l1 = l1.add(negative.abs().sum(new int[] {1}, true));
            }
            NDArray scale = l1.add(1e-8f);
            positive = then(positive, positive.div(scale), training);
            if (negative != null) {
                negative = then(negative, negative.div(scale), training);
            }
        }
        if (n == 1) {
            return positive;
        }
        NDArray left = negative == null ? m.zeros(new Shape(width, n - 1), DataType.FLOAT32, hidden.getDevice())
                : then(negative, negative.flip(1), training);
        NDArray kernel = NDArrays.concat(new NDList(left, positive), 1);
        if (!training) {
            left.close();
            positive.close();
        }
        return kernel;
    }

    /** t/n for t = 0..n−1, as [n, 1]. */
    private static NDArray positions(NDArray like, int n) {
        return like.getManager().arange(0f, n, 1f, DataType.FLOAT32, like.getDevice()).div(n).reshape(n, 1);
    }
}
