package dev.tessera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera lm}: T5 / Flan-T5 language models; alone it prints its subcommands. */
@Command(name = "lm", description = "Language models (T5 / Flan-T5 checkpoints in Hugging Face layout).",
        subcommands = {LmGenerateCommand.class, LmThroughputCommand.class, LmPretrainCommand.class, LmTrainCommand.class,
            LmEvaluateCommand.class})
public final class LmCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
