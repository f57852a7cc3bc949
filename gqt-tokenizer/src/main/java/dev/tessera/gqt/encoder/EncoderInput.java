package dev.tessera.gqt.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tessera.djl.GraphTensors;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.nn.functional.Dropout;
import java.util.Arrays;

/**
 * One view of the node features that the GQT encoder reads, and the first layer's input projection of it.
 *
 * <pre>
 *   X̃[i] = token ⊙ c          if i ∈ M   (masked rows: the learned [MASK] token)
 *   X̃[i] = X[π(i)] ⊙ c        otherwise  (π a row permutation, c a column keep-vector; both default to identity)
 *   project(W) = dropout_p(X̃)·W                                          [N, F]·[F, d] → [N, d]
 * </pre>
 *
 * <p><b>Why the view is not a dense tensor.</b> Bag-of-words features are sparse (Cora: 1.3% of the 2,708 × 1,433
 * entries are non-zero), and the dense product with its dropout mask, its backward {@code X̃ᵀ·dY} and the masking
 * arithmetic on [N, F] were most of a tokenizer step. When the features are sparse enough ({@link #SPARSE_MAX_DENSITY}),
 * {@link #project} drops out only the non-zero entries (a zero stays zero under dropout, so the distribution of
 * {@code dropout(X̃)} is the same), multiplies them as a COO matrix (the engine's sparse product, differentiable in
 * W) and handles the masked rows as one dense {@code [|M|, F]·[F, d]} product of the dropped-out token. Denser
 * features take the dense path: the old arithmetic on a dense X̃.
 *
 * <p>Views are cheap: the non-zeros of X are extracted once, a view only records π, M, the token and c.
 */
public final class EncoderInput {
    /**
     * Largest share of non-zero features for the sparse product: the engine's COO product does far fewer
     * multiply-adds than the dense one but runs at a small fraction of its speed per multiply-add, so it only pays
     * for clearly sparse inputs (bag-of-words features are around 1%).
     */
    public static final double SPARSE_MAX_DENSITY = 0.05;

    private final Features base;
    private final int[] permutation;
    private final int[] masked;
    private final NDArray token;
    private final float[] keep;

    /** The non-zeros of X (CSR) and X itself on the engine; shared by every view. */
    private record Features(int n, int f, long[] rowStart, int[] cols, float[] values, NDArray dense,
                            boolean sparse) {}

    private EncoderInput(Features base, int[] permutation, int[] masked, NDArray token, float[] keep) {
        this.base = base;
        this.permutation = permutation;
        this.masked = masked;
        this.token = token;
        this.keep = keep;
    }

    /**
     * The plain view X, deciding sparse or dense by {@link #SPARSE_MAX_DENSITY}.
     *
     * @param features X [N, F] on the host
     * @param dense    X as float32 [N, F] on the engine (the dense path and {@link #dense} read it)
     */
    public static EncoderInput of(NodeFeatures features, NDArray dense) {
        return of(features, dense, SPARSE_MAX_DENSITY);
    }

    /**
     * @param maxSparseDensity the largest share of non-zeros for the sparse path (1: always sparse, 0: dense)
     */
    public static EncoderInput of(NodeFeatures features, NDArray dense, double maxSparseDensity) {
        int n = features.rows();
        int f = features.cols();
        if (dense.getShape().get(0) != n || dense.getShape().get(1) != f) {
            throw new IllegalArgumentException("features are " + n + " x " + f + ", the tensor " + dense.getShape());
        }
        long[] rowStart = new long[n + 1];
        float[] row = new float[f];
        for (int i = 0; i < n; i++) {
            features.copyRow(i, row);
            int nz = 0;
            for (float v : row) {
                nz += v != 0 ? 1 : 0;
            }
            rowStart[i + 1] = rowStart[i] + nz;
        }
        long nnz = rowStart[n];
        boolean sparse = (double) nnz <= maxSparseDensity * n * f && nnz < Integer.MAX_VALUE;
        int[] cols = new int[sparse ? (int) nnz : 0];
        float[] values = new float[cols.length];
        if (sparse) {
            int q = 0;
            for (int i = 0; i < n; i++) {
                features.copyRow(i, row);
                for (int j = 0; j < f; j++) {
                    if (row[j] != 0) {
                        cols[q] = j;
                        values[q++] = row[j];
                    }
                }
            }
        }
        return new EncoderInput(new Features(n, f, rowStart, cols, values, dense, sparse), null, null, null, null);
    }

    /** @return this view with row i reading row {@code permutation[i]} of X (e.g. DGI's corrupted graph) */
    public EncoderInput permuted(int[] permutation) {
        if (permutation.length != base.n) {
            throw new IllegalArgumentException("permutation of " + permutation.length + " rows for " + base.n);
        }
        return new EncoderInput(base, permutation.clone(), masked, token, keep);
    }

    /**
     * @param rows  the masked rows M, distinct
     * @param token float32 [1, F], the learned [MASK] features (gradients flow to it)
     * @return this view with the rows M replaced by the token
     */
    public EncoderInput masked(int[] rows, NDArray token) {
        if (token.getShape().dimension() != 2 || token.getShape().get(0) != 1 || token.getShape().get(1) != base.f) {
            throw new IllegalArgumentException("mask token must be [1, " + base.f + "], got " + token.getShape());
        }
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        return new EncoderInput(base, permutation, sorted, token, keep);
    }

