package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera data}: the dataset commands; alone it prints their list. */
@Command(name = "data",
        description = "List, inspect, convert, generate and download datasets.",
        subcommands = {DataListCommand.class, DataInfoCommand.class, DataConvertCommand.class, DataGenerateCommand.class,
            DataDownloadCommand.class})
public final class DataCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
