package dev.tessera.lm.classify;

import dev.tessera.lm.prompt.PromptTemplate;
import dev.tessera.lm.pruning.PruningGnn;
import dev.tessera.lm.retrieval.PprNeighbors;
import dev.tessera.lm.retrieval.Prototypes;
import dev.tessera.lm.train.T5Classifier;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.nn.models.ConvType;
import java.util.Objects;

/**
 * Settings of {@link LmNodeClassifier}. Build with {@link #builder()}; every field has a default, named as a
 * constant, chosen on Cora's validation nodes with the from-scratch T5 (see the module's documentation).
 *
 * @param topKPpr K, PPR neighbours per prompt (0: none)
 * @param prototypes whether the prompt lists one prototype per candidate class
 * @param prototypesPerClass the confident nodes kept per class to choose prototypes from
 * @param pruning whether the pruning GNN narrows the candidates to its top-m (else all classes are candidates)
 * @param candidates m, candidates kept per node when pruning
 * @param conv the pruning GNN's layer type
 * @param template the prompt template
 * @param maxInputTokens the prompt budget B in the model's tokens (prompts are fitted by the prompt builder)
 * @param train fine-tuning settings (the seed is replaced by each run's)
 * @param decodeBatchSize prompts per forward pass at inference
 * @param textFeatures F, the TF-IDF words of the pruning GNN's features when the dataset has no features
 * @param gnnEvidence whether each candidate is shown with the pruning GNN's probability of it (rounded to tens of
 *     percent); training prompts then show cross-fitted probabilities (see {@link LmNodeClassifier})
 * @param evidenceFolds the folds of that cross-fitting over the training nodes
 * @param selectEpoch whether fine-tuning keeps the epoch with the best validation accuracy (validation prompts
 *     decoded after every epoch) instead of the last one; uses the validation labels for model selection only
 * @param augment whether the training prompts are drawn again every epoch (seeded): candidates in a random order,
 *     a random half of the PPR neighbours, 30% of the node's own words dropped, so that 140 fixed prompts cannot
 *     simply be memorised
 */
