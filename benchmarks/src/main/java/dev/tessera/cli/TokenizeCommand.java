package dev.tessera.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.RunEnvironment;
import dev.tessera.gqt.export.TokenExport;
import dev.tessera.gqt.export.TokenSet;
import dev.tessera.gqt.tokenizer.EpochLog;
import dev.tessera.gqt.tokenizer.GqtConfig;
import dev.tessera.gqt.tokenizer.GqtTokenizer;
import dev.tessera.gqt.tokenizer.GqtTokenizerTrainer;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.AtomicFiles;
import dev.tessera.nn.models.ConvType;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code tessera tokenize}: trains a GQT tokenizer on a dataset and writes its tokens. The output folder (written
 * atomically) holds {@code tokens.safetensors} and {@code tokens.npy} ({@link TokenExport}), {@code tokenizer.json}
 * (configuration and metrics) and {@code tokenizer.safetensors} (weights and codebooks, {@link GqtTokenizer#load}).
 *
 * <p>Sizes in the report: {@code bytes_tokens} = N·K·⌈log₂ C⌉/8 rounded up, the bits the tokens need packed
 * (files store int32, N·K·4 bytes); {@code bytes_features} = N·F·4 (float32); {@code compression} their ratio. The
 * codebooks (K·C·d floats) are shared by all nodes and left out.
 */
@Command(name = "tokenize", sortOptions = false,
        description = {"Train a GQT tokenizer (GNN + self-supervised losses + residual vector quantization) and write "
                + "K tokens per node.",
            "Example: tessera tokenize --dataset cora --out cora-tokens"})
final class TokenizeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "A registry name (see 'tessera data list') or a dataset folder or file.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder (replaced).")
    Path out;

    @Option(names = "--levels", paramLabel = "K", description = "RVQ levels: tokens per node (default: 3).")
    int levels = GqtConfig.DEFAULT_LEVELS;

    @Option(names = "--codebook", paramLabel = "C",
            description = "Codes per level (default: min(256, largest power of two <= N/8)).")
    int codebook = GqtConfig.AUTO_CODEBOOK_SIZE;

    @Option(names = "--dim", paramLabel = "d", description = "Embedding and code dimension (default: 128).")
    int dim = GqtConfig.DEFAULT_DIM;

    @Option(names = "--conv", paramLabel = "L", description = "Encoder layer: gcn, sage, gat (default: gat).")
    String conv = "gat";

    @Option(names = "--layers", paramLabel = "N", description = "Encoder layers (default: 2).")
    int layers = GqtConfig.DEFAULT_LAYERS;

    @Option(names = "--dropout", paramLabel = "P",
            description = "Encoder feature dropout during training (default: " + GqtConfig.DEFAULT_DROPOUT + ").")
    float dropout = GqtConfig.DEFAULT_DROPOUT;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default: "
                + GqtConfig.DEFAULT_EPOCHS + ").")
    int epochs = GqtConfig.DEFAULT_EPOCHS;

    @Option(names = "--lr", paramLabel = "LR", description = "AdamW learning rate (default: 0.001).")
    double lr = GqtConfig.DEFAULT_LEARNING_RATE;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: 42).")
    long seed = GqtConfig.DEFAULT_SEED;

    @Option(names = "--dgi-weight", paramLabel = "W", description = "Weight of the DGI loss; 0 turns it off (default: 1).")
    double dgiWeight = GqtConfig.DEFAULT_DGI_WEIGHT;

    @Option(names = "--mae-weight", paramLabel = "W",
            description = "Weight of the masked-feature reconstruction; 0 turns it off (default: 1).")
    double maeWeight = GqtConfig.DEFAULT_MAE_WEIGHT;

    @Option(names = "--bgrl-weight", paramLabel = "W",
            description = "Weight of the EMA-teacher distillation; 0 turns it off (default: 1).")
    double bgrlWeight = GqtConfig.DEFAULT_BGRL_WEIGHT;

    @Option(names = "--remask-rounds", paramLabel = "R",
            description = "Decoder re-masking rounds of the reconstruction (default: "
                + GqtConfig.DEFAULT_REMASK_ROUNDS + ").")
    int remaskRounds = GqtConfig.DEFAULT_REMASK_ROUNDS;

    @Mixin
    DatasetOptions data;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConvType convType = switch (conv.trim().toLowerCase(Locale.ROOT)) {
            case "gcn" -> ConvType.GCN;
            case "sage" -> ConvType.SAGE;
            case "gat" -> ConvType.GAT;
            default -> throw new TesseraException("--conv: unknown layer '" + conv + "' (expected gcn, sage, gat)");
        };
        GqtConfig.Builder b = GqtConfig.builder().optConv(convType).optLevels(levels).optCodebookSize(codebook)
            .optDim(dim).optLayers(layers).optDropout(dropout).optEpochs(epochs).optLearningRate(lr).optSeed(seed)
            .optDgiWeight(dgiWeight).optMaeWeight(maeWeight).optBgrlWeight(bgrlWeight).optRemaskRounds(remaskRounds);
        if (convType == ConvType.GAT && dim % GqtConfig.DEFAULT_HEADS != 0) {
            b.optHeads(1);
        }
        GqtConfig config = b.build();
        if (out.toAbsolutePath().getParent() == null) {
            throw new TesseraException("--out: " + out + " has no parent folder");
        }
        GraphDataset ds = data.loader(err).load(dataset);
        long t0 = System.nanoTime();
        ObjectNode report;
        try (NDManager manager = NDManager.newBaseManager()) {
            GqtTokenizerTrainer.Result r = GqtTokenizerTrainer.train(ds, config, manager,
                ConsoleProgress.forStderr(err), null);
            try (GqtTokenizer tokenizer = r.tokenizer()) {
                TokenSet tokens = tokenizer.tokenize(ds);
                double seconds = (System.nanoTime() - t0) / 1e9;
                report = report(ds, config, tokenizer, tokens, r, seconds);
                String fingerprint = TokenExport.fingerprint(ds);
                String configJson = Json.MAPPER.valueToTree(config.toMap()).toString();
                String reportText = report.toPrettyString() + "\n";
                AtomicFiles.writeFolder(out, true, dir -> {
                    TokenExport.write(dir, tokens, fingerprint, configJson);
                    tokenizer.save(dir.resolve(GqtTokenizer.FILE));
                    Files.writeString(dir.resolve("tokenizer.json"), reportText, StandardCharsets.UTF_8);
                });
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode j = Json.object();
            for (String k : new String[] {"nodes", "levels", "codebook_size", "usage", "perplexity", "bytes_tokens",
                "bytes_features", "compression", "seconds"}) {
                j.set(k, report.get(k));
            }
            Json.print(stdout, j);
        } else {
            stdout.printf(Locale.ROOT, "%s: %d nodes -> %d tokens each (codebook %d), usage %s, perplexity %s, "
                    + "compression %.1fx, %.1f s, written to %s%n", ds.name(), ds.numNodes(), config.levels(),
                report.get("codebook_size").asInt(), report.get("usage"), report.get("perplexity"),
                report.get("compression").asDouble(), report.get("seconds").asDouble(), out);
            stdout.flush();
        }
        return 0;
    }

    /** The figures of {@code --json} plus the configuration and the last epoch's losses. */
    private static ObjectNode report(GraphDataset ds, GqtConfig config, GqtTokenizer tokenizer, TokenSet tokens,
                                     GqtTokenizerTrainer.Result r, double seconds) {
        int n = ds.numNodes();
        int k = tokens.levels();
        int c = tokens.codebookSize();
        int[] t = tokens.tokens();
        ObjectNode j = Json.object();
        j.put("dataset", ds.name());
        j.put("nodes", n);
        j.put("levels", k);
        j.put("codebook_size", c);
        ArrayNode usage = j.putArray("usage");
        ArrayNode perplexity = j.putArray("perplexity");
        for (int level = 0; level < k; level++) {
            int[] counts = new int[c];
            for (int i = 0; i < n; i++) {
                counts[t[i * k + level]]++;
            }
            int used = 0;
            double entropy = 0;
            for (int count : counts) {
                if (count > 0) {
                    used++;
                    double p = (double) count / n;
                    entropy -= p * Math.log(p);
                }
            }
            usage.add((double) used / c);
            perplexity.add(Math.exp(entropy));
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(c - 1));
        long bytesTokens = ((long) n * k * bits + 7) / 8;
        long bytesFeatures = (long) n * ds.numFeatures() * 4;
        j.put("bytes_tokens", bytesTokens);
        j.put("bytes_features", bytesFeatures);
        Json.putNumber(j, "compression", (double) bytesFeatures / bytesTokens);
        j.put("seconds", seconds);
        j.put("training_seconds", r.seconds());
        j.put("epochs", r.history().size());
        Json.putNumber(j, "seconds_per_epoch", r.seconds() / r.history().size());
        EpochLog last = r.history().get(r.history().size() - 1);
        ObjectNode losses = j.putObject("final_losses");
        Json.putNumber(losses, "total", last.loss());
        Json.putNumber(losses, "dgi", last.dgi());
        Json.putNumber(losses, "reconstruction", last.reconstruction());
        Json.putNumber(losses, "distillation", last.distillation());
        Json.putNumber(losses, "commitment", last.commitment());
        ObjectNode cfg = j.putObject("config");
        config.toMap().forEach(cfg::put);
        cfg.put("codebook_size_resolved", tokenizer.codebookSize());
        j.set("environment", RunEnvironment.toJson());
        return j;
    }
}
