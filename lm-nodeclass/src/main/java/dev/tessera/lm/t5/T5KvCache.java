package dev.tessera.lm.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Incremental (KV-cached) decoding of a {@link T5Model}: the cross-attention keys and values are projected once
 * from the encoder output, the self-attention keys and values of every decoded position are kept and extended by
 * one position per {@link #step}. Each step costs one decoder position instead of re-running the whole prefix; the
 * result equals teacher-forced decoding of the same prefix up to float rounding. Inference only (no gradients).
 *
 * <p>All cached arrays live in the cache's own manager; {@link #close()} frees them.
 */
public final class T5KvCache implements AutoCloseable {
    private final T5Model model;
    private final NDManager manager;
    private final int layers;
    private final NDArray[] crossK;
    private final NDArray[] crossV;
    private final NDArray[] selfK;
    private final NDArray[] selfV;
    private NDArray crossMask;
    private int rows;
    private int length;

    /**
     * Projects the cross-attention keys and values of every decoder layer.
     *
     * @param model the model
     * @param encoderHidden [B, S, d], the encoder's last hidden state (not taken over)
     * @param attentionMask [B, S], the encoder's padding mask (not taken over)
     */
    public T5KvCache(T5Model model, NDArray encoderHidden, NDArray attentionMask) {
        this.model = model;
        this.manager = encoderHidden.getManager().newSubManager();
        this.layers = model.config().numDecoderLayers();
        this.crossK = new NDArray[layers];
        this.crossV = new NDArray[layers];
        this.selfK = new NDArray[layers];
        this.selfV = new NDArray[layers];
        this.rows = Math.toIntExact(encoderHidden.getShape().get(0));
        try (NDManager tmp = manager.newSubManager()) {
            NDArray enc = encoderHidden.duplicate();
            enc.attach(tmp);
            for (int i = 0; i < layers; i++) {
                String p = "decoder.block." + i + ".layer.1.EncDecAttention.";
                crossK[i] = keep(model.project(enc, p + "k.weight"));
                crossV[i] = keep(model.project(enc, p + "v.weight"));
            }
            crossMask = keep(model.keyMask(tmp, attentionMask));
        }
    }

    private NDArray keep(NDArray a) {
        a.attach(manager);
        return a;
    }

    /** @return decoder positions cached so far */
    public int length() {
        return length;
    }

    /** @return B, rows decoded in parallel */
    public int rows() {
        return rows;
    }

    /**
     * Feeds one token per row and returns the next-token logits.
     *
     * @param tokens the token of each row at position {@link #length()}
     * @return row-major [B, V] raw logits
     */
    public float[] step(long[] tokens) {
        if (tokens.length != rows) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + rows + " rows");
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDArray x = model.embed(tmp.create(tokens, new Shape(rows, 1)));
            // Causal: the single query sees every cached key, so only the bias is needed.
            NDArray bias = model.positionBias(tmp, true, length, 1, length + 1);
            for (int i = 0; i < layers; i++) {
                String p = "decoder.block." + i + ".layer.";
                NDArray h = model.rmsNorm(x, p + "0.layer_norm.weight");
                NDArray k = model.project(h, p + "0.SelfAttention.k.weight");
                NDArray v = model.project(h, p + "0.SelfAttention.v.weight");
                if (selfK[i] != null) {
                    k = NDArrays.concat(new NDList(selfK[i], k), 2);
                    v = NDArrays.concat(new NDList(selfV[i], v), 2);
                    selfK[i].close();
                    selfV[i].close();
                }
                selfK[i] = keep(k);
                selfV[i] = keep(v);
                NDArray q = model.project(h, p + "0.SelfAttention.q.weight");
                x = x.add(model.attend(q, selfK[i], selfV[i], bias, p + "0.SelfAttention."));
                NDArray h2 = model.rmsNorm(x, p + "1.layer_norm.weight");
                x = x.add(model.attend(model.project(h2, p + "1.EncDecAttention.q.weight"), crossK[i], crossV[i],
                        crossMask, p + "1.EncDecAttention."));
                x = x.add(model.feedForward(model.rmsNorm(x, p + "2.layer_norm.weight"), p + "2.DenseReluDense."));
            }
            NDArray logits = model.lmHead(model.rmsNorm(x, "decoder.final_layer_norm.weight"));
            length++;
            return logits.toFloatArray();
        }
    }

    /**
     * Reorders (and repeats) rows, as beam search does after choosing the next beams.
     *
     * @param source for each new row, the old row it copies
     */
    public void reorder(int[] source) {
        long[] idx = new long[source.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = source[i];
        }
        try (NDManager tmp = manager.newSubManager()) {
            NDArray index = tmp.create(idx);
            for (int i = 0; i < layers; i++) {
                crossK[i] = select(crossK[i], index);
                crossV[i] = select(crossV[i], index);
                if (selfK[i] != null) {
                    selfK[i] = select(selfK[i], index);
                    selfV[i] = select(selfV[i], index);
                }
            }
            crossMask = select(crossMask, index);
        }
        rows = source.length;
    }

    /** Rows of {@code a} by index, via an embedding gather of the flattened rows; closes {@code a}. */
    private NDArray select(NDArray a, NDArray index) {
        Shape s = a.getShape();
        long[] dims = s.getShape();
        NDArray flat = a.reshape(dims[0], -1);
        NDArray picked = Embedding.embedding(index, flat, SparseFormat.DENSE).singletonOrThrow();
        dims[0] = index.getShape().get(0);
        NDArray out = picked.reshape(new Shape(dims));
        NDArray kept = keep(out);
        flat.close();
        a.close();
        return kept;
    }

    /** Frees the cached keys and values. */
    @Override
    public void close() {
        manager.close();
    }
}
