package dev.tessera.cli;

import picocli.CommandLine.Option;

/** The output option shared by every command that reports something (a picocli mixin). */
public final class OutputOptions {
    @Option(names = "--json", description = "Print exactly one JSON object on stdout (progress and logs stay on stderr).")
    boolean json;
}
