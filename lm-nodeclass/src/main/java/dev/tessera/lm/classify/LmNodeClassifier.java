package dev.tessera.lm.classify;

import ai.djl.ndarray.NDManager;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import dev.tessera.lm.prompt.LabeledText;
import dev.tessera.lm.prompt.PromptBuilder;
import dev.tessera.lm.pruning.Candidates;
import dev.tessera.lm.pruning.PruningGnn;
import dev.tessera.lm.pruning.TrainedGnn;
import dev.tessera.lm.retrieval.PprNeighbors;
import dev.tessera.lm.retrieval.Prototypes;
import dev.tessera.lm.train.ScratchT5;
import dev.tessera.lm.train.T5Classifier;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.lm.train.T5Trainer;
import dev.tessera.ordering.RandomOrder;
import dev.tessera.progress.Progress;
import dev.tessera.transforms.ToUndirected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The retrieval-augmented LM node classifier of Xu et al. ("How to Make LMs Strong Node Classifiers?", arXiv
 * 2410.02296), end to end, for one split and one seed:
 * <ol>
 *   <li>The pruning GNN ({@link PruningGnn}) is trained on the training nodes only; its probabilities give each
 *       node's top-m candidate classes ({@link Candidates}) and, with its hidden embeddings, the prototypes
 *       ({@link Prototypes}). A dataset without node features gets TF-IDF features of its texts
 *       ({@link TextFeatures}); a directed graph is made undirected first (for the GNN and for PPR, so "cited by"
 *       counts as much as "cites").</li>
 *   <li>Each node's prompt ({@link PromptBuilder}, the settings' template and budget): its own text, the texts of
 *       its top-K PPR neighbours ({@link PprNeighbors}), per candidate class the nearest prototype (text and
 *       class name), and the candidates. Candidates are listed <b>by class id</b>, never in the GNN's order, so the
 *       position of a name in the prompt does not tell the model which class the GNN ranks first (on training
 *       nodes the GNN is nearly always right, and a model that learnt "the first candidate" would learn nothing
 *       else).</li>
 *   <li>The T5 (a Hugging Face directory, or a {@link ScratchT5} built from the dataset's texts and class names)
 *       is fine-tuned on the training nodes only, to generate the true class's readable name
 *       ({@link LabelNames}). <b>Training candidates:</b> the GNN's top-m with the true class forced in (replacing
 *       the m-th when missing), so the target is always reachable and training prompts look like inference
 *       prompts; with the GNN fit to the training nodes the true class is almost always in its top-m anyway.</li>
 *   <li>Validation and test nodes are predicted by greedy decoding constrained to their own candidates' names;
 *       accuracy is reported for both, beside the GNN's own accuracy and the candidate recall (how often the true
 *       class survived pruning).</li>
 * </ol>
 * No validation or test label reaches training: the GNN and the prototypes see the training labels alone, PPR and
 * the texts no labels at all, and the T5 only training prompts; validation and test labels are read afterwards,
 * only to score. Deterministic given the seed (GNN initialisation and dropout, the scratch model's initial
 * weights, the order of the training examples).
 */
public final class LmNodeClassifier {
    /** The pruning GNN's input dropout on TF-IDF features made from the texts (see {@link #pruner}). */
    public static final float TEXT_FEATURES_INPUT_DROPOUT = 0f;

    private final LmClassifierSettings settings;

