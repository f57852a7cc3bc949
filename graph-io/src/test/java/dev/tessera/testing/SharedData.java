package dev.tessera.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared datasets and fixtures ({@code ../shared/} beside the repository). Tests that need them call
 * {@link #require(String)}, which skips the test with a clear message when they are absent (a user's clone).
 */
public final class SharedData {
    private SharedData() {
    }

    /** @return the repository root: the {@code tessera.root} property set by the build, else the working folder's ancestors */
    public static Path repositoryRoot() {
        String prop = System.getProperty("tessera.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("tessera"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    /** @return {@code ../shared} beside the repository root (may not exist) */
    public static Path sharedRoot() {
        String env = System.getenv("TESSERA_SHARED");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return repositoryRoot().resolveSibling("shared");
    }

    /**
     * @param relative a path under {@code ../shared}, e.g. {@code data/cora}
     * @return the absolute path; the calling test is skipped when it does not exist
     */
    public static Path require(String relative) {
        Path p = sharedRoot().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p),
                () -> "skipped: shared data " + p + " is absent (it sits beside the repository in the project's workspace)");
        return p;
    }
}
