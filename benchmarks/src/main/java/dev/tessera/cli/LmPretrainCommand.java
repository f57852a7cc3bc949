package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.djl.EngineThreads;
import dev.tessera.graph.GraphDataset;
import dev.tessera.lm.classify.LmClassifierSettings;
import dev.tessera.lm.classify.LmPretraining;
import dev.tessera.lm.train.ScratchT5;
import dev.tessera.lm.train.T5TrainSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera lm pretrain}: the from-scratch T5 pre-trained with span corruption on all of a dataset's node texts
 * (no labels; {@link LmPretraining}), written as a checkpoint directory that {@code lm train --model DIR} fine-tunes
 * like a downloaded Flan-T5.
 */
@Command(name = "pretrain", sortOptions = false,
        description = {"Pre-train the from-scratch T5 on every node text of a dataset with T5's span corruption "
                + "(no labels); write a checkpoint directory for 'lm train --model DIR'.",
            "Example: tessera lm pretrain --dataset cora --out cora-t5 && tessera lm train --dataset cora --model cora-t5"})
final class LmPretrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "A registry name (see 'tessera data list') or a dataset folder, with node texts.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The checkpoint directory to write (config.json, model.safetensors, tokenizer.json).")
    Path out;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "" + LmPretraining.DEFAULT_EPOCHS,
            description = "Passes over the texts, each with fresh masks (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "" + LmPretraining.DEFAULT_LEARNING_RATE,
            description = "Peak learning rate of AdamW with warm-up and linear decay (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "" + T5TrainSettings.DEFAULT_BATCH_SIZE,
            description = "Texts per optimizer step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the weights, the masks and the order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-input-tokens", paramLabel = "B", description = "Texts are cut to this many tokens, the "
            + "prompt budget of fine-tuning (default: " + LmClassifierSettings.DEFAULT_MAX_INPUT_TOKENS + ").")
    Integer maxInputTokens;

    @Option(names = "--template", paramLabel = "FILE", description = "The prompt template fine-tuning will use "
            + "(its words enter the vocabulary; default: the built-in one).")
    Path template;

    @Mixin
    DatasetOptions data;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (epochs < 1) {
            throw new TesseraException("--epochs: expected at least 1, got " + epochs);
        }
        if (!(lr > 0)) {
            throw new TesseraException("--lr: expected a positive learning rate, got " + lr);
        }
        if (batchSize < 1) {
            throw new TesseraException("--batch-size: expected at least 1, got " + batchSize);
        }
        if (Files.isRegularFile(out)) {
            throw new TesseraException("--out: " + out + " is a file, expected a folder");
        }
        LmPipelineOptions pipeline = new LmPipelineOptions();
        pipeline.maxInputTokens = maxInputTokens;
        pipeline.template = template;
        LmClassifierSettings settings = pipeline.settings(null, null);
        T5TrainSettings train = T5TrainSettings.builder().optEpochs(epochs).optLearningRate(lr)
                .optBatchSize(batchSize).optSeed(seed).build();
        GraphDataset ds = data.loader(err).load(dataset);
        ScratchT5.Pretrained p = LmPretraining.pretrain(ds, settings, train, out, ConsoleProgress.forStderr(err),
                (epoch, loss, seconds) -> {
                    err.printf(Locale.ROOT, "epoch %d: span-corruption loss %.4f (%.0f s)%n", epoch + 1, loss, seconds);
                    err.flush();
                });
        PrintWriter stdout = spec.commandLine().getOut();
        ObjectNode o = Json.object();
        o.put("dataset", ds.name());
        o.put("out", out.toString());
        o.put("texts", p.texts());
        o.put("vocab_size", p.vocabSize());
        o.put("max_input_tokens", settings.maxInputTokens());
        o.put("epochs", epochs);
        Json.putNumber(o, "learning_rate", lr);
        o.put("batch_size", batchSize);
        o.put("seed", seed);
        o.put("steps", p.fit().steps());
        var losses = o.putArray("epoch_losses");
        for (double l : p.fit().epochLosses()) {
            losses.add(l);
        }
        Json.putNumber(o, "seconds", p.fit().seconds());
        o.put("engine_threads", EngineThreads.setting());
        if (output.json) {
            Json.print(stdout, o);
        } else {
            stdout.printf(Locale.ROOT, "pre-trained %s on %d texts of %s: %d steps, loss %.4f -> %.4f, %.0f s%n", out,
                    p.texts(), ds.name(), p.fit().steps(), p.fit().epochLosses()[0],
                    p.fit().epochLosses()[epochs - 1], p.fit().seconds());
        }
        stdout.flush();
        return 0;
    }
}
