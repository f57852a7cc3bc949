package dev.tessera.djl;

/**
 * The engine's intra-op thread setting ({@code -Dai.djl.pytorch.num_threads}), which runs record beside their
 * results.
 *
 * <p><b>Why record it.</b> libtorch splits reductions (sums in matrix products, norms, softmax) into one chunk per
 * thread, so the same seed gives results that agree to rounding but not bit for bit across thread counts; a
 * tokenizer's k-means and nearest-code choices turn such differences into different tokens. A run is reproducible
 * given its seed <em>and</em> this setting.
 */
public final class EngineThreads {
    /** The system property DJL's PyTorch engine reads for its intra-op thread count. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private EngineThreads() {
    }

    /** @return the property's value as given, or {@code "default"} (libtorch's own choice) when it is not set */
    public static String setting() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? "default" : v.strip();
    }

    /**
     * @param fallback the count to use when the property is not set or not a positive integer
     * @return the configured thread count, at least 1
     */
    public static int count(int fallback) {
        String v = System.getProperty(PROPERTY);
        if (v != null) {
            try {
                int n = Integer.parseInt(v.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // not a count: the fallback, as libtorch itself ignores it
            }
        }
        return Math.max(1, fallback);
    }
}
