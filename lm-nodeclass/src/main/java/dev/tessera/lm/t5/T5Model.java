package dev.tessera.lm.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import dev.tessera.djl.Scalars;
import dev.tessera.io.AtomicFiles;
import dev.tessera.io.safetensors.SafetensorsWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * T5 / Flan-T5 encoder-decoder (Raffel et al., JMLR 2020) on DJL NDArrays, numerically matching Hugging Face's
 * {@code T5ForConditionalGeneration} in eval mode (no dropout).
 *
 * <ul>
 *   <li>Embeddings {@code x = shared[ids]}, unscaled.</li>
 *   <li>RMS layer norm {@code w * x / sqrt(mean(x²) + ε)}, no mean, no bias; pre-norm residual blocks.</li>
 *   <li>Attention {@code softmax(q kᵀ + bias + mask) v} with NO 1/sqrt(d_kv); q, k, v: [H·d_kv, d], o: [d, H·d_kv].
 *       The relative position bias [1, H, T, S] is gathered once per stack from block 0's
 *       {@code relative_attention_bias} and reused by every self-attention layer; cross-attention has none.
 *       Masks are additive and act on keys only (padding; future positions in decoder self-attention).</li>
 *   <li>Feed-forward {@code wo(relu(wi x))} or gated {@code wo(gelu_new(wi_0 x) * (wi_1 x))}, with
 *       {@code gelu_new(x) = x/2 · (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))}.</li>
 *   <li>LM head {@code h lm_headᵀ}, or tied {@code (h d^-1/2) sharedᵀ}.</li>
 * </ul>
 *
 * <p>Parameters live in the model's own manager under their HF names ({@link #parameters()}); every forward
 * starts its chains from the data, so activations land in the inputs' manager. For fine-tuning, call
 * {@code setRequiresGradient(true)} on the parameters and run {@link #forward} inside a GradientCollector.
 */
public final class T5Model implements AutoCloseable {
    /** Additive mask value at masked keys (any large negative value gives exp() = 0, as HF's float32 min does). */
    static final float MASKED = -1e9f;

    private final T5Config config;
    private final NDManager manager;
    private final Map<String, NDArray> params;

    private T5Model(T5Config config, NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.manager = manager;
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * Loads {@code config.json} and the safetensors weights of a Hugging Face checkpoint directory.
     *
     * @param dir the directory
     * @param parent the manager that will own the model's sub-manager
     * @return the model
     * @throws dev.tessera.TesseraException on a missing or malformed file
     */
    public static T5Model load(Path dir, NDManager parent) {
        T5Config config = T5Config.fromJson(dir.resolve("config.json"));
        return of(config, T5Checkpoint.read(dir, config), parent);
    }

    /**
     * @param config the architecture
     * @param checkpoint weights checked against it
     * @param parent the manager that will own the model's sub-manager
     * @return the model
     */
    public static T5Model of(T5Config config, T5Checkpoint checkpoint, NDManager parent) {
        NDManager m = parent.newSubManager();
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, T5Checkpoint.Tensor> e : checkpoint.tensors().entrySet()) {
            NDArray a = m.create(e.getValue().data(), new Shape(e.getValue().shape()));
            a.setName(e.getKey());
            p.put(e.getKey(), a);
        }
        return new T5Model(config, m, p);
    }

    /**
     * A freshly initialised model, with HF's {@code _init_weights} distributions (factor 1): embeddings and LM head
     * N(0, 1); q N(0, (d·d_kv)^-1/2); k, v N(0, d^-1/2); o N(0, (H·d_kv)^-1/2); position bias N(0, d^-1/2);
     * wi N(0, d^-1/2); wo N(0, d_ff^-1/2); norms 1. Drawn in Java, so deterministic given the seed.
     *
     * @param config the architecture
     * @param parent the manager that will own the model's sub-manager
     * @param seed the random seed
     * @return the model
     */
    public static T5Model random(T5Config config, NDManager parent, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NDManager m = parent.newSubManager();
        Map<String, NDArray> p = new LinkedHashMap<>();
        double d = config.dModel();
        for (Map.Entry<String, long[]> e : T5Checkpoint.expectedShapes(config).entrySet()) {
            String n = e.getKey();
            double std;
            if (n.endsWith("layer_norm.weight")) {
                std = 0;
            } else if (n.endsWith(".q.weight")) {
                std = Math.pow(d * config.dKv(), -0.5);
            } else if (n.endsWith(".o.weight")) {
                std = Math.pow(config.innerDim(), -0.5);
            } else if (n.endsWith("wo.weight")) {
                std = Math.pow(config.dFf(), -0.5);
            } else if (n.equals(T5Checkpoint.SHARED) || n.equals(T5Checkpoint.LM_HEAD)) {
                std = 1;
            } else {
                std = Math.pow(d, -0.5);
            }
            int numel = Math.toIntExact(dev.tessera.io.safetensors.SafetensorsTensor.numel(e.getValue()));
            float[] v = new float[numel];
            for (int i = 0; i < numel; i++) {
                v[i] = std == 0 ? 1f : (float) (std * rnd.nextGaussian());
            }
            NDArray a = m.create(v, new Shape(e.getValue()));
            a.setName(n);
            p.put(n, a);
        }
        return new T5Model(config, m, p);
    }

    /**
     * Writes the model as a Hugging Face checkpoint directory: {@code config.json} and a float32
     * {@code model.safetensors} (no aliases; a tied head is {@code shared.weight}), each replaced atomically.
     * {@link #load} and transformers' {@code from_pretrained} read it back.
     *
     * @param dir the directory (created when missing; other files in it are left alone)
     * @throws dev.tessera.TesseraException when writing fails
     */
    public void save(Path dir) {
        byte[] json = config.toJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve("config.json"), out -> out.write(json));
        SafetensorsWriter w = new SafetensorsWriter();
        w.putMetadata("format", "pt");
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            w.addFloat32(e.getKey(), e.getValue().toFloatArray(), e.getValue().getShape().getShape());
        }
        AtomicFiles.write(dir.resolve(T5Checkpoint.MODEL_FILE), w::writeTo);
    }

    /** @return the manager that owns the parameters (to check that training leaves nothing behind in it) */
    public NDManager manager() {
        return manager;
    }

    /** @return the architecture */
    public T5Config config() {
        return config;
    }

    /** @return the parameters by HF name (tied aliases appear once, as {@code shared.weight}) */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * The parameters as DJL {@link Parameter}s (for optimizers such as {@code dev.tessera.train.Adam}); each call
     * marks every array as requiring a gradient.
     *
     * @return one parameter per HF name, sharing the arrays of {@link #parameters()}
     */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            e.getValue().setRequiresGradient(true);
            out.add(Parameter.builder().setName(e.getKey()).setType(Parameter.Type.WEIGHT).optArray(e.getValue())
                    .build());
        }
        return out;
    }

    /**
     * @param name an HF parameter name
     * @return the parameter
     */
    public NDArray parameter(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return a;
    }

    /**
     * The encoder's output.
     *
     * @param lastHiddenState [B, S, d], after the final layer norm
     * @param hiddenStates HF's convention: [0] the embeddings, [i] block i-1's output, [L] = lastHiddenState
     */
    public record EncoderOutput(NDArray lastHiddenState, List<NDArray> hiddenStates) {
    }

    /**
     * The decoder's output under teacher forcing.
     *
     * @param logits [B, T, V]
     * @param lastHiddenState [B, T, d], after the final layer norm, before the LM head
     * @param hiddenStates HF's convention, as in {@link EncoderOutput}
     */
    public record DecoderOutput(NDArray logits, NDArray lastHiddenState, List<NDArray> hiddenStates) {
    }

    /**
     * Runs the encoder.
     *
     * @param inputIds [B, S] int64 token ids
     * @param attentionMask [B, S], 1 at real tokens and 0 at padding (any numeric type)
     * @return its output, in the inputs' manager
     */
    public EncoderOutput encode(NDArray inputIds, NDArray attentionMask) {
        int s = Math.toIntExact(inputIds.getShape().get(1));
        NDArray x = embed(inputIds);
        List<NDArray> hidden = new ArrayList<>();
        hidden.add(x);
        NDArray bias = positionBias(x.getManager(), false, 0, s, s);
        NDArray mask = keyMask(x.getManager(), attentionMask);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "encoder.block." + i + ".layer.";
            NDArray h = rmsNorm(x, p + "0.layer_norm.weight");
            NDArray kv = h;
            x = x.add(attention(h, kv, p + "0.SelfAttention.", bias.add(mask)));
            x = x.add(feedForward(rmsNorm(x, p + "1.layer_norm.weight"), p + "1.DenseReluDense."));
            hidden.add(x);
        }
        NDArray last = rmsNorm(x, "encoder.final_layer_norm.weight");
        hidden.set(hidden.size() - 1, last);
        return new EncoderOutput(last, List.copyOf(hidden));
    }

    /**
     * Runs the decoder with teacher forcing (causal self-attention, no decoder padding mask) and the LM head.
     *
     * @param decoderInputIds [B, T] int64, starting with the decoder start token
     * @param encoderHidden [B, S, d], the encoder's last hidden state
     * @param attentionMask [B, S], the encoder's padding mask
     * @return logits and hidden states, in the decoder inputs' manager
     */
    public DecoderOutput decode(NDArray decoderInputIds, NDArray encoderHidden, NDArray attentionMask) {
        int t = Math.toIntExact(decoderInputIds.getShape().get(1));
        NDArray x = embed(decoderInputIds);
        NDManager m = x.getManager();
        List<NDArray> hidden = new ArrayList<>();
        hidden.add(x);
        float[] causal = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                causal[i * t + j] = MASKED;
            }
        }
        NDArray selfBias = positionBias(m, true, 0, t, t).add(m.create(causal, new Shape(1, 1, t, t)));
        NDArray crossMask = keyMask(m, attentionMask);
        for (int i = 0; i < config.numDecoderLayers(); i++) {
            String p = "decoder.block." + i + ".layer.";
            NDArray h = rmsNorm(x, p + "0.layer_norm.weight");
            x = x.add(attention(h, h, p + "0.SelfAttention.", selfBias));
            x = x.add(attention(rmsNorm(x, p + "1.layer_norm.weight"), encoderHidden, p + "1.EncDecAttention.",
                    crossMask));
            x = x.add(feedForward(rmsNorm(x, p + "2.layer_norm.weight"), p + "2.DenseReluDense."));
            hidden.add(x);
        }
        NDArray last = rmsNorm(x, "decoder.final_layer_norm.weight");
        hidden.set(hidden.size() - 1, last);
        return new DecoderOutput(lmHead(last), last, List.copyOf(hidden));
    }

    /**
     * Encoder and teacher-forced decoder in one call.
     *
     * @param inputIds [B, S]
     * @param attentionMask [B, S]
     * @param decoderInputIds [B, T]
     * @return the decoder's output; logits [B, T, V]
     */
    public DecoderOutput forward(NDArray inputIds, NDArray attentionMask, NDArray decoderInputIds) {
        return decode(decoderInputIds, encode(inputIds, attentionMask).lastHiddenState(), attentionMask);
    }

    /**
     * Mean token cross-entropy of teacher-forced decoding, HF's {@code labels} convention: the decoder input is the
     * labels shifted right behind the start token, and label positions equal to {@code ignoreId} are left out.
     *
     * @param inputIds [B, S]
     * @param attentionMask [B, S]
     * @param labels [B, T] int64 target ids
     * @param ignoreId label value that marks positions without a target (HF uses -100)
     * @return the scalar loss, in the inputs' manager
     */
    public NDArray loss(NDArray inputIds, NDArray attentionMask, NDArray labels, long ignoreId) {
        NDManager m = inputIds.getManager();
        NDArray labelCopy = labels.duplicate();
        labelCopy.attach(m);
        long[] lab = labelCopy.toType(DataType.INT64, false).toLongArray();
        int b = Math.toIntExact(labels.getShape().get(0));
        int t = Math.toIntExact(labels.getShape().get(1));
        long[] dec = new long[b * t];
        long[] target = new long[b * t];
        float[] weight = new float[b * t];
        int count = 0;
        for (int r = 0; r < b; r++) {
            dec[r * t] = config.decoderStartTokenId();
            for (int j = 0; j < t; j++) {
                long y = lab[r * t + j];
                boolean ignored = y == ignoreId;
                if (j + 1 < t) {
                    dec[r * t + j + 1] = ignored ? config.padTokenId() : y;
                }
                target[r * t + j] = ignored ? 0 : y;
                weight[r * t + j] = ignored ? 0 : 1;
                count += ignored ? 0 : 1;
            }
        }
        NDArray logits = forward(inputIds, attentionMask, m.create(dec, new Shape(b, t))).logits();
        NDArray logp = logits.logSoftmax(-1);
        NDArray picked = logp.gather(m.create(target, new Shape(b, t, 1)), 2).reshape(b, t);
        return picked.mul(m.create(weight, new Shape(b, t))).sum().div(Scalars.of(picked, -Math.max(count, 1)));
    }

    /**
     * The relative position bias of a stack.
     *
     * @param m the manager for the result
     * @param decoder true for the decoder (causal buckets), false for the encoder (bidirectional)
     * @param queryOffset position of the first query (cached prefix length during incremental decoding)
     * @param queryLength T
     * @param keyLength S
     * @return [1, H, T, S], {@code bias[h, i, j] = W[bucket(j - i), h]}
     */
    public NDArray positionBias(NDManager m, boolean decoder, int queryOffset, int queryLength, int keyLength) {
        long[] buckets = T5RelativePosition.table(queryOffset, queryLength, keyLength, !decoder,
                config.relativeAttentionNumBuckets(), config.relativeAttentionMaxDistance());
        NDArray idx = m.create(buckets, new Shape(queryLength, keyLength));
        NDArray w = parameter((decoder ? "decoder" : "encoder") + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight");
        return Embedding.embedding(idx, w, SparseFormat.DENSE).singletonOrThrow().transpose(2, 0, 1).expandDims(0);
    }

    /**
     * The LM head.
     *
     * @param hidden [..., d] decoder hidden states after the final norm
     * @return [..., V] logits
     */
    public NDArray lmHead(NDArray hidden) {
        if (config.tieWordEmbeddings()) {
            NDArray scaled = hidden.mul(Scalars.of(hidden, Math.pow(config.dModel(), -0.5)));
            return Linear.linear(scaled, parameter(T5Checkpoint.SHARED))
                    .singletonOrThrow();
        }
        return Linear.linear(hidden, parameter(T5Checkpoint.LM_HEAD)).singletonOrThrow();
    }

    NDArray embed(NDArray ids) {
        return Embedding.embedding(ids.toType(DataType.INT64, false), parameter(T5Checkpoint.SHARED),
                SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * @param m the manager for the result and its temporaries (the mask may live elsewhere, e.g. beside the parameters)
     * @param attentionMask [B, S], 1 at real keys
     * @return [B, 1, 1, S] additive mask, 0 at real keys and {@link #MASKED} at padding
     */
    NDArray keyMask(NDManager m, NDArray attentionMask) {
        Shape s = attentionMask.getShape();
        NDArray a = attentionMask.duplicate();
        a.attach(m);
        return a.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED).reshape(s.get(0), 1, 1, s.get(1));
    }

    NDArray rmsNorm(NDArray x, String weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add((float) config.layerNormEpsilon()).sqrt()).mul(parameter(weight));
    }

    /** [B, T, H·d_kv] → [B, H, T, d_kv]. */
    NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), config.numHeads(), config.dKv()).transpose(0, 2, 1, 3);
    }

    /** Projects and splits into heads. */
    NDArray project(NDArray x, String weight) {
        return heads(Linear.linear(x, parameter(weight)).singletonOrThrow());
    }

    NDArray attention(NDArray x, NDArray kvIn, String p, NDArray biasAndMask) {
        return attend(project(x, p + "q.weight"), project(kvIn, p + "k.weight"), project(kvIn, p + "v.weight"),
                biasAndMask, p);
    }

    /**
     * Scaled-free dot-product attention on split heads and the output projection.
     *
     * @param q [B, H, T, d_kv]
     * @param k [B, H, S, d_kv]
     * @param v [B, H, S, d_kv]
     * @param biasAndMask broadcastable to [B, H, T, S], or null
     * @param p the attention's parameter prefix
     * @return [B, T, d]
     */
    NDArray attend(NDArray q, NDArray k, NDArray v, NDArray biasAndMask, String p) {
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (biasAndMask != null) {
            scores = scores.add(biasAndMask);
        }
        NDArray ctx = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        Shape s = ctx.getShape();
        ctx = ctx.reshape(s.get(0), s.get(1), config.innerDim());
        return Linear.linear(ctx, parameter(p + "o.weight")).singletonOrThrow();
    }

    NDArray feedForward(NDArray x, String p) {
        NDArray h;
        switch (config.feedForward()) {
            case RELU -> h = ai.djl.nn.Activation.relu(Linear.linear(x, parameter(p + "wi.weight")).singletonOrThrow());
            case GATED_RELU -> h = ai.djl.nn.Activation.relu(Linear.linear(x, parameter(p + "wi_0.weight"))
                    .singletonOrThrow()).mul(Linear.linear(x, parameter(p + "wi_1.weight")).singletonOrThrow());
            case GATED_GELU -> h = geluNew(Linear.linear(x, parameter(p + "wi_0.weight")).singletonOrThrow())
                    .mul(Linear.linear(x, parameter(p + "wi_1.weight")).singletonOrThrow());
            default -> throw new IllegalStateException(config.feedForward().toString());
        }
        return Linear.linear(h, parameter(p + "wo.weight")).singletonOrThrow();
    }

    /**
     * HF's {@code gelu_new} (the tanh approximation; the engine's gelu is the erf form, which differs by ~1e-3).
     *
     * @param x any shape
     * @return {@code x/2 · (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))}
     */
    static NDArray geluNew(NDArray x) {
        // Engine-owned scalars: autograd keeps each operand for the backward pass (see Scalars).
        NDArray cube = x.pow(Scalars.of(x, 3)).mul(Scalars.of(x, 0.044715));
        NDArray inner = x.add(cube).mul(Scalars.of(x, Math.sqrt(2.0 / Math.PI)));
        return x.mul(Scalars.of(x, 0.5)).mul(inner.tanh().add(1f));
    }

    /** Releases the parameters. */
    @Override
    public void close() {
        manager.close();
    }
}
