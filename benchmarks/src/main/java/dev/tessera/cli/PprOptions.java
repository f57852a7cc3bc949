package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.ppr.PersonalizedPageRank;
import picocli.CommandLine.Option;

/** The push PPR options shared by {@code ppr} and {@code bench ppr} (a picocli mixin). */
public final class PprOptions {
    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.15",
            description = "Teleport (restart) probability in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--eps", paramLabel = "E", defaultValue = "1e-5",
            description = "Push tolerance: push a node while its residual >= E * out-degree, as PyG's get_ppr "
                    + "(default: ${DEFAULT-VALUE}).")
    double eps;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the available processors).")
    Integer threads;

    @Option(names = "--exclude-self", description = "Leave each node out of its own top-k (PyG keeps it).")
    boolean excludeSelf;

    @Option(names = "--no-residual-estimate",
            description = "Weights are the bare push estimate p (PyG's values) instead of p + alpha * residual.")
    boolean noResidualEstimate;

    /**
     * @param topK k
     * @return the configured push
     */
    PersonalizedPageRank build(int topK) {
        PersonalizedPageRank.Builder b = PersonalizedPageRank.builder();
        try {
            b.setAlpha(alpha).optEpsilon(eps).optTopK(topK);
            if (threads != null) {
                b.optThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new TesseraException("bad option: " + e.getMessage());
        }
        return b.optIncludeSelf(!excludeSelf).optResidualEstimate(!noResidualEstimate).build();
    }
}
