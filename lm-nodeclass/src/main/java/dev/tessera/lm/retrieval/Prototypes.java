package dev.tessera.lm.retrieval;

import dev.tessera.lm.pruning.TrainedGnn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Semantic retrieval: per-class prototype nodes, those a GNN trained on the training split is most confident
 * about, and per target the prototypes that go into its prompt.
 *
 * <p><b>Pool.</b> Every node is assigned one class: a training node its true class, any other node the GNN's most
 * probable class (validation and test labels are never read: the only labels given are the training nodes').
 * Its confidence is the GNN's probability of that class. The prototypes of class c are the {@code p} nodes assigned
 * to c with the highest confidence (ties: smaller node id), p = {@link Builder#optPerClass(int)}; a class with
 * fewer assigned nodes has fewer prototypes.
 *
 * <p><b>Per target.</b> For each candidate class, in the order given, the one prototype of that class whose GNN
 * embedding is most similar to the target's (cosine; ties: the more confident prototype), never the target
 * itself (else a training node's prompt would show its own label). So the prompt holds at most one example per
 * candidate class: the class's confident example nearest to the target, which the language model can compare the
 * target with. Classes without prototypes are skipped.
 *
 * <p>Shapes: probabilities [N, C] and embeddings [N, H], row-major.
 */
public final class Prototypes {
    /** Default prototypes kept per class. */
    public static final int DEFAULT_PER_CLASS = 20;

    /**
     * One prototype chosen for a target.
     *
     * @param node the prototype node
     * @param label its class (true class for a training node, predicted otherwise)
     * @param similarity cosine similarity of its embedding to the target's
     */
    public record Prototype(int node, int label, float similarity) {
    }

    private final int numClasses;
    private final int dim;
    private final float[] unit;
    private final int[][] byClass;
    private final int[] labelOf;

    private Prototypes(int numClasses, int dim, float[] unit, int[][] byClass, int[] labelOf) {
        this.numClasses = numClasses;
        this.dim = dim;
        this.unit = unit;
        this.byClass = byClass;
        this.labelOf = labelOf;
    }

    /** @return a builder; {@code setProbabilities}, {@code setEmbeddings} and {@code setTraining} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Prototypes from a trained pruning GNN (the same model: trained once).
     *
     * @param gnn the trained GNN
     * @param perClass prototypes per class
     * @return the prototypes
     */
    public static Prototypes of(TrainedGnn gnn, int perClass) {
        return builder().setProbabilities(gnn.probabilities(), gnn.numClasses())
                .setEmbeddings(gnn.embeddings(), gnn.embeddingDim())
                .setTraining(gnn.trainNodes(), gnn.trainLabels()).optPerClass(perClass).build();
    }

    /** @return C */
    public int numClasses() {
        return numClasses;
    }

    /**
     * @param c a class
     * @return its prototype nodes, most confident first (a copy)
     */
    public int[] ofClass(int c) {
        return byClass[c].clone();
    }

    /**
     * @param node a node
     * @return the class it is a prototype of, -1 when it is none
     */
    public int label(int node) {
        return labelOf[node];
    }

    /**
     * @param target the target node
     * @param classes candidate classes, in the order the prompt lists them
     * @return per candidate class (in that order) the prototype most similar to the target; classes without one
     *     (other than the target) are skipped
     */
    public List<Prototype> forTarget(int target, int[] classes) {
        List<Prototype> out = new ArrayList<>(classes.length);
        for (int c : classes) {
            int best = -1;
            float bestSim = Float.NEGATIVE_INFINITY;
            for (int v : byClass[c]) {
                if (v == target) {
                    continue;
                }
                float s = cosine(target, v);
                if (s > bestSim) { // strict: on ties the earlier, more confident prototype stays
                    bestSim = s;
                    best = v;
                }
            }
            if (best >= 0) {
                out.add(new Prototype(best, c, bestSim));
            }
        }
        return out;
    }

    private float cosine(int a, int b) {
        double s = 0;
        int oa = a * dim;
        int ob = b * dim;
        for (int j = 0; j < dim; j++) {
            s += unit[oa + j] * unit[ob + j];
        }
        return (float) s;
    }

    /** Builds {@link Prototypes}. */
    public static final class Builder {
        private float[] probabilities;
        private int numClasses;
        private float[] embeddings;
        private int dim;
        private int[] trainNodes;
        private int[] trainLabels;
        private int perClass = DEFAULT_PER_CLASS;

        private Builder() {
        }

        /**
         * @param p GNN probabilities [N, C], row-major (required)
         * @param c C
         * @return this
         */
        public Builder setProbabilities(float[] p, int c) {
            this.probabilities = Objects.requireNonNull(p, "probabilities");
            this.numClasses = c;
            return this;
        }

        /**
         * @param e GNN embeddings [N, H], row-major (required)
         * @param h H
         * @return this
         */
        public Builder setEmbeddings(float[] e, int h) {
            this.embeddings = Objects.requireNonNull(e, "embeddings");
            this.dim = h;
            return this;
        }

        /**
         * @param nodes the training nodes (required; may be empty)
         * @param labels their classes, parallel to {@code nodes}: the only labels prototypes may use
         * @return this
         */
        public Builder setTraining(int[] nodes, int[] labels) {
            if (nodes.length != labels.length) {
                throw new IllegalArgumentException(nodes.length + " training nodes but " + labels.length + " labels");
            }
            this.trainNodes = nodes.clone();
            this.trainLabels = labels.clone();
            return this;
        }

        /**
         * @param p prototypes per class, at least 1 (default {@value Prototypes#DEFAULT_PER_CLASS})
         * @return this
         */
        public Builder optPerClass(int p) {
            if (p < 1) {
                throw new IllegalArgumentException("prototypes per class must be >= 1, got " + p);
            }
            this.perClass = p;
            return this;
        }

        /** @return the prototypes */
        public Prototypes build() {
            if (probabilities == null || embeddings == null || trainNodes == null) {
                throw new IllegalStateException("setProbabilities, setEmbeddings and setTraining are required");
            }
            int c = numClasses;
            if (c < 1 || probabilities.length % c != 0) {
                throw new IllegalArgumentException(probabilities.length + " probabilities do not make rows of " + c);
            }
            int n = probabilities.length / c;
            if (dim < 1 || embeddings.length != (long) n * dim) {
                throw new IllegalArgumentException(embeddings.length + " embedding values for " + n + " nodes of width " + dim);
            }
            int[] assigned = new int[n];
            for (int v = 0; v < n; v++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (probabilities[v * c + k] > probabilities[v * c + best]) {
                        best = k;
                    }
                }
                assigned[v] = best;
            }
            for (int i = 0; i < trainNodes.length; i++) {
                if (trainLabels[i] < 0 || trainLabels[i] >= c) {
                    throw new IllegalArgumentException("training node " + trainNodes[i] + " has label " + trainLabels[i]);
                }
                assigned[trainNodes[i]] = trainLabels[i];
            }
            List<List<Integer>> pools = new ArrayList<>();
            for (int k = 0; k < c; k++) {
                pools.add(new ArrayList<>());
            }
            for (int v = 0; v < n; v++) {
                pools.get(assigned[v]).add(v);
            }
            int[][] byClass = new int[c][];
            int[] labelOf = new int[n];
            Arrays.fill(labelOf, -1);
            for (int k = 0; k < c; k++) {
                final int cls = k;
                List<Integer> pool = pools.get(k);
                pool.sort(Comparator.<Integer>comparingDouble(v -> -probabilities[v * c + cls])
                        .thenComparingInt(v -> v));
                byClass[k] = pool.stream().limit(perClass).mapToInt(Integer::intValue).toArray();
                for (int v : byClass[k]) {
                    labelOf[v] = k;
                }
            }
            float[] unit = new float[embeddings.length];
            for (int v = 0; v < n; v++) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    norm += (double) embeddings[v * dim + j] * embeddings[v * dim + j];
                }
                // A zero embedding (all-ReLU-dead) stays zero: similarity 0 to everything.
                double inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
                for (int j = 0; j < dim; j++) {
                    unit[v * dim + j] = (float) (embeddings[v * dim + j] * inv);
                }
            }
            return new Prototypes(c, dim, unit, byClass, labelOf);
        }
    }
}
