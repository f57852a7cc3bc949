package dev.tessera.gqt.export;

import dev.tessera.gqt.rvq.ResidualVectorQuantizer;
import dev.tessera.gqt.rvq.RvqOutput;

/**
 * The tokens of a graph with the codebooks they index: what {@link TokenExport} writes.
 *
 * @param tokens       code index per node and level, row-major {@code [nodes, levels]}
 * @param codebooks    row-major {@code [levels, codebookSize, dim]}
 * @param quantized    {@code Σ_k codebooks[k][tokens[i, k]]} per node, row-major {@code [nodes, dim]}
 * @param nodes        N
 * @param levels       K
 * @param codebookSize C
 * @param dim          d
 */
public record TokenSet(int[] tokens, float[] codebooks, float[] quantized, int nodes, int levels, int codebookSize,
                       int dim) {

    public TokenSet {
        if (nodes < 0 || levels < 1 || codebookSize < 1 || dim < 1) {
            throw new IllegalArgumentException("invalid sizes: nodes " + nodes + ", levels " + levels
                + ", codebook size " + codebookSize + ", dim " + dim);
        }
        if (tokens.length != (long) nodes * levels || codebooks.length != (long) levels * codebookSize * dim
            || quantized.length != (long) nodes * dim) {
            throw new IllegalArgumentException("array lengths do not match [" + nodes + ", " + levels + "], ["
                + levels + ", " + codebookSize + ", " + dim + "], [" + nodes + ", " + dim + "]");
        }
        for (int t : tokens) {
            if (t < 0 || t >= codebookSize) {
                throw new IllegalArgumentException("token " + t + " outside [0, " + codebookSize + ")");
            }
        }
        tokens = tokens.clone();
        codebooks = codebooks.clone();
        quantized = quantized.clone();
    }

    /**
     * The tokens of a quantizer call with the quantizer's current codebooks.
     *
     * @param output the result of a call with {@code update = false} (after an updating call the codebooks have moved
     *               and no longer match the tokens)
     */
    public static TokenSet of(ResidualVectorQuantizer rvq, RvqOutput output) {
        if (output.stats().updated()) {
            throw new IllegalArgumentException("export tokens from a call with update = false: an updating call moves "
                + "the codebooks after assigning the tokens");
        }
        int n = Math.toIntExact(output.tokens().getShape().get(0));
        float[] books;
        try (var m = output.tokens().getManager().newSubManager()) {
            books = rvq.codebooks(m).toFloatArray();
        }
        return new TokenSet(output.tokens().toIntArray(), books, output.quantized().toFloatArray(), n, rvq.levels(),
            rvq.codebookSize(), rvq.dim());
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public float[] codebooks() {
        return codebooks.clone();
    }

    @Override
    public float[] quantized() {
        return quantized.clone();
    }
}
