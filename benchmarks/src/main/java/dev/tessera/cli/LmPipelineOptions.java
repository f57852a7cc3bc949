package dev.tessera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.lm.classify.LmClassifierSettings;
import dev.tessera.lm.prompt.PromptTemplate;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.nn.models.ConvType;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The pipeline options shared by {@code lm train} and {@code lm evaluate} (a picocli mixin). Every option is
 * nullable: an option not given takes the value recorded beside a fine-tuned model ({@code lm evaluate}), else
 * the library default.
 */
public final class LmPipelineOptions {
    @Option(names = "--topk-ppr", paramLabel = "K", description = "PPR neighbours per prompt, 0 for none (default: "
            + LmClassifierSettings.DEFAULT_TOP_K_PPR + ").")
    Integer topKPpr;

    @Option(names = "--candidates", paramLabel = "M", description = "Candidate labels the pruning GNN keeps per node "
            + "(default: " + LmClassifierSettings.DEFAULT_CANDIDATES + ").")
    Integer candidates;

    @Option(names = "--no-retrieval", description = "Neither PPR neighbours nor prototypes in the prompt.")
    boolean noRetrieval;

    @Option(names = "--no-prototypes", description = "No prototypes in the prompt (PPR neighbours only).")
    boolean noPrototypes;

    @Option(names = "--no-pruning", description = "Every class is a candidate (the GNN still gives the prototypes).")
    boolean noPruning;

    @Option(names = "--conv", paramLabel = "C", description = "The pruning GNN: gcn or sage (default: gcn).")
    String conv;

    @Option(names = "--template", paramLabel = "FILE", description = "Prompt template file (default: the built-in "
            + "one; see the docs for the format).")
    Path template;

    @Option(names = "--max-input-tokens", paramLabel = "B", description = "Prompt budget in the model's tokens "
            + "(default: " + LmClassifierSettings.DEFAULT_MAX_INPUT_TOKENS + ").")
    Integer maxInputTokens;

    @Option(names = "--decode-batch-size", paramLabel = "B", description = "Prompts per inference batch (default: 16).")
    Integer decodeBatchSize;

    @Option(names = "--gnn-evidence", negatable = true, description = "Show each candidate with the pruning GNN's "
            + "probability (cross-fitted on training prompts) (default: off).")
    Boolean gnnEvidence;

    /**
     * @param train fine-tuning settings to use (from {@code lm train}'s options), or {@code null} for the recorded
     *     or default ones
     * @param saved the settings recorded beside a fine-tuned model ({@link #toJson}), or {@code null}
     * @return the settings: options given, else recorded, else defaults
     * @throws TesseraException naming the option when a value is invalid
     */
    LmClassifierSettings settings(T5TrainSettings train, JsonNode saved) {
        LmClassifierSettings.Builder b = LmClassifierSettings.builder();
        if (saved != null) {
            b.optTopKPpr(saved.path("topk_ppr").asInt(LmClassifierSettings.DEFAULT_TOP_K_PPR))
                    .optPrototypes(saved.path("prototypes").asBoolean(true))
                    .optPruning(saved.path("pruning").asBoolean(true))
                    .optCandidates(saved.path("candidates").asInt(LmClassifierSettings.DEFAULT_CANDIDATES))
                    .optConv(conv(saved.path("conv").asText("gcn"), "the recorded conv"))
                    .optMaxInputTokens(saved.path("max_input_tokens").asInt(LmClassifierSettings.DEFAULT_MAX_INPUT_TOKENS))
                    .optGnnEvidence(saved.path("gnn_evidence").asBoolean(false))
                    .optEvidenceFolds(saved.path("evidence_folds").asInt(LmClassifierSettings.DEFAULT_EVIDENCE_FOLDS));
            if (saved.hasNonNull("template") && template == null) {
                b.optTemplate(PromptTemplate.load(Path.of(saved.get("template").asText())));
            }
        }
        if (topKPpr != null) {
            if (topKPpr < 0) {
                throw new TesseraException("--topk-ppr: expected 0 or more neighbours, got " + topKPpr);
            }
            b.optTopKPpr(topKPpr);
        }
        if (candidates != null) {
            if (candidates < 1) {
                throw new TesseraException("--candidates: expected at least 1, got " + candidates);
            }
            b.optCandidates(candidates);
        }
        if (noRetrieval) {
            b.optTopKPpr(0).optPrototypes(false);
        }
        if (noPrototypes) {
            b.optPrototypes(false);
        }
        if (noPruning) {
            b.optPruning(false);
        }
        if (conv != null) {
            b.optConv(conv(conv, "--conv"));
        }
        if (template != null) {
            b.optTemplate(PromptTemplate.load(template));
        }
        if (maxInputTokens != null) {
            if (maxInputTokens < 8) {
                throw new TesseraException("--max-input-tokens: expected at least 8, got " + maxInputTokens);
            }
            b.optMaxInputTokens(maxInputTokens);
        }
        if (decodeBatchSize != null) {
            if (decodeBatchSize < 1) {
                throw new TesseraException("--decode-batch-size: expected at least 1, got " + decodeBatchSize);
            }
            b.optDecodeBatchSize(decodeBatchSize);
        }
        if (gnnEvidence != null) {
            b.optGnnEvidence(gnnEvidence);
        }
        if (train != null) {
            b.optTrain(train);
        }
        return b.build();
    }

    private static ConvType conv(String s, String what) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "gcn" -> ConvType.GCN;
            case "sage" -> ConvType.SAGE;
            default -> throw new TesseraException(what + ": expected gcn or sage, got '" + s + "'");
        };
    }

    /**
     * @param s settings
     * @return them as recorded beside results and fine-tuned models
     */
    static ObjectNode toJson(LmClassifierSettings s) {
        ObjectNode o = Json.object();
        o.put("topk_ppr", s.topKPpr());
        o.put("prototypes", s.prototypes());
        o.put("prototypes_per_class", s.prototypesPerClass());
        o.put("pruning", s.pruning());
        o.put("candidates", s.candidates());
        o.put("conv", s.conv().name().toLowerCase(Locale.ROOT));
        String source = s.template().source();
        if (source.equals(PromptTemplate.DEFAULT_RESOURCE)) {
            o.putNull("template");
        } else {
            o.put("template", Path.of(source).toAbsolutePath().toString());
        }
        o.put("max_input_tokens", s.maxInputTokens());
        o.put("decode_batch_size", s.decodeBatchSize());
        ObjectNode t = o.putObject("fine_tuning");
        T5TrainSettings ts = s.train();
        t.put("epochs", ts.epochs());
        t.put("batch_size", ts.batchSize());
        if (ts.examplesPerEpoch() == T5TrainSettings.ALL_EXAMPLES) {
            t.putNull("prompts_per_epoch");
        } else {
            t.put("prompts_per_epoch", ts.examplesPerEpoch());
        }
        Json.putNumber(t, "learning_rate", ts.learningRate());
        t.put("schedule", ts.schedule().name().toLowerCase(Locale.ROOT));
        Json.putNumber(t, "warmup_fraction", ts.warmupFraction());
        Json.putNumber(t, "weight_decay", ts.weightDecay());
        Json.putNumber(t, "max_grad_norm", ts.maxGradNorm());
        o.put("text_features", s.textFeatures());
        o.put("gnn_evidence", s.gnnEvidence());
        o.put("evidence_folds", s.evidenceFolds());
        o.put("select_epoch", s.selectEpoch());
        o.put("augment", s.augment());
        return o;
    }
}
