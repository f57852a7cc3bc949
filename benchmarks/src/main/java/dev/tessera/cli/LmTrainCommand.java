package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.djl.EngineThreads;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.io.AtomicFiles;
import dev.tessera.lm.classify.LmClassifierSettings;
import dev.tessera.lm.classify.LmNodeClassifier;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera lm train}: the retrieval-augmented LM node classifier ({@link LmNodeClassifier}), K seeds on one
 * split; reports test and validation accuracy (mean ± std), the pruning GNN's own test accuracy and the candidate
 * recall. With {@code --out DIR}: {@code DIR/results.json} (every run, the configuration) and per seed the
 * fine-tuned model in {@code DIR/seed-S} with {@code tessera-lm.json}, which {@code lm evaluate} reads.
 */
@Command(name = "train", sortOptions = false,
        description = {"Fine-tune a T5 as a retrieval-augmented node classifier (PPR neighbours, GNN prototypes, "
                + "GNN-pruned candidates) on the training nodes; report accuracy over K seeds.",
            "Example: tessera lm train --dataset cora --model scratch --seeds 5",
            "         tessera lm train --dataset cora --model path/to/flan-t5-small --epochs 3 --lr 3e-4"})
final class LmTrainCommand implements Callable<Integer> {
    /** The file beside each fine-tuned model that records how it was made. */
    static final String RECORD = "tessera-lm.json";

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "A registry name (see 'tessera data list') or a dataset folder, with node texts.")
    String dataset;

    @Option(names = "--model", required = true, paramLabel = "DIR|scratch",
            description = "A T5 / Flan-T5 directory in Hugging Face layout (config.json, model.safetensors, "
                    + "tokenizer.json), or 'scratch': a small T5 with a tokenizer built from the dataset's texts.")
    String model;

    @Option(names = "--split", paramLabel = "S", description = "The split (default: the dataset's default split).")
    String split;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "5",
            description = "Runs, with seeds S, S+1, ..., S+K-1 (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "The first seed (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(names = "--epochs", paramLabel = "E", description = "Fine-tuning epochs (default: "
            + LmClassifierSettings.DEFAULT_EPOCHS + ").")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate of AdamW with warm-up and linear "
            + "decay (default: " + LmClassifierSettings.DEFAULT_LEARNING_RATE + "; about 3e-4 for a real Flan-T5).")
    Double lr;

    @Option(names = "--batch-size", paramLabel = "B", description = "Prompts per optimizer step (default: "
            + T5TrainSettings.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--train-prompts-per-epoch", paramLabel = "N|all", description = "Training prompts one epoch "
            + "visits: a fresh seeded sample each epoch, every prompt once before any twice; 'all' for every "
            + "prompt (default: " + LmClassifierSettings.DEFAULT_TRAIN_PROMPTS_PER_EPOCH + ").")
    String trainPromptsPerEpoch;

    @Option(names = "--out", paramLabel = "DIR", description = "Write results.json and the fine-tuned models "
            + "(DIR/seed-S) there.")
    Path out;

    @Option(names = "--select-epoch", description = "Keep the fine-tuning epoch with the best validation accuracy "
            + "(the validation prompts are decoded after every epoch) instead of the last one.")
    boolean selectEpoch;

    @Option(names = "--augment", description = "Draw the training prompts again every epoch: candidates in a random "
            + "order, a random half of the PPR neighbours, 30%% of the node's own words dropped.")
    boolean augment;

    @Mixin
    LmPipelineOptions pipeline;

    @Mixin
    DatasetOptions data;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (seeds < 1) {
            throw new TesseraException("--seeds: expected a positive number of runs, got " + seeds);
        }
        Path modelDir = LmEvaluateCommand.modelDir(model, true);
        LmClassifierSettings settings = pipeline.settings(trainSettings(), null).toBuilder()
                .optSelectEpoch(selectEpoch).optAugment(augment).build();
        if (out != null && Files.isRegularFile(out)) {
            throw new TesseraException("--out: " + out + " is a file, expected a folder");
        }
        GraphDataset ds = data.loader(err).load(dataset);
        Split sp = LmEvaluateCommand.split(ds, split);
        ObjectNode config = config(ds, sp, settings);
        LmNodeClassifier classifier = new LmNodeClassifier(settings);
        Progress progress = ConsoleProgress.forStderr(err);
        List<LmNodeClassifier.Run> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            long s = (long) seed + i;
            Path save = out == null ? null : out.resolve("seed-" + s);
            LmNodeClassifier.Run r = classifier.train(ds, sp, modelDir, s, save, progress);
            runs.add(r);
            if (save != null) {
                ObjectNode rec = config.deepCopy();
                rec.put("seed", s);
                writeJson(save.resolve(RECORD), rec);
            }
            err.printf(java.util.Locale.ROOT, "seed %d: val %.4f, test %.4f (pruning GNN test %.4f, candidate recall "
                    + "%.4f)%n", s, r.val(), r.test(), r.gnnTest(), r.candidateRecall());
            err.flush();
        }
        LmExperiment result = new LmExperiment(ds.name(), sp.name(), modelDir == null ? "scratch" : model, runs,
                (System.nanoTime() - t0) / 1e9, config);
        if (out != null) {
            writeJson(out.resolve("results.json"), result.toJson(true));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, result.toJson(false));
        } else {
            result.print(stdout);
        }
        return 0;
    }

    private T5TrainSettings trainSettings() {
        T5TrainSettings.Builder b = T5TrainSettings.builder().optEpochs(LmClassifierSettings.DEFAULT_EPOCHS)
                .optLearningRate(LmClassifierSettings.DEFAULT_LEARNING_RATE)
                .optExamplesPerEpoch(LmClassifierSettings.DEFAULT_TRAIN_PROMPTS_PER_EPOCH);
        if (trainPromptsPerEpoch != null) {
            b.optExamplesPerEpoch(promptsPerEpoch(trainPromptsPerEpoch));
        }
        if (epochs != null) {
            if (epochs < 1) {
                throw new TesseraException("--epochs: expected at least 1, got " + epochs);
            }
            b.optEpochs(epochs);
        }
        if (lr != null) {
            if (!(lr > 0)) {
                throw new TesseraException("--lr: expected a positive learning rate, got " + lr);
            }
            b.optLearningRate(lr);
        }
        if (batchSize != null) {
            if (batchSize < 1) {
                throw new TesseraException("--batch-size: expected at least 1, got " + batchSize);
            }
            b.optBatchSize(batchSize);
        }
        return b.build();
    }

    /** @return the prompts per epoch {@code --train-prompts-per-epoch} asks for ({@code all}: 0, every prompt) */
    static int promptsPerEpoch(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("all")) {
            return T5TrainSettings.ALL_EXAMPLES;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TesseraException("--train-prompts-per-epoch: expected a positive number of prompts or 'all', got '"
                + value + "'");
    }

    private ObjectNode config(GraphDataset ds, Split sp, LmClassifierSettings settings) {
        ObjectNode c = Json.object();
        c.put("dataset", ds.name());
        c.put("split", sp.name());
        c.put("model", model);
        c.put("first_seed", seed);
        c.put("seeds", seeds);
        c.set("pipeline", LmPipelineOptions.toJson(settings));
        c.put("engine_threads", EngineThreads.setting());
        return c;
    }

    static void writeJson(Path file, ObjectNode node) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new TesseraException(file.getParent() + ": cannot create the folder (" + e.getMessage() + ")");
        }
        String text = Json.MAPPER.valueToTree(node).toPrettyString() + "\n";
        AtomicFiles.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
