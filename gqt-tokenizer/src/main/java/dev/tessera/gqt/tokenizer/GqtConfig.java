package dev.tessera.gqt.tokenizer;

import dev.tessera.TesseraException;
import dev.tessera.gqt.encoder.EncoderActivation;
import dev.tessera.gqt.rvq.ResidualVectorQuantizer;
import dev.tessera.gqt.ssl.EmaTeacher;
import dev.tessera.nn.models.ConvType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration of the GQT tokenizer and its training. A loss whose weight is 0 is off (its modules are not built and
 * its forward passes not run). Defaults are scaled to graphs of thousands of nodes rather than copied from the
 * reference code (3 levels × 4096 codes × 1024 dims, a 4-layer 8-head GAT), which on Cora's 2,708 nodes would give
 * far more codes than nodes:
 *
 * <ul>
 *   <li>encoder: {@value #DEFAULT_LAYERS}-layer GAT, d = {@value #DEFAULT_DIM}, {@value #DEFAULT_HEADS} heads,
 *       PReLU, feature dropout {@value #DEFAULT_DROPOUT} (reference: 0.2);</li>
 *   <li>RVQ: {@value #DEFAULT_LEVELS} levels (reference), codebook size {@link #autoCodebookSize(int)} = min(256,
 *       the largest power of two ≤ N/8), so that each code has about 8 nodes or more on average;</li>
 *   <li>losses (weights 1, as the reference): DGI; masked reconstruction with mask rate 0.5, 3 re-masking rounds at
 *       rate 0.5 and SCE exponent γ = {@value #DEFAULT_SCE_GAMMA} (reference 6: with γ = 6 a row at cosine 0.5
 *       contributes 0.016, so the loss is flat long before the reconstruction is good); BGRL distillation with
 *       momentum 0.996 and a teacher view that drops {@value #DEFAULT_TEACHER_FEATURE_MASK} of the feature columns;
 *       commitment β = 1 (the quantizer's); dead-code threshold {@value #DEAD_CODE_THRESHOLD};</li>
 *   <li>AdamW, lr 10⁻³, weight decay 10⁻⁶ (reference), {@value #DEFAULT_EPOCHS} epochs (reference: 200), full
 *       batch: on Cora with 256 codes per level, 30 epochs leave every level above 0.9 usage (1.00 / 0.99 / 0.96)
 *       and the losses fall by under 10 % over epochs 20-30 (a step takes about 0.6 s on two idle cores).</li>
 * </ul>
 */
public record GqtConfig(ConvType conv, int layers, int dim, int heads, EncoderActivation activation, float dropout,
                        int levels, int codebookSize, double commitmentWeight, double codebookDecay,
                        double dgiWeight, double maeWeight, double maskRate, int remaskRounds, double remaskRate,
                        double sceGamma, double bgrlWeight, double momentum, double teacherFeatureMask,
                        double learningRate, double weightDecay, int epochs, long seed) {

    public static final ConvType DEFAULT_CONV = ConvType.GAT;
    public static final int DEFAULT_LAYERS = 2;
    public static final int DEFAULT_DIM = 128;
    public static final int DEFAULT_HEADS = 4;
    public static final EncoderActivation DEFAULT_ACTIVATION = EncoderActivation.PRELU;
    public static final float DEFAULT_DROPOUT = 0.2f;
    public static final int DEFAULT_LEVELS = 3;
    /** 0: {@link #autoCodebookSize(int)}. */
    public static final int AUTO_CODEBOOK_SIZE = 0;
    /** Upper bound of the automatic codebook size. */
    public static final int MAX_AUTO_CODEBOOK_SIZE = 256;
    public static final double DEFAULT_DGI_WEIGHT = 1.0;
    public static final double DEFAULT_MAE_WEIGHT = 1.0;
    public static final double DEFAULT_MASK_RATE = 0.5;
    public static final int DEFAULT_REMASK_ROUNDS = 3;
    public static final double DEFAULT_REMASK_RATE = 0.5;
    public static final double DEFAULT_SCE_GAMMA = 3.0;
    public static final double DEFAULT_BGRL_WEIGHT = 1.0;
    public static final double DEFAULT_TEACHER_FEATURE_MASK = 0.2;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_WEIGHT_DECAY = 1e-6;
    public static final int DEFAULT_EPOCHS = 30;
    public static final long DEFAULT_SEED = 42L;
    /**
     * EMA cluster size below which the tokenizer's quantizer re-seeds a code (the quantizer's own default, 10⁻³, is
     * for long runs): with decay 0.8 a code that held one node falls below 0.5 after 3 updates without one, so a code
     * left empty is revived within a few epochs instead of after about 30. On Cora with 256 codes per level and
     * 10⁻³, the third level kept 12-15 % of its codes empty through training.
     */
    public static final double DEAD_CODE_THRESHOLD = 0.5;

    public GqtConfig {
        require(conv != ConvType.MLP, "conv", "the encoder needs a message-passing layer (gcn, sage, gat)");
        require(layers >= 1, "layers", "must be at least 1, got " + layers);
        require(dim >= 1, "dim", "must be at least 1, got " + dim);
        require(heads >= 1, "heads", "must be at least 1, got " + heads);
        require(conv != ConvType.GAT || dim % heads == 0, "dim", dim + " is not a multiple of " + heads + " heads");
        require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout);
        require(levels >= 1, "levels", "must be at least 1, got " + levels);
        require(codebookSize >= 0, "codebook", "must be positive (or 0 for automatic), got " + codebookSize);
        require(commitmentWeight >= 0, "commitment-weight", "must be non-negative, got " + commitmentWeight);
        require(codebookDecay >= 0 && codebookDecay < 1, "codebook-decay", "must be in [0, 1), got " + codebookDecay);
        require(dgiWeight >= 0, "dgi-weight", "must be non-negative, got " + dgiWeight);
        require(maeWeight >= 0, "mae-weight", "must be non-negative, got " + maeWeight);
        require(maskRate > 0 && maskRate < 1, "mask-rate", "must be in (0, 1), got " + maskRate);
        require(remaskRounds >= 1, "remask-rounds", "must be at least 1, got " + remaskRounds);
        require(remaskRate >= 0 && remaskRate < 1, "remask-rate", "must be in [0, 1), got " + remaskRate);
        require(sceGamma >= 1, "sce-gamma", "must be at least 1, got " + sceGamma);
        require(bgrlWeight >= 0, "bgrl-weight", "must be non-negative, got " + bgrlWeight);
        require(momentum >= 0 && momentum <= 1, "momentum", "must be in [0, 1], got " + momentum);
        require(teacherFeatureMask >= 0 && teacherFeatureMask < 1, "teacher-feature-mask",
            "must be in [0, 1), got " + teacherFeatureMask);
        require(learningRate > 0, "lr", "must be positive, got " + learningRate);
        require(weightDecay >= 0, "weight-decay", "must be non-negative, got " + weightDecay);
        require(epochs >= 1, "epochs", "must be at least 1, got " + epochs);
    }

    private static void require(boolean ok, String option, String message) {
        if (!ok) {
            throw new TesseraException("--" + option + ": " + message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The automatic codebook size: {@code min(256, 2^⌊log₂(N/8)⌋)}, at least 2.
     *
     * @param nodes N
     */
    public static int autoCodebookSize(int nodes) {
        int perEight = Math.max(1, nodes / 8);
        return Math.max(2, Math.min(MAX_AUTO_CODEBOOK_SIZE, Integer.highestOneBit(perEight)));
    }

    /** @return the codebook size for a graph of {@code nodes} nodes: as set, or {@link #autoCodebookSize} */
    public int codebookSizeFor(int nodes) {
        return codebookSize == AUTO_CODEBOOK_SIZE ? autoCodebookSize(nodes) : codebookSize;
    }

    /** @return every field by its snake_case name, values as strings (for metadata and JSON) */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("conv", conv.name().toLowerCase(Locale.ROOT));
        m.put("layers", Integer.toString(layers));
        m.put("dim", Integer.toString(dim));
        m.put("heads", Integer.toString(heads));
        m.put("activation", activation.name().toLowerCase(Locale.ROOT));
        m.put("dropout", Float.toString(dropout));
        m.put("levels", Integer.toString(levels));
        m.put("codebook_size", Integer.toString(codebookSize));
        m.put("commitment_weight", Double.toString(commitmentWeight));
        m.put("codebook_decay", Double.toString(codebookDecay));
        m.put("dgi_weight", Double.toString(dgiWeight));
        m.put("mae_weight", Double.toString(maeWeight));
        m.put("mask_rate", Double.toString(maskRate));
        m.put("remask_rounds", Integer.toString(remaskRounds));
        m.put("remask_rate", Double.toString(remaskRate));
        m.put("sce_gamma", Double.toString(sceGamma));
        m.put("bgrl_weight", Double.toString(bgrlWeight));
        m.put("momentum", Double.toString(momentum));
        m.put("teacher_feature_mask", Double.toString(teacherFeatureMask));
        m.put("learning_rate", Double.toString(learningRate));
        m.put("weight_decay", Double.toString(weightDecay));
        m.put("epochs", Integer.toString(epochs));
        m.put("seed", Long.toString(seed));
        return m;
    }

    /**
     * The inverse of {@link #toMap()}.
     *
     * @throws TesseraException when a field is missing or malformed
     */
    public static GqtConfig fromMap(Map<String, String> m) {
        try {
            return new GqtConfig(ConvType.valueOf(get(m, "conv").toUpperCase(Locale.ROOT)),
                Integer.parseInt(get(m, "layers")), Integer.parseInt(get(m, "dim")), Integer.parseInt(get(m, "heads")),
                EncoderActivation.parse(get(m, "activation")), Float.parseFloat(get(m, "dropout")),
                Integer.parseInt(get(m, "levels")), Integer.parseInt(get(m, "codebook_size")),
                Double.parseDouble(get(m, "commitment_weight")), Double.parseDouble(get(m, "codebook_decay")),
                Double.parseDouble(get(m, "dgi_weight")), Double.parseDouble(get(m, "mae_weight")),
                Double.parseDouble(get(m, "mask_rate")), Integer.parseInt(get(m, "remask_rounds")),
                Double.parseDouble(get(m, "remask_rate")), Double.parseDouble(get(m, "sce_gamma")),
                Double.parseDouble(get(m, "bgrl_weight")), Double.parseDouble(get(m, "momentum")),
                Double.parseDouble(get(m, "teacher_feature_mask")), Double.parseDouble(get(m, "learning_rate")),
                Double.parseDouble(get(m, "weight_decay")), Integer.parseInt(get(m, "epochs")),
                Long.parseLong(get(m, "seed")));
        } catch (IllegalArgumentException e) {
            throw new TesseraException("malformed GQT configuration: " + e.getMessage(), e);
        }
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new TesseraException("GQT configuration lacks '" + key + "'");
        }
        return v;
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.conv = conv; b.layers = layers; b.dim = dim; b.heads = heads; b.activation = activation;
        b.dropout = dropout; b.levels = levels; b.codebookSize = codebookSize; b.commitmentWeight = commitmentWeight;
        b.codebookDecay = codebookDecay; b.dgiWeight = dgiWeight; b.maeWeight = maeWeight; b.maskRate = maskRate;
        b.remaskRounds = remaskRounds; b.remaskRate = remaskRate; b.sceGamma = sceGamma; b.bgrlWeight = bgrlWeight;
        b.momentum = momentum; b.teacherFeatureMask = teacherFeatureMask; b.learningRate = learningRate;
        b.weightDecay = weightDecay; b.epochs = epochs; b.seed = seed;
        return b;
    }

    /** Builds a {@link GqtConfig}; every field is optional (defaults are the class's constants). */
    public static final class Builder {
        private ConvType conv = DEFAULT_CONV;
        private int layers = DEFAULT_LAYERS;
        private int dim = DEFAULT_DIM;
        private int heads = DEFAULT_HEADS;
        private EncoderActivation activation = DEFAULT_ACTIVATION;
        private float dropout = DEFAULT_DROPOUT;
        private int levels = DEFAULT_LEVELS;
        private int codebookSize = AUTO_CODEBOOK_SIZE;
        private double commitmentWeight = ResidualVectorQuantizer.DEFAULT_COMMITMENT_WEIGHT;
        private double codebookDecay = ResidualVectorQuantizer.DEFAULT_DECAY;
        private double dgiWeight = DEFAULT_DGI_WEIGHT;
        private double maeWeight = DEFAULT_MAE_WEIGHT;
        private double maskRate = DEFAULT_MASK_RATE;
        private int remaskRounds = DEFAULT_REMASK_ROUNDS;
        private double remaskRate = DEFAULT_REMASK_RATE;
        private double sceGamma = DEFAULT_SCE_GAMMA;
        private double bgrlWeight = DEFAULT_BGRL_WEIGHT;
        private double momentum = EmaTeacher.DEFAULT_MOMENTUM;
        private double teacherFeatureMask = DEFAULT_TEACHER_FEATURE_MASK;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double weightDecay = DEFAULT_WEIGHT_DECAY;
        private int epochs = DEFAULT_EPOCHS;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        public Builder optConv(ConvType v) { conv = v; return this; }
        public Builder optLayers(int v) { layers = v; return this; }
        /** Embedding and codebook dimension d. */
        public Builder optDim(int v) { dim = v; return this; }
        /** Attention heads (GAT), concatenated: d / heads units each. */
        public Builder optHeads(int v) { heads = v; return this; }
        public Builder optActivation(EncoderActivation v) { activation = v; return this; }
        public Builder optDropout(float v) { dropout = v; return this; }
        /** RVQ levels K: tokens per node. */
        public Builder optLevels(int v) { levels = v; return this; }
        /** Codes per level C; {@value GqtConfig#AUTO_CODEBOOK_SIZE} for {@link GqtConfig#autoCodebookSize}. */
        public Builder optCodebookSize(int v) { codebookSize = v; return this; }
        /** Commitment weight β; 0 turns the commitment loss off (the codebooks still follow their EMA). */
        public Builder optCommitmentWeight(double v) { commitmentWeight = v; return this; }
        /** EMA decay of the codebooks. */
        public Builder optCodebookDecay(double v) { codebookDecay = v; return this; }
        /** DGI weight; 0 turns DGI off. */
        public Builder optDgiWeight(double v) { dgiWeight = v; return this; }
        /** Masked-reconstruction weight; 0 turns it off. */
        public Builder optMaeWeight(double v) { maeWeight = v; return this; }
        /** Share of nodes whose input features are replaced by the mask token. */
        public Builder optMaskRate(double v) { maskRate = v; return this; }
        public Builder optRemaskRounds(int v) { remaskRounds = v; return this; }
        /** Share of nodes whose latent is replaced by the decoder's mask token in each round. */
        public Builder optRemaskRate(double v) { remaskRate = v; return this; }
        /** Exponent γ of the scaled cosine error. */
        public Builder optSceGamma(double v) { sceGamma = v; return this; }
        /** BGRL distillation weight; 0 turns it off (no teacher is kept). */
        public Builder optBgrlWeight(double v) { bgrlWeight = v; return this; }
        /** EMA momentum of the teacher. */
        public Builder optMomentum(double v) { momentum = v; return this; }
        /** Share of feature columns zeroed in the teacher's view. */
        public Builder optTeacherFeatureMask(double v) { teacherFeatureMask = v; return this; }
        public Builder optLearningRate(double v) { learningRate = v; return this; }
        public Builder optWeightDecay(double v) { weightDecay = v; return this; }
        public Builder optEpochs(int v) { epochs = v; return this; }
        public Builder optSeed(long v) { seed = v; return this; }

        public GqtConfig build() {
            return new GqtConfig(conv, layers, dim, heads, activation, dropout, levels, codebookSize, commitmentWeight,
                codebookDecay, dgiWeight, maeWeight, maskRate, remaskRounds, remaskRate, sceGamma, bgrlWeight,
                momentum, teacherFeatureMask, learningRate, weightDecay, epochs, seed);
        }
    }
}
