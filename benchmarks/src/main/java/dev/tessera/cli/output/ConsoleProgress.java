package dev.tessera.cli.output;

import dev.tessera.progress.Progress;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Chooses how the command line shows progress on stderr: a {@link BarProgress} bar when a person is watching a
 * terminal, {@link LogProgress} lines (at most one per 10 s, plus start and end) when output goes to a file or
 * pipe, or when {@code CI=true}.
 */
public final class ConsoleProgress {
    private ConsoleProgress() {
    }

    /**
     * @param err the command's stderr (used for log lines)
     * @return the progress display for this process
     */
    public static Progress forStderr(PrintWriter err) {
        return isInteractive(System.getenv()) ? new BarProgress(System.err) : LogProgress.every10Seconds(err);
    }

    /**
     * @param env the environment
     * @return whether a bar fits: a terminal is attached and {@code CI} is not {@code true}
     */
    static boolean isInteractive(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
            return false;
        }
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
