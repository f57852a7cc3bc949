package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.ordering.Envelope;
import dev.tessera.ordering.NodeOrderer;
import dev.tessera.ordering.Ordering;
import dev.tessera.ordering.Orderings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tessera orderings DATASET}: computes each node ordering of a dataset and prints the bandwidth and profile
 * of the reordered adjacency (on the symmetrized pattern, see {@link Envelope}) and the time the ordering took.
 */
@Command(name = "orderings",
        description = {"Order the nodes of a dataset by each ordering (natural, random, degree, bfs, rcm, community) "
                + "and print the bandwidth and profile of the reordered adjacency and the time to compute the ordering.",
            "Bandwidth = max |pos(u) - pos(v)| over edges; profile = sum over rows i of i - (smallest position among "
                + "i and its neighbours), both on the symmetrized adjacency.",
            "DATASET is a path to a dataset folder or file, or a name looked up in the data directory."})
final class OrderingsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Parameters(index = "0", paramLabel = "DATASET", description = "A dataset folder or file, or a dataset name.")
    private String dataset;

    @Option(names = "--orderings", paramLabel = "LIST", split = ",",
            description = "The orderings to compute, comma-separated (default: all of ${DEFAULT-VALUE}).",
            defaultValue = "natural,random,degree,bfs,rcm,community")
    private List<String> orderings;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random and community orderings (default: ${DEFAULT-VALUE}).")
    private long seed;

    /** One ordering's result. */
    private record Row(String name, Envelope envelope, double millis) {
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        // Resolve every name first, so that a typo fails before the dataset is read.
        List<NodeOrderer> orderers = new ArrayList<>();
        for (String name : orderings) {
            orderers.add(Orderings.byName(name, seed));
        }
        DatasetLoader loader = data.loader(spec.commandLine().getErr());
        GraphDataset ds = loader.load(loader.locate(dataset));
        CsrGraph g = ds.graph();
        List<Row> rows = new ArrayList<>();
        for (NodeOrderer orderer : orderers) {
            long t0 = System.nanoTime();
            Ordering o = orderer.order(g);
            double ms = (System.nanoTime() - t0) / 1e6;
            rows.add(new Row(orderer.name(), Envelope.of(g, o), ms));
        }
        if (output.json) {
            ObjectNode j = Json.object().put("dataset", ds.name()).put("nodes", g.numNodes()).put("edges", g.numEdges())
                    .put("seed", seed);
            ArrayNode arr = j.putArray("orderings");
            for (Row r : rows) {
                ObjectNode o = arr.addObject().put("name", r.name()).put("bandwidth", r.envelope().bandwidth())
                        .put("profile", r.envelope().profile());
                Json.putNumber(o, "ms", r.millis());
            }
            Json.print(out, j);
        } else {
            out.printf(Locale.ROOT, "%s: %,d nodes, %,d stored edges%n", ds.name(), g.numNodes(), g.numEdges());
            TextTable t = new TextTable("ordering", "bandwidth", "profile", "ms");
            for (Row r : rows) {
                t.row(r.name(), String.format(Locale.ROOT, "%,d", r.envelope().bandwidth()),
                        String.format(Locale.ROOT, "%,d", r.envelope().profile()), String.format(Locale.ROOT, "%.1f", r.millis()));
            }
            t.print(out);
        }
        return 0;
    }
}
