package dev.tessera.gqt.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.gqt.sequence.PprSequences;

/**
 * The classifier's input for B target nodes, in plain Java: per target b and sequence position s the node there,
 * its K global code ids, its PPR weight and whether the position is real.
 *
 * @param batch B
 * @param length S
 * @param levels K
 * @param nodes int [B·S], the node at each position (padding: any valid node; it is masked)
 * @param codes long [B·S·K], global code ids {@code tokens[node, level] + level·C}
 * @param weights float [B·S]
 * @param mask float [B·S], 1 real, 0 padded
 */
public record TokenBatch(int batch, int length, int levels, int[] nodes, long[] codes, float[] weights, float[] mask) {

    /**
     * @param sequences every node's sequence
     * @param tokens code index per node and level, row-major [N, K]
     * @param levels K
     * @param codebookSize C
     * @param targets the target nodes, one sequence each
     * @return the batch
     */
    public static TokenBatch of(PprSequences sequences, int[] tokens, int levels, int codebookSize, int[] targets) {
        int s = sequences.length();
        int b = targets.length;
        int[] nodes = new int[b * s];
        float[] weights = new float[b * s];
        float[] mask = new float[b * s];
        for (int i = 0; i < b; i++) {
            System.arraycopy(sequences.nodes(), targets[i] * s, nodes, i * s, s);
            System.arraycopy(sequences.weights(), targets[i] * s, weights, i * s, s);
            for (int j = 0; j < s; j++) {
                mask[i * s + j] = sequences.mask()[targets[i] * s + j] ? 1f : 0f;
            }
        }
        return of(nodes, weights, mask, b, s, tokens, levels, codebookSize);
    }

    /**
     * @param nodes int [B·S]
     * @param weights float [B·S]
     * @param mask float [B·S]
     * @param batch B
     * @param length S
     * @param tokens [N, K] code indices
     * @param levels K
     * @param codebookSize C
     * @return the batch, with the code ids looked up
     */
    public static TokenBatch of(int[] nodes, float[] weights, float[] mask, int batch, int length, int[] tokens,
            int levels, int codebookSize) {
        long[] codes = new long[nodes.length * levels];
        for (int p = 0; p < nodes.length; p++) {
            for (int l = 0; l < levels; l++) {
                codes[p * levels + l] = tokens[nodes[p] * levels + l] + (long) l * codebookSize;
            }
        }
        return new TokenBatch(batch, length, levels, nodes, codes, weights, mask);
    }

    /** @param m where the tensor goes @return int64 [B, S, K] */
    public NDArray codes(NDManager m) {
        return m.create(codes, new Shape(batch, length, levels));
    }

    /** @param m where the tensor goes @return int64 [B·S] */
    public NDArray nodeIds(NDManager m) {
        long[] l = new long[nodes.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = nodes[i];
        }
        return m.create(l);
    }

    /** @param m where the tensor goes @return float32 [B, S] */
    public NDArray weights(NDManager m) {
        return m.create(weights, new Shape(batch, length));
    }

    /** @param m where the tensor goes @return float32 [B, S] */
    public NDArray mask(NDManager m) {
        return m.create(mask, new Shape(batch, length));
    }
}
