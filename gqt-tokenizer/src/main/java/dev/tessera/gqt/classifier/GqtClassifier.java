package dev.tessera.gqt.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import dev.tessera.djl.Scalars;
import dev.tessera.nn.layers.Dense;
import dev.tessera.nn.layers.FixedShapeBlock;
import dev.tessera.nn.layers.Norm;
import dev.tessera.nn.layers.Parameters;
import dev.tessera.nn.functional.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * The GQT classifier (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025): a transformer over the RVQ
 * tokens of a node's PPR sequence. Per target node b, sequence position s (S nodes: the target, then its
 * neighbours strongest first) and token slot t (K code levels, then the quantized vector):
 *
 * <pre>  e[b,s,t] = P E[id + t·C]   (t &lt; K)     E [K·C, D] from the codebooks, P: D → d  (codebookInit)
 *           = E[id + t·C]                    E [K·C, d] random                       (otherwise)
 *  e[b,s,K] = W_q q[b,s]                     q: the node's quantized vector [D]
 *  x = (e + L[t] + Pos[s]) ⊙ g[b,s]          L: level encodings, Pos: position encodings (sinusoid init)
 *  g[b,s] = σ(a ⊙ log max(w̃[b,s], 10⁻⁶) + c), w̃ = w / max_s w   PPR-weight gate, a, c ∈ ℝ^d
 *  H = TransformerLayer^L(x), the S·(K+1) tokens as one sequence, padded nodes' tokens masked as keys
 *  h[b,s] = Σ_t drop(GELU(LN(H)))[b,s,t]    the K+1 token outputs of a node summed
 *  α[b] = softmax_s(h[b,s] u + β) over real positions;  z[b] = Σ_s α[b,s] h[b,s]
 *  logits[b] = PReLU(z[b] W_1ᵀ + b_1) W_2ᵀ + b_2    d → d/2 → C</pre>
 *
 * Each modulation (codebook init, L, Pos, g) is a switch of {@link GqtClassifierConfig}; a switched-off one has no
 * parameters. The gate starts at a = 1/2, c = 1 (σ(1) ≈ 0.73 for the strongest node, ≈ 0.21 for one at 1 % of
 * it): a soft, learned version of the reference code's {@code x · w}, which would scale neighbours by ~10⁻².
 *
 * <p><b>Padding.</b> Padded positions (mask 0) are excluded as attention keys and from the pooling, so their content
 * never reaches a real position: the logits do not depend on it.
 */
public final class GqtClassifier extends FixedShapeBlock {
    /** The gate's initial slope a. */
    public static final float GATE_SLOPE = 0.5f;
    /** The gate's initial offset c. */
    public static final float GATE_OFFSET = 1f;
    /** PyTorch's PReLU initial slope. */
    public static final float PRELU_INIT = 0.25f;

    private final GqtClassifierConfig config;
    private final Parameter embedding;
    private final Dense codeProjection;
    private final Dense quantizedProjection;
    private final Parameter levels;
    private final Parameter positions;
    private final Parameter gateSlope;
    private final Parameter gateOffset;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Norm outputNorm;
    private final Dense pool;
    private final Dense hidden;
    private final Parameter preluSlope;
    private final Dense output;