    /** @param settings the settings */
    public LmNodeClassifier(LmClassifierSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public LmClassifierSettings settings() {
        return settings;
    }

    /**
     * The outcome of one run.
     *
     * @param seed the run's seed
     * @param val accuracy on the validation nodes (NaN when there are none)
     * @param test accuracy on the test nodes
     * @param gnnVal the pruning GNN's own validation accuracy
     * @param gnnTest the pruning GNN's own test accuracy
     * @param candidateRecall fraction of test nodes whose true class is among their candidates
     * @param epochLosses the fine-tuning loss per epoch (empty when evaluating a fine-tuned model)
     * @param valPredicted predicted class per validation node, in the split's order
     * @param testPredicted predicted class per test node, in the split's order
     * @param meanPromptTokens mean prompt length in the model's tokens (over every prompt built)
     * @param truncatedPrompts fraction of prompts that were cut to fit the budget
     * @param fitSeconds fine-tuning wall time
     * @param predictSeconds inference wall time (validation and test)
     * @param seconds wall time of the whole run
     * @param phaseSeconds wall time per stage, in the order they ran: {@code text_features} (only for a dataset
     *     without features), {@code pruning_gnn}, {@code gnn_evidence} (only with it), {@code ppr} (with K &gt; 0),
     *     {@code scratch_model} (tokenizer and weights made from scratch) or {@code load_model}, {@code training_prompts} and {@code fine_tune} (only when
     *     training), {@code predict} (validation and test prompts, built and decoded)
     */
    public record Run(long seed, double val, double test, double gnnVal, double gnnTest, double candidateRecall,
            double[] epochLosses, int[] valPredicted, int[] testPredicted, double meanPromptTokens,
            double truncatedPrompts, double fitSeconds, double predictSeconds, double seconds,
            Map<String, Double> phaseSeconds) {
        public Run {
            phaseSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseSeconds));
        }
    }

    /**
     * Trains the pruning GNN, fine-tunes the model on the training nodes and scores the validation and test nodes.
     *
     * @param dataset a text-attributed dataset with labels and class names
     * @param split its split
     * @param model a T5 directory in Hugging Face layout, or {@code null} for a {@link ScratchT5} built from the
     *     dataset's texts
     * @param seed the run's seed
     * @param saveTo where to save the fine-tuned model ({@link T5Classifier#save}), or {@code null}
     * @param progress where the stages are reported
     * @return the run's figures
     * @throws TesseraException when the dataset has no texts, a class has no usable name, or a file is bad
     */
    public Run train(GraphDataset dataset, Split split, Path model, long seed, Path saveTo, Progress progress) {
        return run(dataset, split, model, seed, saveTo, progress, true);
    }

    /**
     * Scores a fine-tuned model without training it: the pruning GNN is trained again with the same seed (it is
     * deterministic), and the validation and test prompts are built and predicted as {@link #train} does.
     *
     * @param dataset the dataset
     * @param split its split
     * @param fineTuned a fine-tuned T5 directory (e.g. one {@link #train} saved)
     * @param seed the seed of the run that fine-tuned it (the GNN's seed)
     * @param progress where the stages are reported
     * @return the run's figures (no losses)
     */
    public Run evaluate(GraphDataset dataset, Split split, Path fineTuned, long seed, Progress progress) {
        Objects.requireNonNull(fineTuned, "fineTuned");
        return run(dataset, split, fineTuned, seed, null, progress, false);
    }

    private Run run(GraphDataset dataset, Split split, Path model, long seed, Path saveTo, Progress progress,
            boolean fit) {
        long t0 = System.nanoTime();
        NodeTexts texts = dataset.texts().orElseThrow(() -> new TesseraException("dataset " + dataset.name()
                + " has no node texts; the LM classifier needs a text-attributed graph"));
        if (dataset.numClasses() < 1 || dataset.classNames().size() != dataset.numClasses()) {
            throw new TesseraException("dataset " + dataset.name() + " has no class names; the LM classifier "
                    + "generates class names");
        }
        List<String> names = LabelNames.readable(dataset.classNames());
        Map<String, Double> phases = new java.util.LinkedHashMap<>();
        long s0 = System.nanoTime();
        boolean textFeatures = dataset.numFeatures() == 0;
        GraphDataset ds = prepare(dataset, texts, progress);
        if (textFeatures) {
            s0 = phase(phases, "text_features", s0);
        }
        int[] labels = dataset.labels();

        TrainedGnn gnn;
        try (Progress.Task task = progress.start("pruning GNN (" + settings.conv().name().toLowerCase(java.util.Locale.ROOT)
                + ", seed " + seed + ")", -1, "")) {
            gnn = pruner(seed, textFeatures).train(ds, split);
        }
        int c = dataset.numClasses();
        int m = settings.pruning() ? Math.min(settings.candidates(), c) : c;
        Candidates candidates = settings.pruning() ? gnn.candidates(m) : Candidates.all(dataset.numNodes(), c);
        Prototypes prototypes = settings.prototypes() ? Prototypes.of(gnn, settings.prototypesPerClass()) : null;
        float[] evidence = null;
        Candidates trainCandidates = candidates;
        s0 = phase(phases, "pruning_gnn", s0);
        if (settings.gnnEvidence()) {
            evidence = fit ? crossFitted(ds, split, gnn, seed, textFeatures, progress) : gnn.probabilities();
            if (settings.pruning()) {
                trainCandidates = Candidates.topM(evidence, c, m);
            }
            s0 = phase(phases, "gnn_evidence", s0);
        }

        int[] train = split.train();
        int[] valid = split.valid();
        int[] test = split.test();
        int[] targets = fit ? concat(train, valid, test) : concat(valid, test);
        Map<Integer, int[]> neighbours = new HashMap<>();
        if (settings.topKPpr() > 0) {
            try (Progress.Task task = progress.start("PPR neighbours (top " + settings.topKPpr() + ")", -1, "")) {
                int[][] rows = PprNeighbors.builder().optTopK(settings.topKPpr()).build().neighbors(ds.graph(), targets);
                for (int i = 0; i < targets.length; i++) {
                    neighbours.put(targets[i], rows[i]);
                }
            }
            s0 = phase(phases, "ppr", s0);
        }

        Path scratchDir = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = model;
            if (dir == null) {
                try (Progress.Task task = progress.start("scratch T5 (corpus tokenizer)", -1, "")) {
                    scratchDir = Files.createTempDirectory("tessera-scratch-t5");
                    dir = ScratchT5.create(corpus(texts, names), scratchDir, seed);
                }
            }
            T5Classifier loaded = T5Classifier.load(dir, manager);
            s0 = phase(phases, model == null ? "scratch_model" : "load_model", s0);
            try (T5Classifier classifier = loaded) {
                PromptBuilder builder = PromptBuilder.builder().setTemplate(settings.template())
                        .setTokenCounter(classifier.tokenizer()).optMaxTokens(settings.maxInputTokens()).build();
                Prompts prompts = new Prompts(builder, texts, names, neighbours, prototypes, evidence);
                double[] losses = new double[0];
                double fitSeconds = 0;
                if (fit) {
                    List<String> in = new ArrayList<>(train.length);
                    List<String> out = new ArrayList<>(train.length);
                    try (Progress.Task task = progress.start("training prompts", train.length, "prompts")) {
                        for (int v : train) {
                            in.add(prompts.build(v, prompts.order(v, trainingCandidates(trainCandidates, v, labels[v]))));
                            out.add(names.get(labels[v]));
                            task.step(1);
                        }
                    }
                    s0 = phase(phases, "training_prompts", s0);
                    T5TrainSettings ts = settings.train();
                    ts = ts.toBuilder().optMaxInputLength(settings.maxInputTokens()).optSeed(seed).build();
                    long f0 = System.nanoTime();
                    EpochSelection selection = settings.selectEpoch() && valid.length > 0
                            ? new EpochSelection(classifier, prepare(prompts, candidates, valid), valid, labels, progress)
                            : null;
                    T5Trainer.EpochListener listener = selection == null ? T5Trainer.EpochListener.NONE : selection;
                    T5Trainer.FitResult r;
                    if (settings.augment()) {
                        Candidates tc = trainCandidates;
                        List<long[]> targetIds = Arrays.asList(classifier.tokenizer().encode(out));
                        SplittableRandom augmentRandom = new SplittableRandom(seed * 1_000_003L + 17);
                        r = classifier.fit(epoch -> {
                            List<String> drawn = new ArrayList<>(train.length);
                            for (int v : train) {
                                drawn.add(prompts.buildAugmented(v, trainingCandidates(tc, v, labels[v]),
                                        augmentRandom));
                            }
                            return new T5Trainer.Examples(Arrays.asList(classifier.tokenizer().encode(drawn)),
                                    targetIds);
                        }, ts, new EpochProgress(progress, ts.epochs()), listener);
                    } else {
                        r = classifier.fit(in, out, ts, new EpochProgress(progress, ts.epochs()), listener);
                    }
                    if (selection != null) {
                        selection.restoreBest();
                    }
                    fitSeconds = (System.nanoTime() - f0) / 1e9;
                    losses = r.epochLosses();
                    if (saveTo != null) {
                        classifier.save(saveTo);
                    }
                    s0 = phase(phases, "fine_tune", s0);
                }
                long p0 = System.nanoTime();
                int[] valPred = predict(classifier, prompts, candidates, valid, "validation", progress);
                int[] testPred = predict(classifier, prompts, candidates, test, "test", progress);
                double predictSeconds = (System.nanoTime() - p0) / 1e9;
                phase(phases, "predict", s0);
                return new Run(seed, accuracy(valPred, valid, labels), accuracy(testPred, test, labels),
                        gnn.accuracy(valid, labels), gnn.testAccuracy(), candidates.recall(test, labels), losses,
                        valPred, testPred, prompts.meanTokens(), prompts.truncatedFraction(), fitSeconds,
                        predictSeconds, (System.nanoTime() - t0) / 1e9, phases);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratchDir != null) {
                deleteTree(scratchDir);
            }
        }
    }

    /** Records a stage's wall time since {@code start}; returns the time now, the next stage's start. */
    private static long phase(Map<String, Double> phases, String name, long start) {
        long now = System.nanoTime();
        phases.merge(name, (now - start) / 1e9, Double::sum);
        return now;
    }

    /**
     * The pruning GNN of a run. On TF-IDF features the classifier made itself ({@link TextFeatures}: a short
     * text, e.g. a title, has a handful of non-zero words among F) the input features are not dropped: dropping
     * half of a title's few words is heavy noise, and the [N, F] dense mask per epoch was most of the GNN's time
     * (arxiv-2023: 33,868 x 2,000). Hidden dropout stays.
     */
    private PruningGnn pruner(long seed, boolean textFeatures) {
        PruningGnn.Builder b = PruningGnn.builder().optConv(settings.conv()).optSeed(seed);
        if (textFeatures) {
            b.optInputDropout(TEXT_FEATURES_INPUT_DROPOUT);
        }
        return b.build();
    }

    /**
     * The GNN probabilities the prompts show: the pruning GNN's for every node but the training nodes, whose rows
     * come from k GNNs each trained without one k-th of the training nodes (a seeded partition) and read on that
     * k-th. On its own training nodes a GNN is nearly always right and confident; a language model fine-tuned on
     * such prompts would learn to copy the probability, which is right far less often on validation and test
     * nodes. Cross-fitted rows are as reliable on training nodes as the real ones are elsewhere, so the model can
     * learn when to trust them. Only training labels are used.
     */
    private float[] crossFitted(GraphDataset ds, Split split, TrainedGnn gnn, long seed, boolean textFeatures,
            Progress progress) {
        int c = gnn.numClasses();
        float[] out = gnn.probabilities().clone();
        int[] train = split.train();
        int k = Math.min(settings.evidenceFolds(), train.length);
        if (k < 2) {
            return out;
        }
        int[] order = RandomOrder.permutation(train.length, new SplittableRandom(seed));
        try (Progress.Task task = progress.start("cross-fitted GNN evidence (" + k + " folds)", k, "folds")) {
            for (int f = 0; f < k; f++) {
                int[] kept = new int[train.length - (train.length - f + k - 1) / k];
                int[] held = new int[train.length - kept.length];
                int a = 0;
                int b = 0;
                for (int i = 0; i < train.length; i++) {
                    if (i % k == f) {
                        held[b++] = train[order[i]];
                    } else {
                        kept[a++] = train[order[i]];
                    }
                }
                Split fold = new Split(split.name() + "-fold-" + f, kept, new int[0], new int[0]);
                float[] p = pruner(seed, textFeatures).train(ds, fold).probabilities();
                for (int v : held) {
                    System.arraycopy(p, v * c, out, v * c, c);
                }
                task.step(1);
            }
        }
        return out;
    }

    /**
     * How a candidate reads in the prompt with GNN evidence: its name and the probability rounded to tens of
     * percent, e.g. {@code Neural Networks (graph 70%)} (few distinct words, so a word-level tokenizer knows them).
     */
    static String withEvidence(String name, float probability) {
        long tens = Math.round(Math.max(0, Math.min(1, probability)) * 10);
        return name + " (graph " + tens * 10 + "%)";
    }

    /** Adds TF-IDF features when the dataset has none, and makes a directed graph undirected. */
    private GraphDataset prepare(GraphDataset dataset, NodeTexts texts, Progress progress) {
        GraphDataset ds = dataset;
        if (ds.numFeatures() == 0) {
            try (Progress.Task task = progress.start("TF-IDF features of the texts", -1, "")) {
                ds = ds.toBuilder().optFeatures(TextFeatures.tfidf(texts, settings.textFeatures(),
                        TextFeatures.DEFAULT_MIN_DOCS)).build();
            }
        }
        if (!isSymmetric(ds.graph())) {
            ds = new ToUndirected().apply(ds);
        }
        return ds;
    }

    static boolean isSymmetric(CsrGraph g) {
        for (int u = 0; u < g.numNodes(); u++) {
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                if (!g.hasEdge(g.target(e), u)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The candidates a training prompt lists: the GNN's top-m with the true class forced in (it replaces the m-th
     * when missing), then sorted by class id.
     *
     * @param candidates every node's top-m
     * @param node a training node
     * @param label its class
     * @return the classes its prompt lists, ascending
     */
    static int[] trainingCandidates(Candidates candidates, int node, int label) {
        int[] cls = candidates.classes(node);
        if (!candidates.contains(node, label)) {
            cls[cls.length - 1] = label;
        }
        Arrays.sort(cls);
        return cls;
    }

    private int[] predict(T5Classifier classifier, Prompts prompts, Candidates candidates, int[] nodes, String part,
            Progress progress) {
        int[] out = new int[nodes.length];
        int chunk = settings.decodeBatchSize() * 4;
        try (Progress.Task task = progress.start("predict " + part, nodes.length, "prompts")) {
            for (int from = 0; from < nodes.length; from += chunk) {
                int to = Math.min(nodes.length, from + chunk);
                List<String> in = new ArrayList<>(to - from);
                List<int[]> cls = new ArrayList<>(to - from);
                List<List<String>> names = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    int[] k = prompts.order(nodes[i], candidates.classes(nodes[i]));
                    cls.add(k);
                    in.add(prompts.build(nodes[i], k));
                    names.add(Arrays.stream(k).mapToObj(prompts.names::get).toList());
                }
                int[] chosen = classifier.predict(in, names, settings.decoding());
                for (int i = from; i < to; i++) {
                    out[i] = cls.get(i - from)[chosen[i - from]];
                }
                task.step(to - from);
            }
        }
        return out;
    }

    /** Prompts of some nodes, built once, with their candidates. */
    private record Prepared(List<String> prompts, List<int[]> classes, List<List<String>> names) {
    }

    private static Prepared prepare(Prompts prompts, Candidates candidates, int[] nodes) {
        List<String> in = new ArrayList<>(nodes.length);
        List<int[]> cls = new ArrayList<>(nodes.length);
        List<List<String>> names = new ArrayList<>(nodes.length);
        for (int v : nodes) {
            int[] k = prompts.order(v, candidates.classes(v));
            cls.add(k);
            in.add(prompts.build(v, k));
            names.add(Arrays.stream(k).mapToObj(prompts.names::get).toList());
        }
        return new Prepared(in, cls, names);
    }

    /**
     * Model selection on validation accuracy: after each epoch the validation prompts (built once) are decoded,
     * and the weights of the best epoch so far (ties: the later one) are copied to the heap; {@link #restoreBest}
     * puts them back after training.
     */
    private final class EpochSelection implements T5Trainer.EpochListener {
        private final T5Classifier classifier;
        private final Prepared val;
        private final int[] nodes;
        private final int[] labels;
        private final Progress progress;
        private double best = -1;
        private int bestEpoch = -1;
        private int lastEpoch = -1;
        private final Map<String, float[]> weights = new HashMap<>();

        EpochSelection(T5Classifier classifier, Prepared val, int[] nodes, int[] labels, Progress progress) {
            this.classifier = classifier;
            this.val = val;
            this.nodes = nodes;
            this.labels = labels;
            this.progress = progress;
        }

        @Override
        public void onEpoch(int epoch, double loss, double seconds) {
            lastEpoch = epoch;
            try (Progress.Task task = progress.start("validation after epoch " + (epoch + 1), nodes.length,
                    "prompts")) {
                int[] pred = new int[nodes.length];
                int chunk = settings.decodeBatchSize() * 4;
                for (int from = 0; from < nodes.length; from += chunk) {
                    int to = Math.min(nodes.length, from + chunk);
                    int[] chosen = classifier.predict(val.prompts().subList(from, to), val.names().subList(from, to),
                            settings.decoding());
                    for (int i = from; i < to; i++) {
                        pred[i] = val.classes().get(i)[chosen[i - from]];
                    }
                    task.step(to - from);
                }
                double acc = accuracy(pred, nodes, labels);
                if (acc >= best) {
                    best = acc;
                    bestEpoch = epoch;
                    for (Map.Entry<String, ai.djl.ndarray.NDArray> e : classifier.model().parameters().entrySet()) {
                        weights.put(e.getKey(), e.getValue().toFloatArray());
                    }
                }
                task.message(String.format(java.util.Locale.ROOT,
                        "training loss %.4f, validation accuracy %.4f (best %.4f, epoch %d)", loss, acc, best,
                        bestEpoch + 1));
            }
        }

        void restoreBest() {
            if (bestEpoch < 0 || bestEpoch == lastEpoch) {
                return;
            }
            for (Map.Entry<String, ai.djl.ndarray.NDArray> e : classifier.model().parameters().entrySet()) {
                e.getValue().set(weights.get(e.getKey()));
            }
        }
    }

    /** Fraction of a training node's own words dropped from each augmented prompt. */
    static final double AUGMENT_WORD_DROP = 0.3;

    /** Builds prompts and keeps their statistics. */
    private static final class Prompts {
        private final PromptBuilder builder;
        private final NodeTexts texts;
        private final List<String> names;
        private final Map<Integer, int[]> neighbours;
        private final Prototypes prototypes;
        private final float[] evidence;
        private long count;
        private long tokens;
        private long truncated;

        Prompts(PromptBuilder builder, NodeTexts texts, List<String> names, Map<Integer, int[]> neighbours,
                Prototypes prototypes, float[] evidence) {
            this.builder = builder;
            this.evidence = evidence;
            this.texts = texts;
            this.names = names;
            this.neighbours = neighbours;
            this.prototypes = prototypes;
        }

        /**
         * The order a prompt lists its candidates in: by class id; with GNN evidence, by the shown probability
         * (highest first; ties by class id), which is honest on training prompts too (cross-fitted), so "the
         * first" is as reliable there as elsewhere.
         */
        int[] order(int node, int[] classes) {
            int[] k = classes.clone();
            Arrays.sort(k);
            if (evidence != null) {
                int c = names.size();
                Integer[] boxed = Arrays.stream(k).boxed().toArray(Integer[]::new);
                Arrays.sort(boxed, (a, b) -> Float.compare(evidence[node * c + b], evidence[node * c + a]));
                for (int i = 0; i < k.length; i++) {
                    k[i] = boxed[i];
                }
            }
            return k;
        }

        /**
         * A training prompt drawn at random: the candidates in a random order (by GNN probability with evidence),
         * each PPR neighbour kept with probability 1/2 (order kept) and each word of the node's own text dropped
         * with probability {@value #AUGMENT_WORD_DROP}, so that the wording of a node's prompt changes between
         * epochs and its exact text cannot simply be memorised.
         */
        String buildAugmented(int node, int[] classes, SplittableRandom rnd) {
            int[] k = order(node, classes);
            if (evidence == null) {
                for (int i = k.length - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int t = k[i];
                    k[i] = k[j];
                    k[j] = t;
                }
            }
            int[] all = neighbours.getOrDefault(node, new int[0]);
            int[] kept = Arrays.stream(all).filter(u -> rnd.nextBoolean()).toArray();
            StringBuilder own = new StringBuilder();
            for (String w : texts.text(node).split("\\s+")) {
                if (!w.isEmpty() && rnd.nextDouble() >= AUGMENT_WORD_DROP) {
                    own.append(own.isEmpty() ? "" : " ").append(w);
                }
            }
            return build(node, k, kept, own.toString());
        }

        String build(int node, int[] classes) {
            return build(node, classes, neighbours.getOrDefault(node, new int[0]), texts.text(node));
        }

        String build(int node, int[] classes, int[] nbNodes, String ownText) {
            List<String> nb = new ArrayList<>();
            for (int u : nbNodes) {
                nb.add(texts.text(u));
            }
            List<LabeledText> pr = new ArrayList<>();
            if (prototypes != null) {
                for (Prototypes.Prototype p : prototypes.forTarget(node, classes)) {
                    pr.add(new LabeledText(texts.text(p.node()), names.get(p.label())));
                }
            }
            int c = names.size();
            List<String> cand = Arrays.stream(classes).mapToObj(k -> evidence == null ? names.get(k)
                    : withEvidence(names.get(k), evidence[node * c + k])).toList();
            dev.tessera.lm.prompt.Prompt p = builder.build(ownText, nb, pr, cand);
            count++;
            tokens += p.tokens();
            if (p.truncated()) {
                truncated++;
            }
            return p.text();
        }

        double meanTokens() {
            return count == 0 ? Double.NaN : (double) tokens / count;
        }

        double truncatedFraction() {
            return count == 0 ? Double.NaN : (double) truncated / count;
        }
    }

    /** Reports fine-tuning steps as a task (the trainer reports one step per optimizer step). */
    private record EpochProgress(Progress inner, int epochs) implements Progress {
        @Override
        public Task start(String name, long total, String unit) {
            return inner.start("fine-tune T5 (" + epochs + " epochs)", total, unit);
        }
    }

    /**
     * The scratch model's tokenizer corpus: every node's text (unlabelled text, usable whatever the split), the
     * class names and the words of the template, the last two repeated so they clear the minimum frequency.
     */
    List<String> corpus(NodeTexts texts, List<String> names) {
        List<String> out = new ArrayList<>(texts.size() + 4 * names.size());
        for (int v = 0; v < texts.size(); v++) {
            out.add(texts.text(v));
        }
        String skeleton = settings.template().render("", List.of(), List.of(), names);
        for (int r = 0; r < ScratchT5.DEFAULT_MIN_FREQUENCY; r++) {
            out.addAll(names);
            out.add(skeleton);
            if (settings.gnnEvidence()) {
                for (int p = 0; p <= 10; p++) {
                    out.add(withEvidence("", p / 10f));
                }
            }
        }
        return out;
    }

    private static double accuracy(int[] predicted, int[] nodes, int[] labels) {
        if (nodes.length == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (int i = 0; i < nodes.length; i++) {
            if (predicted[i] == labels[nodes[i]]) {
                hit++;
            }
        }
        return (double) hit / nodes.length;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).distinct().toArray();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
