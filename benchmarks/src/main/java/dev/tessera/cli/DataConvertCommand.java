package dev.tessera.cli;

import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.Sizes;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.GraphDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tessera data convert IN OUT --to ogb|npz|cache}: reads a dataset in any known format, writes it in another. */
@Command(name = "convert",
        description = {"Read a dataset (any known format, or a name) and write it as an OGB raw folder, an .npz archive "
                + "or a Tessera binary cache file. The output is written atomically: complete or absent."})
final class DataConvertCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "A dataset folder or file, or a dataset name.")
    private String input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The folder (ogb) or file (npz, cache) to write.")
    private Path out;

    @Mixin
    private DatasetWriteOptions write;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        OutputFormat format = write.format(out);
        DatasetLoader loader = data.loader(err);
        DatasetLoader.Location where = loader.locate(input);
        GraphDataset ds = loader.load(where);
        long bytes = write.write(ds, out, ConsoleProgress.forStderr(err));
        var stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, Json.object().put("input", where.path().toString()).put("input_format", where.reader().format())
                    .put("output", out.toString()).put("format", format.id()).put("name", ds.name())
                    .put("nodes", ds.numNodes()).put("edges", ds.graph().numEdges()).put("bytes_on_disk", bytes));
        } else {
            stdout.println("wrote " + ds.name() + " (" + ds.numNodes() + " nodes, " + ds.graph().numEdges()
                    + " stored edges) as " + format.id() + ": " + out + " (" + Sizes.bytes(bytes) + ")");
            stdout.flush();
        }
        return 0;
    }
}
