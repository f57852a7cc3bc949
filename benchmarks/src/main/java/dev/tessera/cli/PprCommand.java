package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.ppr.PersonalizedPageRank;
import dev.tessera.ppr.PprResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tessera ppr DATASET --topk K --out FILE.safetensors}: every node's top-k personalized PageRank
 * neighbours by forward push, written as safetensors {@code neighbors} (I32 [N, K], strongest first, -1 where
 * padded) and {@code weights} (F32 [N, K], 0 where padded), with the configuration in the metadata.
 */
@Command(name = "ppr",
        description = {"Compute every node's top-k personalized PageRank neighbours (forward push) and write them "
                + "as safetensors: neighbors int32 [N, K] strongest first (-1 = none), weights float32 [N, K] (0 = none).",
            "DATASET is a path to a dataset folder or file, or a name looked up in the data directory."})
final class PprCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    @Mixin
    private PprOptions ppr;

    @Parameters(index = "0", paramLabel = "DATASET", description = "A dataset folder or file, or a dataset name.")
    private String dataset;

    @Option(names = "--topk", paramLabel = "K", required = true, description = "Neighbours kept per node.")
    private int topK;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The .safetensors file to write.")
    private Path out;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw new TesseraException("--topk must be at least 1, got " + topK);
        }
        PersonalizedPageRank push = ppr.build(topK);
        DatasetLoader loader = data.loader(spec.commandLine().getErr());
        GraphDataset ds = loader.load(dataset);
        CsrGraph g = ds.graph();
        long t0 = System.nanoTime();
        PprResult r = push.compute(g);
        double seconds = (System.nanoTime() - t0) / 1e9;
        r.toSafetensors()
                .putMetadata("format", "tessera-ppr")
                .putMetadata("dataset", ds.name())
                .putMetadata("nodes", Integer.toString(g.numNodes()))
                .putMetadata("edges", Long.toString(g.numEdges()))
                .putMetadata("alpha", Double.toString(push.alpha()))
                .putMetadata("eps", Double.toString(push.epsilon()))
                .putMetadata("topk", Integer.toString(topK))
                .putMetadata("include_self", Boolean.toString(push.includeSelf()))
                .putMetadata("residual_estimate", Boolean.toString(push.residualEstimate()))
                .putMetadata("degree", "out-degree")
                .write(out);
        var stdout = spec.commandLine().getOut();
        if (output.json) {
            var o = Json.object().put("out", out.toString()).put("nodes", g.numNodes()).put("edges", g.numEdges())
                    .put("topk", topK).put("alpha", push.alpha()).put("eps", push.epsilon());
            Json.putNumber(o, "seconds", seconds);
            Json.putNumber(o, "mean_push_ops", r.meanPushOps());
            Json.print(stdout, o);
        } else {
            stdout.printf(Locale.ROOT, "wrote %s: top-%d of %d nodes (alpha %s, eps %s), %.3f s, %.1f pushes per node%n",
                    out, topK, g.numNodes(), push.alpha(), push.epsilon(), seconds, r.meanPushOps());
        }
        return 0;
    }
}
