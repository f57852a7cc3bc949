package dev.tessera.nn.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of blocks with fixed-shape parameters (GECO's, the GQT classifier's): every parameter is declared with its
 * shape (from the block's configuration), so {@code initialize} needs no input shape, and each block has its own
 * typed {@code forward} (a sequence, a graph, a length) instead of DJL's {@code forward(NDList)}, which is refused.
 */
public abstract class FixedShapeBlock extends AbstractBlock {
    /** A shape handed to children's {@code initialize}; parameters ignore it (their shapes are fixed). */
    private static final Shape ANY = new Shape(1, 1);

    /**
     * Declares a parameter of this block.
     *
     * @param parameter the parameter (with its shape and initializer)
     * @return the parameter
     */
    protected final Parameter declare(Parameter parameter) {
        return addParameter(parameter);
    }

    /**
     * Declares a child block.
     *
     * @param name its name (prefixes its parameters' names)
     * @param child the block
     * @param <B> its type
     * @return the child
     */
    protected final <B extends Block> B child(String name, B child) {
        addChildBlock(name, child);
        return child;
    }

    /**
     * @return every parameter of this block and its children, in a fixed order, by a stable name such as
     *     {@code layer0_global_filter_out_weight} (DJL's names without the child-index prefixes it adds)
     */
    public java.util.Map<String, Parameter> namedParameters() {
        java.util.Map<String, Parameter> out = new java.util.LinkedHashMap<>();
        for (ai.djl.util.Pair<String, Parameter> p : getParameters()) {
            out.put(p.getKey().replaceAll("(^|_)\\d\\d(?=[a-zA-Z])", "$1"), p.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, ANY);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has its own forward method");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
