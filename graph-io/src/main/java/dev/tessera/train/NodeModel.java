package dev.tessera.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * What the shared training loop ({@link Trainer}) needs from any node classifier in Tessera: its parameters and
 * the class logits of a set of nodes. How the logits are computed is the model's business: a full-batch GNN runs
 * over the whole graph and picks the rows, a mini-batch GNN samples the nodes' neighbourhoods, a token model builds
 * their sequences.
 */
public interface NodeModel extends AutoCloseable {
    /**
     * @return the trainable parameters, initialized, in a fixed order (the order names checkpoint entries)
     */
    List<Parameter> parameters();

    /**
     * Class logits for the given nodes; differentiable with respect to {@link #parameters()} inside a
     * {@link ai.djl.training.GradientCollector} when {@code training} is true.
     *
     * @param store gives the parameter values
     * @param manager a manager for this call's temporaries; the result must be attached to it (the loop closes it
     *     after each step)
     * @param nodes global node ids, 0..N-1
     * @param training whether dropout and other training-only behaviour is on
     * @return float32 [nodes.length, C], row i for node {@code nodes[i]}
     */
    NDArray logits(ParameterStore store, NDManager manager, int[] nodes, boolean training);

    /** @return C, the number of logits per node */
    int numClasses();

    /** Frees the model's tensors (parameters and cached graph tensors). */
    @Override
    void close();
}
