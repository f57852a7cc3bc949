package dev.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.lm.classify.LmClassifierSettings;
import dev.tessera.lm.classify.LmNodeClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera lm evaluate}: scores a fine-tuned model (e.g. {@code lm train --out DIR}'s {@code DIR/seed-S})
 * on a split without training it. The pruning GNN is retrained with the run's seed (deterministic), and the
 * pipeline options default to those recorded in the model's {@code tessera-lm.json}.
 */
@Command(name = "evaluate", sortOptions = false,
        description = {"Score a fine-tuned LM node classifier on a split without training it (the pruning GNN is "
                + "retrained with the recorded seed).",
            "Example: tessera lm evaluate --dataset cora --model runs/cora/seed-0"})
final class LmEvaluateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "A registry name or a dataset folder, with node texts.")
    String dataset;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A fine-tuned T5 directory (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--split", paramLabel = "S", description = "The split (default: the recorded one, else the "
            + "dataset's default).")
    String split;

    @Option(names = "--seed", paramLabel = "S", description = "The pruning GNN's seed (default: the recorded one, "
            + "else 0).")
    Integer seed;

    @Mixin
    LmPipelineOptions pipeline;

    @Mixin
    DatasetOptions data;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = modelDir(model.toString(), false);
        JsonNode record = record(dir);
        JsonNode savedPipeline = record == null ? null : record.get("pipeline");
        LmClassifierSettings settings = pipeline.settings(null, savedPipeline);
        long s = seed != null ? seed : record == null ? 0 : record.path("seed").asLong(0);
        GraphDataset ds = data.loader(err).load(dataset);
        String splitName = split != null ? split : record == null ? null : record.path("split").asText(null);
        Split sp = split(ds, splitName);
        long t0 = System.nanoTime();
        LmNodeClassifier.Run r = new LmNodeClassifier(settings).evaluate(ds, sp, dir, s,
                ConsoleProgress.forStderr(err));
        ObjectNode config = Json.object();
        config.put("dataset", ds.name());
        config.put("split", sp.name());
        config.put("model", model.toString());
        config.put("seed", s);
        config.set("pipeline", LmPipelineOptions.toJson(settings));
        LmExperiment result = new LmExperiment(ds.name(), sp.name(), model.toString(), List.of(r),
                (System.nanoTime() - t0) / 1e9, config);
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, result.toJson(false));
        } else {
            result.print(stdout);
        }
        return 0;
    }

    /**
     * @param model the {@code --model} value
     * @param scratchAllowed whether {@code scratch} is accepted
     * @return the directory, or {@code null} for {@code scratch}
     * @throws TesseraException when it is no T5 directory
     */
    static Path modelDir(String model, boolean scratchAllowed) {
        if (scratchAllowed && model.trim().toLowerCase(Locale.ROOT).equals("scratch")) {
            return null;
        }
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            throw new TesseraException("--model: " + model + ": no such directory (expected a T5 directory in Hugging "
                    + "Face layout" + (scratchAllowed ? ", or 'scratch'" : "") + ")");
        }
        for (String f : List.of("config.json", "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new TesseraException("--model: " + dir.resolve(f) + ": missing (a T5 directory holds "
                        + "config.json, model.safetensors and tokenizer.json)");
            }
        }
        return dir;
    }

    /**
     * @param ds the dataset
     * @param name a split's name, or {@code null} for the default
     * @return the split
     * @throws TesseraException when the dataset has no such split
     */
    static Split split(GraphDataset ds, String name) {
        if (name == null) {
            return ds.defaultSplit();
        }
        if (!ds.splits().containsKey(name)) {
            throw new TesseraException("--split: dataset " + ds.name() + " has no split '" + name + "' (it has "
                    + String.join(", ", ds.splits().keySet()) + ")");
        }
        return ds.split(name);
    }

    private static JsonNode record(Path dir) {
        Path f = dir.resolve(LmTrainCommand.RECORD);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            throw TesseraException.at(f, 0, "not a valid record of a fine-tuned model (" + e.getMessage() + ")");
        }
    }
}
