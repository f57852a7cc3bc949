package dev.tessera.gqt.rvq;

/**
 * A copy of a quantizer's codebooks and EMA statistics, for checkpoints and inspection. Each array has one entry per
 * level: {@code codebooks[k]} and {@code embedSums[k]} are {@code [C, d]} row-major, {@code clusterSizes[k]} is
 * {@code [C]}.
 *
 * @param initialized whether the codebooks hold a k-means initialization (an uninitialized state is all zeros)
 */
public record RvqState(float[][] codebooks, float[][] clusterSizes, float[][] embedSums, boolean initialized) {

    public RvqState {
        codebooks = deepCopy(codebooks);
        clusterSizes = deepCopy(clusterSizes);
        embedSums = deepCopy(embedSums);
    }

    @Override
    public float[][] codebooks() {
        return deepCopy(codebooks);
    }

    @Override
    public float[][] clusterSizes() {
        return deepCopy(clusterSizes);
    }

    @Override
    public float[][] embedSums() {
        return deepCopy(embedSums);
    }

    static float[][] deepCopy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
