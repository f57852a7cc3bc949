package dev.tessera.nodeclass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.graph.GraphDataset;
import dev.tessera.train.NodeModel;

/**
 * A node classifier the command line can train and benchmark. Each method (the GNN baselines, GECO, GQT, the LM
 * classifier) registers one provider in {@link Models}; that is the one place the command line learns about it.
 */
public interface ModelProvider {
    /** @return the names given to {@code --model}, e.g. {@code gcn}; the first is the one shown in results */
    java.util.List<String> names();

    /** @return one line for the help text */
    String description();

    /**
     * @param dataset the dataset (features, graph, labels)
     * @param settings the user's model options
     * @param seed the run's seed: parameter initialization and every random choice of the model derive from it
     * @return a freshly initialized model
     */
    NodeModel build(GraphDataset dataset, ModelSettings settings, long seed);

    /**
     * @param dataset the dataset
     * @param settings the user's model options
     * @return the effective model configuration (defaults filled in), recorded beside the results
     */
    ObjectNode config(GraphDataset dataset, ModelSettings settings);

    /**
     * @return the training configuration the model starts from before the user's options apply (by default the
     *     shared loop's defaults, {@link dev.tessera.train.TrainConfig#builder()})
     */
    default dev.tessera.train.TrainConfig.Builder trainingDefaults() {
        return dev.tessera.train.TrainConfig.builder();
    }
}