public record LmClassifierSettings(int topKPpr, boolean prototypes, int prototypesPerClass, boolean pruning,
        int candidates, ConvType conv, PromptTemplate template, int maxInputTokens, T5TrainSettings train,
        int decodeBatchSize, int textFeatures, boolean gnnEvidence, int evidenceFolds, boolean selectEpoch,
        boolean augment) {
    /** Default K (the retrieval API's default). */
    public static final int DEFAULT_TOP_K_PPR = PprNeighbors.DEFAULT_TOP_K;
    /** Default m: Cora's GCN keeps the true class in its top 3 for about 95% of test nodes. */
    public static final int DEFAULT_CANDIDATES = 3;
    /** Default prototypes kept per class. */
    public static final int DEFAULT_PROTOTYPES_PER_CLASS = Prototypes.DEFAULT_PER_CLASS;
    /** Default pruning GNN. */
    public static final ConvType DEFAULT_CONV = PruningGnn.DEFAULT_CONV;
    /** Default prompt budget: T5's usual 512 tokens. */
    public static final int DEFAULT_MAX_INPUT_TOKENS = T5TrainSettings.DEFAULT_MAX_INPUT_LENGTH;
    /** Default fine-tuning epochs. */
    public static final int DEFAULT_EPOCHS = 10;
    /** Default peak learning rate (AdamW, linear decay; suits the from-scratch model, a real Flan-T5 wants ~3e-4). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /**
     * Default cap on the training prompts one fine-tuning epoch visits (a fresh seeded sample each epoch,
     * {@link dev.tessera.lm.train.EpochSampler}): 256 optimizer steps of 8, so the default 10 epochs see 20,480
     * prompts, about one pass over a 20,000-node training set, in 10 to 20 minutes for the scratch model on one
     * engine thread (docs/lm-nodeclass.md). Training sets up to this size (Cora's 140) are visited whole every
     * epoch.
     */
    public static final int DEFAULT_TRAIN_PROMPTS_PER_EPOCH = 2048;
    /** Default folds of the cross-fitted GNN evidence on training nodes. */
    public static final int DEFAULT_EVIDENCE_FOLDS = 5;
    /** Default TF-IDF width for datasets without features. */
    public static final int DEFAULT_TEXT_FEATURES = TextFeatures.DEFAULT_MAX_FEATURES;

    public LmClassifierSettings {
        Objects.requireNonNull(conv, "conv");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(train, "train");
        check(topKPpr >= 0, "top-k PPR must be >= 0, got " + topKPpr);
        check(prototypesPerClass >= 1, "prototypes per class must be >= 1, got " + prototypesPerClass);
        check(candidates >= 1, "candidates must be >= 1, got " + candidates);
        check(maxInputTokens >= 2, "max input tokens must be >= 2, got " + maxInputTokens);
        check(decodeBatchSize >= 1, "decode batch size must be >= 1, got " + decodeBatchSize);
        check(textFeatures >= 1, "text features must be >= 1, got " + textFeatures);
        check(evidenceFolds >= 2, "evidence folds must be >= 2, got " + evidenceFolds);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static LmClassifierSettings defaults() {
        return builder().build();
    }

    /** @return whether any retrieval is on */
    public boolean retrieval() {
        return topKPpr > 0 || prototypes;
    }

    /** @return the decoding used at inference: greedy, this batch size, the prompt budget */
    public T5Classifier.Decoding decoding() {
        return new T5Classifier.Decoding(decodeBatchSize, 1, maxInputTokens);
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.topKPpr = topKPpr;
        b.prototypes = prototypes;
        b.prototypesPerClass = prototypesPerClass;
        b.pruning = pruning;
        b.candidates = candidates;
        b.conv = conv;
        b.template = template;
        b.maxInputTokens = maxInputTokens;
        b.train = train;
        b.decodeBatchSize = decodeBatchSize;
        b.textFeatures = textFeatures;
        b.gnnEvidence = gnnEvidence;
        b.evidenceFolds = evidenceFolds;
        b.selectEpoch = selectEpoch;
        b.augment = augment;
        return b;
    }

    /** Builds {@link LmClassifierSettings}. */
    public static final class Builder {
        private int topKPpr = DEFAULT_TOP_K_PPR;
        private boolean prototypes = true;
        private int prototypesPerClass = DEFAULT_PROTOTYPES_PER_CLASS;
        private boolean pruning = true;
        private int candidates = DEFAULT_CANDIDATES;
        private ConvType conv = DEFAULT_CONV;
        private PromptTemplate template;
        private int maxInputTokens = DEFAULT_MAX_INPUT_TOKENS;
        private T5TrainSettings train = T5TrainSettings.builder().optEpochs(DEFAULT_EPOCHS)
                .optLearningRate(DEFAULT_LEARNING_RATE).optExamplesPerEpoch(DEFAULT_TRAIN_PROMPTS_PER_EPOCH).build();
        private int decodeBatchSize = T5Classifier.Decoding.DEFAULT_BATCH_SIZE;
        private int textFeatures = DEFAULT_TEXT_FEATURES;
        private boolean gnnEvidence;
        private int evidenceFolds = DEFAULT_EVIDENCE_FOLDS;
        private boolean selectEpoch;
        private boolean augment;

        private Builder() {
        }

        /** @param k PPR neighbours per prompt, 0 for none (default {@value #DEFAULT_TOP_K_PPR}) @return this */
        public Builder optTopKPpr(int k) {
            this.topKPpr = k;
            return this;
        }

        /** @param on whether prompts list prototypes (default true) @return this */
        public Builder optPrototypes(boolean on) {
            this.prototypes = on;
            return this;
        }

        /** @param p confident nodes per class (default {@value #DEFAULT_PROTOTYPES_PER_CLASS}) @return this */
        public Builder optPrototypesPerClass(int p) {
            this.prototypesPerClass = p;
            return this;
        }

        /** @param on whether the GNN prunes the candidates (default true) @return this */
        public Builder optPruning(boolean on) {
            this.pruning = on;
            return this;
        }

        /** @param m candidates kept when pruning (default {@value #DEFAULT_CANDIDATES}) @return this */
        public Builder optCandidates(int m) {
            this.candidates = m;
            return this;
        }

        /** @param c the pruning GNN's layer type (default GCN) @return this */
        public Builder optConv(ConvType c) {
            this.conv = c;
            return this;
        }

        /** @param t the prompt template (default {@link PromptTemplate#defaultTemplate()}) @return this */
        public Builder optTemplate(PromptTemplate t) {
            this.template = t;
            return this;
        }

        /** @param n prompt budget in tokens (default {@value #DEFAULT_MAX_INPUT_TOKENS}) @return this */
        public Builder optMaxInputTokens(int n) {
            this.maxInputTokens = n;
            return this;
        }

        /**
         * @param t fine-tuning settings (default: {@value #DEFAULT_EPOCHS} epochs, lr
         *     {@value #DEFAULT_LEARNING_RATE}, at most {@value #DEFAULT_TRAIN_PROMPTS_PER_EPOCH} prompts per epoch,
         *     the rest {@link T5TrainSettings}'s defaults)
         * @return this
         */
        public Builder optTrain(T5TrainSettings t) {
            this.train = t;
            return this;
        }

        /** @param n prompts per inference batch (default 16) @return this */
        public Builder optDecodeBatchSize(int n) {
            this.decodeBatchSize = n;
            return this;
        }

        /** @param f TF-IDF width for featureless datasets (default {@value #DEFAULT_TEXT_FEATURES}) @return this */
        public Builder optTextFeatures(int f) {
            this.textFeatures = f;
            return this;
        }

        /** @param on whether candidates show the GNN's probability (default false) @return this */
        public Builder optGnnEvidence(boolean on) {
            this.gnnEvidence = on;
            return this;
        }

        /** @param k cross-fitting folds for the training prompts' evidence (default {@value #DEFAULT_EVIDENCE_FOLDS}) @return this */
        public Builder optEvidenceFolds(int k) {
            this.evidenceFolds = k;
            return this;
        }

        /** @param on keep the epoch with the best validation accuracy (default off) @return this */
        public Builder optSelectEpoch(boolean on) {
            this.selectEpoch = on;
            return this;
        }

        /** @param on re-draw the training prompts every epoch (default off) @return this */
        public Builder optAugment(boolean on) {
            this.augment = on;
            return this;
        }

        /** @return the settings */
        public LmClassifierSettings build() {
            return new LmClassifierSettings(topKPpr, prototypes, prototypesPerClass, pruning, candidates, conv,
                    template == null ? PromptTemplate.defaultTemplate() : template, maxInputTokens, train,
                    decodeBatchSize, textFeatures, gnnEvidence, evidenceFolds, selectEpoch, augment);
        }
    }
}
