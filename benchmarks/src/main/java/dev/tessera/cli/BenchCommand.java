package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera bench}: quick kernel benchmarks from the command line; alone it prints their list. */
@Command(name = "bench",
        description = "Benchmarks: node classification (nodeclass) and graph kernels (spmm, ppr; JMH has the careful versions of those).",
        subcommands = {BenchSpmmCommand.class, BenchPprCommand.class, BenchNodeclassCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
