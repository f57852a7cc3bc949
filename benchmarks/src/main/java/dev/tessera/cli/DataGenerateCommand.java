package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.Sizes;
import dev.tessera.generate.RmatGenerator;
import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.GraphDataset;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tessera data generate sbm|rmat OUT}: a synthetic node-classification dataset ({@link SbmGenerator},
 * {@link RmatGenerator}), written in the OGB raw layout (or {@code --to npz|cache}). The same options and seed
 * always give the same dataset.
 */
@Command(name = "generate",
        description = {"Generate a synthetic node-classification dataset and write it (OGB raw layout by default).",
            "sbm: stochastic block model, a share --homophily of edges inside classes; rmat: R-MAT power-law graph.",
            "Both store every undirected edge in both directions and add a 60/20/20 split 'random'; "
                    + "deterministic given --seed."})
final class DataGenerateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "sbm or rmat.")
    private String model;

    @Parameters(index = "1", paramLabel = "OUT", description = "The folder (ogb) or file (npz, cache) to write.")
    private Path out;

    @Option(names = "--nodes", paramLabel = "N", required = true, description = "Number of nodes (at least 2).")
    private int nodes;

    @Option(names = "--avg-degree", paramLabel = "D", defaultValue = "10",
            description = "Average degree: N x D / 2 undirected edges, N x D stored directed edges (default: ${DEFAULT-VALUE}).")
    private double avgDegree;

    @Option(names = "--features", paramLabel = "F", defaultValue = "16",
            description = "Feature dimension, class-correlated Gaussians; 0 for none (default: ${DEFAULT-VALUE}).")
    private int features;

    @Option(names = "--classes", paramLabel = "C", defaultValue = "4", description = "Number of classes (default: ${DEFAULT-VALUE}).")
    private int classes;

    @Option(names = "--homophily", paramLabel = "H", defaultValue = "0.8",
            description = "sbm only: share of edges joining nodes of the same class, in [0, 1] (default: ${DEFAULT-VALUE}).")
    private double homophily;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private DatasetWriteOptions write;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        OutputFormat format = write.format(out);
        check();
        Progress progress = ConsoleProgress.forStderr(err);
        String name = out.toAbsolutePath().normalize().getFileName().toString().replaceFirst("\\.(npz|tessera-cache)$", "");
        GraphDataset ds;
        String description;
        Progress.Task task = progress.start("generate " + model, -1, "");
        try {
            if (model.equals("sbm")) {
                SbmGenerator g = SbmGenerator.builder().setNumNodes(nodes).setNumClasses(classes).setAverageDegree(avgDegree)
                        .optHomophily(homophily).optNumFeatures(features).optSeed(seed).optName(name).build();
                description = g.describe();
                ds = g.generate();
            } else {
                RmatGenerator g = RmatGenerator.builder().setNumNodes(nodes).setNumClasses(classes).setAverageDegree(avgDegree)
                        .optNumFeatures(features).optSeed(seed).optName(name).build();
                description = g.describe();
                ds = g.generate();
            }
        } catch (IllegalArgumentException e) {
            // The options were checked above; this catches the generators' finer limits.
            throw new TesseraException("generate " + model + ": " + e.getMessage(), e);
        } finally {
            task.close();
        }
        long bytes = write.write(ds, out, progress);
        var stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, Json.object().put("model", model).put("generator", description).put("output", out.toString())
                    .put("format", format.id()).put("nodes", ds.numNodes()).put("edges", ds.graph().numEdges())
                    .put("features", ds.numFeatures()).put("classes", ds.numClasses()).put("bytes_on_disk", bytes));
        } else {
            stdout.println("wrote " + description + " as " + format.id() + ": " + out + " (" + ds.numNodes() + " nodes, "
                    + ds.graph().numEdges() + " stored edges, " + Sizes.bytes(bytes) + ")");
            stdout.println("inspect it with: tessera data info " + out);
            stdout.flush();
        }
        return 0;
    }

    /** Option checks with the options' names (the generators check again, in their own words). */
    private void check() {
        if (!model.equals("sbm") && !model.equals("rmat")) {
            throw new TesseraException("MODEL: unknown model '" + model + "' (expected sbm or rmat)");
        }
        if (nodes < 2) {
            throw new TesseraException("--nodes: need at least 2, got " + nodes);
        }
        if (classes < 1 || classes > nodes) {
            throw new TesseraException("--classes: need 1.." + nodes + " (at most one class per node), got " + classes);
        }
        if (!(avgDegree >= 0) || avgDegree > nodes - 1) {
            throw new TesseraException("--avg-degree: need 0.." + (nodes - 1) + ", got " + avgDegree);
        }
        if (features < 0) {
            throw new TesseraException("--features: need 0 or more, got " + features);
        }
        if (!(homophily >= 0 && homophily <= 1)) {
            throw new TesseraException("--homophily: need a share in [0, 1], got " + homophily);
        }
    }
}
