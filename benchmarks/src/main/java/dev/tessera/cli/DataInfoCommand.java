package dev.tessera.cli;

import dev.tessera.cli.output.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tessera data info DATASET}: reads a dataset and prints its summary statistics. */
@Command(name = "info",
        description = {"Read a dataset and print its statistics: nodes, stored edges, self-loops, isolated nodes, "
                + "features, classes and their sizes, splits, texts, edge homophily, degrees, memory.",
            "DATASET is a path to a dataset folder or file, or a name looked up in the data directory."})
final class DataInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Parameters(index = "0", paramLabel = "DATASET", description = "A dataset folder or file, or a dataset name.")
    private String dataset;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        DatasetSummary summary = DatasetSummary.load(data.loader(spec.commandLine().getErr()), dataset);
        if (output.json) {
            Json.print(out, summary.json());
        } else {
            summary.print(out);
        }
        return 0;
    }
}
