package dev.tessera.cli;

import dev.tessera.cli.output.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tessera quickstart}: the first thing to run on a fresh clone. Loads the dataset shipped in the jar
 * ({@value #DATASET}, copied into the data directory, offline) and prints its summary.
 */
@Command(name = "quickstart",
        description = {"Load the dataset shipped with Tessera (Zachary's karate club; works offline) and print its "
                + "summary, to check that everything works."})
final class QuickstartCommand implements Callable<Integer> {
    /** The registry name of the shipped default dataset. */
    static final String DATASET = "karate";

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        DatasetSummary summary = DatasetSummary.load(data.loader(spec.commandLine().getErr()), DATASET);
        if (output.json) {
            Json.print(out, summary.json());
            return 0;
        }
        out.println("Tessera quickstart: the shipped dataset '" + DATASET + "', read from " + summary.path());
        out.println();
        summary.print(out);
        out.println();
        out.println("Next: 'tessera data list' shows the known datasets, 'tessera data download NAME' fetches one,");
        out.println("'tessera data info NAME' summarizes it.");
        out.flush();
        return 0;
    }
}
