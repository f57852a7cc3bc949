package dev.tessera.cli;

import dev.tessera.TesseraException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tessera} command line. Subcommands are listed in the {@link Command} annotation; each lives in its
 * own class. User errors ({@link TesseraException}, bad options) print one line on stderr and exit with code 2;
 * anything else is a bug and keeps its stack trace (exit code 1).
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, version = "tessera 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // subcommands get --help and --version too
        description = "Graph learning on the JVM: datasets, kernels, GQT, GECO and LM node classifiers.",
        subcommands = {CommandLine.HelpCommand.class, QuickstartCommand.class, DataCommand.class, OrderingsCommand.class,
            PprCommand.class, TrainCommand.class, LmCommand.class, TokenizeCommand.class, BenchCommand.class,
            ProfileCommand.class})
public final class Tessera implements Runnable {
    /** Exit code for user errors: bad input, missing files, wrong options. */
    public static final int USER_ERROR = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * @return a command line with Tessera's error handling: one line for user errors, no stack trace
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Tessera());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof TesseraException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return USER_ERROR;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("(see: " + cmd.getCommandSpec().qualifiedName() + " --help)");
            return USER_ERROR;
        });
        return cl;
    }

    /** @param args command-line arguments */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
