package dev.tessera.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.djl.EngineThreads;
import dev.tessera.lm.t5.LabelTrie;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Generator;
import dev.tessera.lm.t5.T5Model;
import dev.tessera.lm.train.ScratchT5;
import dev.tessera.lm.train.Seq2SeqBatch;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.lm.train.T5Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera lm throughput}: prompts per second of T5 fine-tuning and constrained inference on random token
 * ids, for a model of a given architecture with random weights. Training: one AdamW step (forward, backward,
 * clipping, update; {@link T5Trainer#step}) per batch of {@code --batch-size} prompts of {@code --input-length}
 * tokens with targets of {@code --target-length} tokens. Inference: greedy decoding with a KV cache constrained to
 * {@code --candidates} labels of {@code --target-length} tokens each (EOS included), so every prompt decodes exactly
 * that many tokens, as a classifier's predict does. Runs {@code --warmup} untimed batches, then {@code --runs} timed
 * ones, and reports the median. Engine threads follow {@code -Dai.djl.pytorch.num_threads}.
 */
@Command(name = "throughput",
        description = {"Prompts per second of T5 fine-tuning (AdamW steps) and constrained greedy inference, on random "
                + "ids with random weights.",
            "Median of --runs timed batches after --warmup untimed ones. Engine threads: -Dai.djl.pytorch.num_threads "
                    + "(and OMP_NUM_THREADS)."})
final class LmThroughputCommand implements Callable<Integer> {
    /** flan-t5-small's architecture (its config.json), with random weights. */
    static T5Config flanT5Small() {
        return T5Config.builder().setVocabSize(32128).optDModel(512).optDKv(64).optNumHeads(6).optDFf(1024)
                .optNumLayers(8).optNumDecoderLayers(8).optFeedForward(T5Config.FeedForward.GATED_GELU)
                .optTieWordEmbeddings(false).build();
    }

    /** The architectures to measure without a checkpoint. */
    enum Preset {
        /** flan-t5-small's config. */
        FLAN_T5_SMALL,
        /** {@link ScratchT5#config} with a 16,000-word vocabulary. */
        SCRATCH;

        T5Config config() {
            return this == FLAN_T5_SMALL ? flanT5Small() : ScratchT5.config(ScratchT5.DEFAULT_MAX_VOCAB_SIZE);
        }
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Option(names = "--preset", paramLabel = "P", defaultValue = "flan-t5-small",
            converter = PresetConverter.class,
            description = "Architecture: flan-t5-small or scratch (the small from-scratch T5) (default: ${DEFAULT-VALUE}).")
    private Preset preset;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Use the config.json of this checkpoint directory instead of --preset (weights stay random).")
    private Path model;

    @Option(names = "--input-length", paramLabel = "S", defaultValue = "256",
            description = "Tokens per prompt, EOS included (default: ${DEFAULT-VALUE}).")
    private int inputLength;

    @Option(names = "--target-length", paramLabel = "T", defaultValue = "8",
            description = "Tokens per target / generated label, EOS included (default: ${DEFAULT-VALUE}).")
    private int targetLength;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8",
            description = "Prompts per batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--candidates", paramLabel = "M", defaultValue = "4",
            description = "Candidate labels per prompt at inference (default: ${DEFAULT-VALUE}).")
    private int candidates;

    @Option(names = "--warmup", paramLabel = "K", defaultValue = "1",
            description = "Untimed batches first, each phase (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "3",
            description = "Timed batches, each phase (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    static final class PresetConverter implements picocli.CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "flan-t5-small" -> Preset.FLAN_T5_SMALL;
                case "scratch" -> Preset.SCRATCH;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not flan-t5-small or scratch");
            };
        }
    }

    @Override
    public Integer call() {
        if (inputLength < 2 || targetLength < 2) {
            throw new TesseraException("--input-length and --target-length must be at least 2 (a token and EOS)");
        }
        if (batchSize < 1 || candidates < 1 || warmup < 0 || runs < 1) {
            throw new TesseraException("--batch-size, --candidates and --runs must be at least 1, --warmup at least 0");
        }
        T5Config config;
        String name;
        if (model != null) {
            if (!Files.isDirectory(model)) {
                throw TesseraException.at(model, 0, "no such directory (--model needs a T5 checkpoint directory)");
            }
            config = T5Config.fromJson(model.resolve("config.json"));
            name = model.toString();
        } else {
            config = preset.config();
            name = preset == Preset.FLAN_T5_SMALL ? "flan-t5-small" : "scratch";
        }
        if (config.vocabSize() < 3 + candidates) {
            throw new TesseraException("the vocabulary (" + config.vocabSize() + ") is too small for --candidates "
                    + candidates);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] trainSeconds = new double[runs];
        double[] inferSeconds = new double[runs];
        long params;
        try (NDManager m = NDManager.newBaseManager(); T5Model t5 = T5Model.random(config, m, seed)) {
            params = t5.parameters().values().stream().mapToLong(NDArray::size).sum();
            List<int[]> labels = new ArrayList<>();
            for (int c = 0; c < candidates; c++) {
                labels.add(randomIds(rnd, config, targetLength));
            }
            LabelTrie trie = new LabelTrie(labels, config.eosTokenId());
            T5Generator gen = T5Generator.builder().setMaxNewTokens(targetLength).optConstraint(trie).build();
            T5TrainSettings settings = T5TrainSettings.builder().optBatchSize(batchSize).build();
            try (T5Trainer trainer = new T5Trainer(t5, settings, m)) {
                for (int i = 0; i < warmup + runs; i++) {
                    Seq2SeqBatch b = batch(rnd, config);
                    long t0 = System.nanoTime();
                    trainer.step(b, T5TrainSettings.DEFAULT_LEARNING_RATE);
                    if (i >= warmup) {
                        trainSeconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            for (int i = 0; i < warmup + runs; i++) {
                Seq2SeqBatch b = batch(rnd, config);
                try (NDManager call = m.newSubManager()) {
                    NDArray ids = b.inputArray(call);
                    NDArray mask = b.maskArray(call);
                    long t0 = System.nanoTime();
                    T5Generator.Result r = gen.generate(t5, ids, mask);
                    if (i >= warmup) {
                        inferSeconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                    if (r.sequences()[0].length != targetLength + 1) {
                        throw new IllegalStateException("decoded " + (r.sequences()[0].length - 1) + " tokens, not "
                                + targetLength);
                    }
                }
            }
        }
        print(spec.commandLine().getOut(), name, config, params, median(trainSeconds), median(inferSeconds));
        return 0;
    }

    private Seq2SeqBatch batch(SplittableRandom rnd, T5Config config) {
        List<long[]> in = new ArrayList<>();
        List<long[]> out = new ArrayList<>();
        for (int r = 0; r < batchSize; r++) {
            in.add(Arrays.stream(randomIds(rnd, config, inputLength)).asLongStream().toArray());
            out.add(Arrays.stream(randomIds(rnd, config, targetLength)).asLongStream().toArray());
        }
        return Seq2SeqBatch.of(in, out, config.padTokenId());
    }

    /** {@code n - 1} ids drawn from [3, V) (no pad, EOS or unk; T5's specials are 0, 1, 2), then EOS. */
    private static int[] randomIds(SplittableRandom rnd, T5Config config, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n - 1; i++) {
            ids[i] = 3 + rnd.nextInt(config.vocabSize() - 3);
        }
        ids[n - 1] = config.eosTokenId();
        return ids;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private void print(PrintWriter out, String name, T5Config c, long params, double train, double infer) {
        String threads = EngineThreads.setting();
        if (output.json) {
            ObjectNode o = Json.object().put("model", name).put("parameters", params).put("d_model", c.dModel())
                    .put("layers", c.numLayers()).put("decoder_layers", c.numDecoderLayers())
                    .put("vocab_size", c.vocabSize()).put("input_length", inputLength)
                    .put("target_length", targetLength).put("batch_size", batchSize).put("candidates", candidates)
                    .put("runs", runs).put("threads", threads)
                    .put("train_seconds_per_batch", train).put("train_prompts_per_second", batchSize / train)
                    .put("inference_seconds_per_batch", infer).put("inference_prompts_per_second", batchSize / infer);
            Json.print(out, o);
            return;
        }
        TextTable t = new TextTable("", "value");
        t.row("model", name + String.format(Locale.ROOT, " (%,d parameters; d %d, %d+%d layers, V %,d)", params,
                c.dModel(), c.numLayers(), c.numDecoderLayers(), c.vocabSize()));
        t.row("batch", batchSize + " prompts x " + inputLength + " tokens, targets " + targetLength + " tokens");
        t.row("engine threads", threads);
        t.row("train", String.format(Locale.ROOT, "%.3f s/batch  %.2f prompts/s", train, batchSize / train));
        t.row("inference", String.format(Locale.ROOT, "%.3f s/batch  %.2f prompts/s (greedy, %d candidates)", infer,
                batchSize / infer, candidates));
        t.print(out);
        out.flush();
    }
}
