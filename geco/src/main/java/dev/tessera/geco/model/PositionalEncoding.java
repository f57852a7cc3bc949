package dev.tessera.geco.model;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.pe.LaplacianPe;
import dev.tessera.pe.RandomWalkPe;
import java.util.Locale;

/**
 * Positional encodings appended to the node features before GECO's input projection (graph-io's {@code pe}
 * package): none, random-walk return probabilities (RWSE, k steps) or the k Laplacian eigenvectors with the
 * smallest non-trivial eigenvalues. Laplacian eigenvectors are defined up to sign, so training flips each one's sign
 * at random on every step (as GraphGPS does); evaluation uses the computed signs.
 */
public enum PositionalEncoding {
    /** No encoding. */
    NONE,
    /** diag((D^-1 A)^t), t = 1..k. */
    RANDOM_WALK,
    /** Eigenvectors of I − D^-1/2 A D^-1/2. */
    LAPLACIAN;

    /** Default width. */
    public static final int DEFAULT_DIM = 16;

    /**
     * @param name {@code none}, {@code rw} or {@code lap}
     * @return the encoding
     */
    public static PositionalEncoding byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "rw", "random-walk" -> RANDOM_WALK;
            case "lap", "laplacian" -> LAPLACIAN;
            default -> throw new TesseraException("--pe: expected none, rw or lap, got '" + name + "'");
        };
    }

    /** @return the command-line name */
    public String cliName() {
        return switch (this) {
            case NONE -> "none";
            case RANDOM_WALK -> "rw";
            case LAPLACIAN -> "lap";
        };
    }

    /** @return whether the encoding's columns have arbitrary signs */
    public boolean signAmbiguous() {
        return this == LAPLACIAN;
    }

    /**
     * @param graph the graph
     * @param dim k
     * @param seed start vectors of iterative methods, Monte-Carlo walks
     * @return float32 [N, k] row-major
     */
    public float[] compute(CsrGraph graph, int dim, long seed) {
        return switch (this) {
            case NONE -> new float[0];
            case RANDOM_WALK -> RandomWalkPe.builder().setWalkLength(dim).optSeed(seed).build().compute(graph).values();
            case LAPLACIAN -> {
                if (dim >= graph.numNodes()) {
                    throw new TesseraException("--pe-dim: " + dim + " Laplacian eigenvectors need more than " + dim
                            + " nodes (the graph has " + graph.numNodes() + ")");
                }
                yield LaplacianPe.builder().setK(dim).optSeed(seed).build().compute(graph).values();
            }
        };
    }
}
