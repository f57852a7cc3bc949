package dev.tessera.graph;

import dev.tessera.TesseraException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one node-classification dataset every Tessera module consumes: a graph, its node features, labels,
 * named splits and optional node texts, with the task, the metric and where it all came from. Immutable;
 * transforms return new datasets through {@link #toBuilder()}.
 *
 * <p>Shapes: graph N nodes, E stored directed edges; features [N, F] (F = 0 when absent); labels [N], a class in
 * {@code [0, C)} or -1 for an unlabelled node; class names [C]; every split's ids in {@code [0, N)}.
 *
 * <pre>{@code
 * GraphDataset ds = GraphDataset.builder()
 *         .setName("toy").setGraph(graph)
 *         .optFeatures(features).optLabels(labels, List.of("a", "b"))
 *         .optSplit(new Split("public", train, valid, test))
 *         .build();
 * }</pre>
 */
public final class GraphDataset {
    /** The label of a node without one. */
    public static final int UNLABELLED = -1;

    private final String name;
    private final CsrGraph graph;
    private final NodeFeatures features;
    private final int[] labels;
    private final List<String> classNames;
    private final Task task;
    private final Metric metric;
    private final Map<String, Split> splits;
    private final String defaultSplit;
    private final NodeTexts texts;
    private final Provenance provenance;

    private GraphDataset(Builder b) {
        this.name = b.name;
        this.graph = b.graph;
        this.features = b.features;
        this.labels = b.labels;
        this.classNames = b.classNames;
        this.task = b.task;
        this.metric = b.metric;
        this.splits = Collections.unmodifiableMap(new LinkedHashMap<>(b.splits));
        this.defaultSplit = b.defaultSplit;
        this.texts = b.texts;
        this.provenance = b.provenance;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this dataset's parts, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.graph = graph;
        b.features = features;
        b.labels = labels;
        b.classNames = classNames;
        b.task = task;
        b.metric = metric;
        b.splits.putAll(splits);
        b.defaultSplit = defaultSplit;
        b.texts = texts;
        b.provenance = provenance;
        return b;
    }

    /** @return the dataset's name, e.g. {@code cora} */
    public String name() {
        return name;
    }

    /** @return N */
    public int numNodes() {
        return graph.numNodes();
    }

    /** @return the graph */
    public CsrGraph graph() {
        return graph;
    }

    /** @return the node features [N, F]; F = 0 when the dataset has none */
    public NodeFeatures features() {
        return features;
    }

    /** @return F, the feature dimension (0 when absent) */
    public int numFeatures() {
        return features.cols();
    }

    /** @return the labels [N], -1 for unlabelled nodes; shared, do not modify */
    public int[] labels() {
        return labels;
    }

    /** @return C, the number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /** @return the class names [C]; {@code "0"}, {@code "1"}, ... where the dataset has no names */
    public List<String> classNames() {
        return classNames;
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return the evaluation metric */
    public Metric metric() {
        return metric;
    }

    /** @return the splits by name, in their stored order */
    public Map<String, Split> splits() {
        return splits;
    }

    /**
     * @param splitName a split's name
     * @return that split
     * @throws TesseraException when the dataset has no split of that name (the message lists those it has)
     */
    public Split split(String splitName) {
        Split s = splits.get(splitName);
        if (s == null) {
            throw new TesseraException("dataset " + name + " has no split '" + splitName + "' (it has: "
                    + (splits.isEmpty() ? "none" : String.join(", ", splits.keySet())) + ")");
        }
        return s;
    }

    /** @return the name of the default split, or {@code null} when the dataset has no splits */
    public String defaultSplitName() {
        return defaultSplit;
    }

    /**
     * @return the default split
     * @throws TesseraException when the dataset has no splits
     */
    public Split defaultSplit() {
        if (defaultSplit == null) {
            throw new TesseraException("dataset " + name + " has no splits");
        }
        return split(defaultSplit);
    }

    /** @return the node texts, when the dataset has them */
    public Optional<NodeTexts> texts() {
        return Optional.ofNullable(texts);
    }

    /** @return whether the dataset has node texts */
    public boolean hasTexts() {
        return texts != null;
    }

    /** @return where the dataset came from and what was done to it */
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "GraphDataset(" + name + ", nodes=" + numNodes() + ", edges=" + graph.numEdges() + ", features="
                + numFeatures() + ", classes=" + numClasses() + ", splits=" + splits.keySet() + ")";
    }

    /** Builder: {@code setX} for required parts (name, graph), {@code optX} for the rest. */
    public static final class Builder {
        private String name;
        private CsrGraph graph;
        private NodeFeatures features;
        private int[] labels;
        private List<String> classNames;
        private Task task;
        private Metric metric;
        private final Map<String, Split> splits = new LinkedHashMap<>();
        private String defaultSplit;
        private NodeTexts texts;
        private Provenance provenance;

        private Builder() {
        }

        /**
         * @param name the dataset's name (required)
         * @return this builder
         */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param graph the graph (required)
         * @return this builder
         */
        public Builder setGraph(CsrGraph graph) {
            this.graph = graph;
            return this;
        }

        /**
         * @param features [N, F] (default: none, F = 0)
         * @return this builder
         */
        public Builder optFeatures(NodeFeatures features) {
            this.features = features;
            return this;
        }

        /**
         * @param labels [N], a class or -1 (default: all -1)
         * @param classNames [C], or {@code null} to name classes {@code 0..max(label)}
         * @return this builder
         */
        public Builder optLabels(int[] labels, List<String> classNames) {
            this.labels = labels;
            this.classNames = classNames == null ? null : List.copyOf(classNames);
            return this;
        }

        /**
         * @param task the task (default: binary when there are 2 classes, multiclass otherwise)
         * @return this builder
         */
        public Builder optTask(Task task) {
            this.task = task;
            return this;
        }

        /**
         * @param metric the metric (default: ROC-AUC for binary tasks, accuracy otherwise)
         * @return this builder
         */
        public Builder optMetric(Metric metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Adds or replaces a split.
         *
         * @param split the split
         * @return this builder
         */
        public Builder optSplit(Split split) {
            splits.put(split.name(), split);
            return this;
        }

        /**
         * @param splits replaces all splits with these, in order
         * @return this builder
         */
        public Builder optSplits(Iterable<Split> splits) {
            this.splits.clear();
            for (Split s : splits) {
                optSplit(s);
            }
            return this;
        }

        /**
         * @param splitName the default split (default: {@code public} if present, else the first split)
         * @return this builder
         */
        public Builder optDefaultSplit(String splitName) {
            this.defaultSplit = splitName;
            return this;
        }

        /**
         * @param texts node texts (default: none)
         * @return this builder
         */
        public Builder optTexts(NodeTexts texts) {
            this.texts = texts;
            return this;
        }

        /**
         * @param provenance where the dataset came from (default: built in memory)
         * @return this builder
         */
        public Builder optProvenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /**
         * @return the dataset
         * @throws IllegalArgumentException when parts disagree in size or ids are out of range
         */
        public GraphDataset build() {
            Objects.requireNonNull(name, "setName is required");
            Objects.requireNonNull(graph, "setGraph is required");
            int n = graph.numNodes();
            if (features == null) {
                features = NodeFeatures.none(n);
            }
            if (features.rows() != n) {
                throw new IllegalArgumentException("features have " + features.rows() + " rows, graph has " + n + " nodes");
            }
            if (labels == null) {
                labels = new int[n];
                Arrays.fill(labels, UNLABELLED);
            }
            if (labels.length != n) {
                throw new IllegalArgumentException(labels.length + " labels for " + n + " nodes");
            }
            int maxLabel = -1;
            for (int y : labels) {
                if (y < UNLABELLED) {
                    throw new IllegalArgumentException("negative label " + y);
                }
                maxLabel = Math.max(maxLabel, y);
            }
            if (classNames == null) {
                String[] names = new String[maxLabel + 1];
                for (int c = 0; c <= maxLabel; c++) {
                    names[c] = Integer.toString(c);
                }
                classNames = List.of(names);
            }
            if (maxLabel >= classNames.size()) {
                throw new IllegalArgumentException("label " + maxLabel + " but only " + classNames.size() + " class names");
            }
            for (Split s : splits.values()) {
                for (int[] part : new int[][] {s.train(), s.valid(), s.test()}) {
                    for (int v : part) {
                        if (v < 0 || v >= n) {
                            throw new IllegalArgumentException("split " + s.name() + " holds node " + v + " outside [0, " + n + ")");
                        }
                    }
                }
            }
            if (defaultSplit == null && !splits.isEmpty()) {
                defaultSplit = splits.containsKey("public") ? "public" : splits.keySet().iterator().next();
            }
            if (defaultSplit != null && !splits.containsKey(defaultSplit)) {
                throw new IllegalArgumentException("default split " + defaultSplit + " is not among " + splits.keySet());
            }
            if (texts != null && texts.size() != n) {
                throw new IllegalArgumentException(texts.size() + " texts for " + n + " nodes");
            }
            if (task == null) {
                task = classNames.size() == 2 ? Task.BINARY : Task.MULTICLASS;
            }
            if (metric == null) {
                metric = task == Task.BINARY ? Metric.ROCAUC : Metric.ACCURACY;
            }
            if (provenance == null) {
                provenance = Provenance.of("memory", List.of());
            }
            return new GraphDataset(this);
        }
    }
}