    /** @return this view with column j scaled by {@code keep[j]} (0 drops it; e.g. the EMA teacher's view) */
    public EncoderInput columnsScaled(float[] keep) {
        if (keep.length != base.f) {
            throw new IllegalArgumentException(keep.length + " column factors for " + base.f + " columns");
        }
        return new EncoderInput(base, permutation, masked, token, keep.clone());
    }

    /** @return N */
    public int rows() {
        return base.n;
    }

    /** @return F */
    public int cols() {
        return base.f;
    }

    /** @return whether {@link #project} multiplies the non-zeros only */
    public boolean isSparse() {
        return base.sparse;
    }

    /** @return X̃ as float32 [N, F] in {@code manager} (for layers that need the dense input) */
    public NDArray dense(NDManager manager) {
        NDArray x = base.dense.duplicate();
        x.attach(manager);
        if (permutation != null) {
            x = x.get(new NDIndex("{}", GraphTensors.nodeIds(manager, permutation)));
        }
        if (keep != null) {
            x = x.mul(manager.create(keep, new Shape(1, base.f)));
        }
        if (masked != null) {
            NDArray m = maskColumn(manager);
            x = x.mul(m.neg().add(1f)).add(m.matMul(token(manager)));
        }
        return x;
    }

    /**
     * {@code dropout_p(X̃)·W}, differentiable in W and in the mask token.
     *
     * @param manager  where the result and temporaries live
     * @param weight   float32 [F, d]
     * @param dropout  p in [0, 1)
     * @param training whether dropout is on (the masks come from the engine's generator, as {@link Dropout})
     * @return float32 [N, d]
     */
    public NDArray project(NDManager manager, NDArray weight, float dropout, boolean training) {
        if (!base.sparse) {
            return Dropout.dropout(dense(manager), dropout, training).matMul(weight);
        }
        int n = base.n;
        int f = base.f;
        long d = weight.getShape().get(1);
        boolean drop = training && dropout > 0;
        int[] maskedRows = masked == null ? new int[0] : masked;
        boolean[] isMasked = new boolean[n];
        for (int i : maskedRows) {
            isMasked[i] = true;
        }
        // One mask for the non-zeros of the unmasked rows and the dense token rows, from one engine draw.
        long nnz = 0;
        for (int i = 0; i < n; i++) {
            if (!isMasked[i]) {
                int src = permutation == null ? i : permutation[i];
                nnz += base.rowStart[src + 1] - base.rowStart[src];
            }
        }
        long tokenEntries = drop ? (long) maskedRows.length * f : 0;
        float[] mask = drop ? Dropout.mask(Math.toIntExact(nnz + tokenEntries), dropout, seed(manager)) : null;
        long[] ri = new long[(int) nnz];
        long[] ci = new long[(int) nnz];
        float[] vs = new float[(int) nnz];
        int q = 0;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (isMasked[i]) {
                continue;
            }
            int src = permutation == null ? i : permutation[i];
            for (long p = base.rowStart[src]; p < base.rowStart[src + 1]; p++, q++) {
                int j = base.cols[(int) p];
                float v = base.values[(int) p] * (keep == null ? 1f : keep[j]) * (drop ? mask[q] : 1f);
                if (v != 0) {
                    ri[kept] = i;
                    ci[kept] = j;
                    vs[kept++] = v;
                }
            }
        }
        NDArray out;
        if (kept == 0) {
            out = manager.zeros(new Shape(n, d), DataType.FLOAT32, weight.getDevice());
        } else {
            NDArray coo = GraphTensors.sparseCoo(manager, new long[][] {Arrays.copyOf(ri, kept),
                Arrays.copyOf(ci, kept)}, Arrays.copyOf(vs, kept), new Shape(n, f));
            out = coo.matMul(weight);
        }
        if (maskedRows.length == 0) {
            return out;
        }
        NDArray t = token(manager);
        if (!drop) {
            // Every masked row is token·W: one [1, F]·[F, d] product placed by the 0/1 column of M.
            return out.add(maskColumn(manager).matMul(t.matMul(weight)));
        }
        float[] tokenMask = Arrays.copyOfRange(mask, (int) nnz, mask.length);
        NDArray rowsOfToken = manager.create(tokenMask, new Shape(maskedRows.length, f)).mul(t).matMul(weight);
        long[][] place = new long[2][maskedRows.length];
        float[] ones = new float[maskedRows.length];
        for (int k = 0; k < maskedRows.length; k++) {
            place[0][k] = maskedRows[k];
            place[1][k] = k;
            ones[k] = 1f;
        }
        NDArray placement = GraphTensors.sparseCoo(manager, place, ones, new Shape(n, maskedRows.length));
        return out.add(placement.matMul(rowsOfToken));
    }

    /**
     * @return the token ⊙ c [1, F] as a handle in {@code manager}: the engine puts an op's result in its first
     *     operand's manager, and chains from the parameter would pile up in the model's
     */
    private NDArray token(NDManager manager) {
        NDArray t = token.reshape(1, base.f);
        t.attach(manager);
        return keep == null ? t : t.mul(manager.create(keep, new Shape(1, base.f)));
    }

    /** @return float32 [N, 1], 1 at the masked rows */
    private NDArray maskColumn(NDManager manager) {
        float[] c = new float[base.n];
        for (int i : masked) {
            c[i] = 1f;
        }
        return manager.create(c, new Shape(base.n, 1));
    }

    /** One draw from the engine's generator, as {@link Dropout} seeds its masks. */
    private static long seed(NDManager manager) {
        try (NDArray draw = manager.randomInteger(0, Long.MAX_VALUE, new Shape(1), DataType.INT64)) {
            return draw.getLong();
        }
    }
}
