package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera bench}: quick timings of Tessera's kernels on generated inputs; alone it prints their list. */
@Command(name = "bench",
        description = "Time Tessera's kernels on generated inputs (median of repeated runs after warm-up).",
        subcommands = {BenchSpmmCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
