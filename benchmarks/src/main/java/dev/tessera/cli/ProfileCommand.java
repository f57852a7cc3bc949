package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera profile}: how operators scale; alone it prints its subcommands. */
@Command(name = "profile", description = "Profiling: time and peak memory of operators as graphs grow (scaling).",
        subcommands = {ProfileScalingCommand.class})
public final class ProfileCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