    /** @param config the architecture */
    public GqtClassifier(GqtClassifierConfig config) {
        this.config = config;
        int d = config.dim();
        int vocab = config.levels() * config.codebookSize();
        int width = config.codebookInit() ? config.codeDim() : d;
        this.embedding = declare(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocab, width)).optInitializer(new NormalInitializer((float) (1 / Math.sqrt(d))))
                .build());
        this.codeProjection = config.codebookInit() ? child("codeProjection", new Dense(config.codeDim(), d, true))
                : null;
        this.quantizedProjection = child("quantizedProjection", new Dense(config.codeDim(), d, true));
        this.levels = config.levelEncoding() ? declare(Parameter.builder().setName("levels")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.tokensPerNode(), d))
                .optInitializer(new NormalInitializer(0.02f)).build()) : null;
        this.positions = config.positionEncoding() ? declare(Parameter.builder().setName("positions")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.sequenceLength(), d))
                .optInitializer(new NormalInitializer(0.02f)).build()) : null; // sinusoids set by initialize()
        this.gateSlope = config.pprGating() ? declare(Parameters.constant("gateSlope", new Shape(d), GATE_SLOPE))
                : null;
        this.gateOffset = config.pprGating() ? declare(Parameters.constant("gateOffset", new Shape(d), GATE_OFFSET))
                : null;
        for (int l = 0; l < config.layers(); l++) {
            layers.add(child("layer" + l, new TransformerLayer(d, config.heads(), config.ffnMultiplier(),
                    config.dropout())));
        }
        this.outputNorm = child("outputNorm", new Norm(d));
        this.pool = child("pool", new Dense(d, 1, true));
        int h = Math.max(1, d / 2);
        this.hidden = child("hidden", new Dense(d, h, true));
        this.preluSlope = declare(Parameters.constant("prelu", new Shape(1), PRELU_INIT));
        this.output = child("output", new Dense(h, config.numClasses(), true));
    }

    /** @return the architecture */
    public GqtClassifierConfig config() {
        return config;
    }

    /**
     * Initializes the parameters (from the engine's generator: seed it first), then copies the codebooks into the
     * code embeddings (with codebook init) and sinusoids into the position encodings:
     * {@code Pos[s, 2i] = sin(s / 10000^(2i/d))}, {@code Pos[s, 2i+1] = cos(s / 10000^(2i/d))}.
     *
     * @param manager where the parameters live
     * @param codebooks row-major [K, C, D] (used with codebook init; may be null otherwise)
     */
    public void initialize(NDManager manager, float[] codebooks) {
        initialize(manager, DataType.FLOAT32);
        if (config.codebookInit()) {
            long size = (long) config.levels() * config.codebookSize() * config.codeDim();
            if (codebooks == null || codebooks.length != size) {
                throw new IllegalArgumentException("codebooks must be [K, C, D] = " + size + " floats");
            }
            embedding.getArray().set(codebooks);
        }
        if (positions != null) {
            positions.getArray().set(sinusoids(config.sequenceLength(), config.dim()));
        }
    }

    /**
     * @param length S
     * @param dim d
     * @return the sinusoid position table [S, d], row-major
     */
    static float[] sinusoids(int length, int dim) {
        float[] t = new float[length * dim];
        for (int s = 0; s < length; s++) {
            for (int i = 0; i < dim; i++) {
                double angle = s / Math.pow(10000, (double) (i - i % 2) / dim);
                t[s * dim + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return t;
    }

    /**
     * @param store parameter values
     * @param codes int64 [B, S, K], global code ids {@code id + level·C}
     * @param quantized float32 [B, S, D], the nodes' quantized vectors
     * @param weights float32 [B, S], PPR weights (0 where padded)
     * @param mask float32 [B, S], 1 at real positions, 0 where padded (position 0 must be real)
     * @param training whether dropout is on
     * @return float32 [B, C] logits, in codes' manager
     */
    public NDArray forward(ParameterStore store, NDArray codes, NDArray quantized, NDArray weights, NDArray mask,
            boolean training) {
        NDManager m = codes.getManager();
        long b = codes.getShape().get(0);
        int s = config.sequenceLength();
        int k = config.levels();
        int d = config.dim();
        if (!codes.getShape().equals(new Shape(b, s, k))) {
            throw new IllegalArgumentException("codes must be [B, " + s + ", " + k + "], got " + codes.getShape());
        }
        NDArray table = store.getValue(embedding, codes.getDevice(), training);
        NDArray e = Embedding.embedding(codes, table, SparseFormat.DENSE).singletonOrThrow();
        e.attach(m);
        if (codeProjection != null) {
            e = codeProjection.forward(store, e, training);
        }
        NDArray q = quantizedProjection.forward(store, quantized, training).reshape(b, s, 1, d);
        NDArray x = NDArrays.concat(new NDList(e, q), 2); // [B, S, K+1, d]
        if (levels != null) {
            x = x.add(view(store, levels, m, training, 1, 1, k + 1, d));
        }
        if (positions != null) {
            x = x.add(view(store, positions, m, training, 1, s, 1, d));
        }
        if (gateSlope != null) {
            NDArray real = weights.mul(mask);
            NDArray rel = real.div(real.max(new int[] {1}, true)).maximum(1e-6f).log().reshape(b, s, 1, 1);
            NDArray a = store.getValue(gateSlope, codes.getDevice(), training);
            NDArray c = store.getValue(gateOffset, codes.getDevice(), training);
            x = x.mul(ai.djl.nn.Activation.sigmoid(rel.mul(a).add(c)));
        }
        int t = s * (k + 1);
        x = x.reshape(b, t, d);
        NDArray keyBias = MultiHeadAttention.keyBias(mask.reshape(b, s, 1).repeat(2, k + 1).reshape(b, t));
        for (TransformerLayer layer : layers) {
            x = layer.forward(store, x, keyBias, training);
        }
        x = Dropout.dropout(ai.djl.nn.Activation.gelu(outputNorm.forward(store, x, training)), config.dropout(),
                training);
        NDArray h = x.reshape(b, s, k + 1, d).sum(new int[] {2}); // [B, S, d]
        NDArray scores = pool.forward(store, h, training).reshape(b, s).add(mask.sub(1f).mul(-MultiHeadAttention.MASKED));
        NDArray alpha = scores.softmax(1).reshape(b, s, 1);
        NDArray z = h.mul(alpha).sum(new int[] {1}); // [B, d]
        NDArray y = hidden.forward(store, z, training);
        NDArray slope = store.getValue(preluSlope, y.getDevice(), training);
        y = y.maximum(Scalars.of(y, 0)).add(y.minimum(Scalars.of(y, 0)).mul(slope));
        return output.forward(store, y, training);
    }

    /** A parameter reshaped, the view moved to the call's manager (else each call leaves a handle in the model's). */
    private static NDArray view(ParameterStore store, Parameter p, NDManager m, boolean training, long... shape) {
        NDArray v = store.getValue(p, m.getDevice(), training).reshape(shape);
        v.attach(m);
        return v;
    }
}
