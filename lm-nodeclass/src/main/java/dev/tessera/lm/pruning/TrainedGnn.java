package dev.tessera.lm.pruning;

import dev.tessera.nn.models.GnnConfig;
import java.util.Arrays;

/**
 * A trained {@link PruningGnn}'s view of every node, as plain arrays: probabilities [N, C] and hidden
 * embeddings [N, H], both row-major, plus the training nodes and their classes (the only labels it was trained
 * on) and its accuracy on the split's test nodes.
 */
public final class TrainedGnn {
    private final int numNodes;
    private final int numClasses;
    private final float[] probabilities;
    private final int embeddingDim;
    private final float[] embeddings;
    private final int[] trainNodes;
    private final int[] trainLabels;
    private final double trainAccuracy;
    private final double testAccuracy;
    private final GnnConfig config;

    TrainedGnn(int numNodes, int numClasses, float[] probabilities, int embeddingDim, float[] embeddings,
            int[] trainNodes, int[] trainLabels, int[] testNodes, int[] labels, double trainAccuracy, GnnConfig config) {
        this.numNodes = numNodes;
        this.numClasses = numClasses;
        this.probabilities = probabilities;
        this.embeddingDim = embeddingDim;
        this.embeddings = embeddings;
        this.trainNodes = trainNodes;
        this.trainLabels = trainLabels;
        this.trainAccuracy = trainAccuracy;
        this.testAccuracy = accuracy(testNodes, labels);
        this.config = config;
    }

    /** @return N */
    public int numNodes() {
        return numNodes;
    }

    /** @return C */
    public int numClasses() {
        return numClasses;
    }

    /** @return softmax probabilities [N, C], row-major; shared, do not modify */
    public float[] probabilities() {
        return probabilities;
    }

    /** @return H, the embedding width */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** @return hidden embeddings [N, H] (the output layer's input), row-major; shared, do not modify */
    public float[] embeddings() {
        return embeddings;
    }

    /** @return the training nodes (a copy) */
    public int[] trainNodes() {
        return trainNodes.clone();
    }

    /** @return the training nodes' classes, parallel to {@link #trainNodes()} (a copy) */
    public int[] trainLabels() {
        return trainLabels.clone();
    }

    /** @return the architecture that was trained */
    public GnnConfig config() {
        return config;
    }

    /**
     * @param node a node
     * @return the most probable class (ties: the smaller id)
     */
    public int predicted(int node) {
        int best = 0;
        for (int c = 1; c < numClasses; c++) {
            if (probabilities[node * numClasses + c] > probabilities[node * numClasses + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * @param m classes kept per node
     * @return every node's top-m classes
     */
    public Candidates candidates(int m) {
        return Candidates.topM(probabilities, numClasses, m);
    }

    /**
     * @param nodes evaluated nodes
     * @param labels [N] true classes (only the evaluated nodes' entries are read)
     * @return the fraction predicted right; NaN for no nodes
     */
    public double accuracy(int[] nodes, int[] labels) {
        if (nodes.length == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (int v : nodes) {
            if (predicted(v) == labels[v]) {
                hit++;
            }
        }
        return (double) hit / nodes.length;
    }

    /** @return accuracy on the training nodes (last epoch) */
    public double trainAccuracy() {
        return trainAccuracy;
    }

    /** @return accuracy on the split's test nodes: the pruning GNN's own score */
    public double testAccuracy() {
        return testAccuracy;
    }

    @Override
    public String toString() {
        return "TrainedGnn(" + config.conv() + ", N=" + numNodes + ", C=" + numClasses + ", H=" + embeddingDim
                + ", test=" + testAccuracy + ", train nodes=" + Arrays.stream(trainNodes).count() + ")";
    }
}
