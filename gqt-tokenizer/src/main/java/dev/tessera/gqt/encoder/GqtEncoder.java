package dev.tessera.gqt.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import dev.tessera.TesseraException;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GatConv;
import dev.tessera.nn.conv.GcnConv;
import dev.tessera.nn.conv.GraphLayer;
import dev.tessera.nn.conv.SageConv;
import dev.tessera.nn.functional.Dropout;
import dev.tessera.nn.models.ConvType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GNN encoder of the GQT tokenizer (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025), after the
 * GraphMAE2 encoder its reference code uses: every layer, the last included, is conv → LayerNorm → activation, with
 * a residual connection where the widths match.
 *
 * <pre>
 *   h_0 = X                                                       [N, F]
 *   y_l = act_l(LayerNorm_l(conv_l(dropout(h_{l−1}))))            [N, d]
 *   h_l = y_l + h_{l−1}   (l ≥ 2, or l = 1 when F = d);   h_l = y_l otherwise
 *   Z   = h_L                                                     [N, d]
 * </pre>
 *
 * conv is one of the baselines' layers ({@link GcnConv}, {@link SageConv} mean aggregation, {@link GatConv} with
 * {@code heads} concatenated heads of {@code d / heads} units). The reference adds a learned linear projection as
 * the first layer's residual when F ≠ d; here the first layer has none (for bag-of-words features such as Cora's
 * 1,433 columns that projection is a second F×d matrix for little gain).
 */
public final class GqtEncoder extends GraphLayer {
    /** PyTorch's PReLU initial slope. */
    public static final float PRELU_INIT = 0.25f;

    private final ConvType conv;
    private final int inputSize;
    private final int dim;
    private final int layers;
    private final int heads;
    private final EncoderActivation activation;
    private final float dropout;
    private final List<GraphLayer> convs = new ArrayList<>();
    private final List<Block> norms = new ArrayList<>();
    private final List<Parameter> slopes = new ArrayList<>();
    private final LinkedHashMap<String, Block> named = new LinkedHashMap<>();
    private final Map<Block, Integer> widths = new IdentityHashMap<>();

    /**
     * @param conv       GCN, SAGE or GAT
     * @param inputSize  F
     * @param dim        d, the output and hidden width (a multiple of {@code heads} for GAT)
     * @param layers     L ≥ 1
     * @param heads      attention heads (GAT only)
     * @param activation the nonlinearity
     * @param dropout    feature dropout before each layer, in [0, 1)
     */
    public GqtEncoder(ConvType conv, int inputSize, int dim, int layers, int heads, EncoderActivation activation,
                      float dropout) {
        if (conv == ConvType.MLP) {
            throw new TesseraException("the GQT encoder needs a message-passing layer (gcn, sage, gat), not mlp");
        }
        if (inputSize < 1 || dim < 1 || layers < 1) {
            throw new TesseraException("encoder sizes must be positive: input " + inputSize + ", dim " + dim
                + ", layers " + layers);
        }
        if (conv == ConvType.GAT && (heads < 1 || dim % heads != 0)) {
            throw new TesseraException("gat: dim " + dim + " is not a multiple of " + heads + " heads");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new TesseraException("encoder dropout " + dropout + " is not in [0, 1)");
        }
        this.conv = conv;
        this.inputSize = inputSize;
        this.dim = dim;
        this.layers = layers;
        this.heads = heads;
        this.activation = activation;
        this.dropout = dropout;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : dim;
            GraphLayer c = switch (conv) {
                case GCN -> GcnConv.builder().setInputSize(in).setOutputSize(dim).build();
                case SAGE -> SageConv.builder().setInputSize(in).setOutputSize(dim).build();
                case GAT -> GatConv.builder().setInputSize(in).setOutputSize(dim / heads).optHeads(heads)
                    .optConcat(true).build();
                case MLP -> throw new IllegalStateException();
            };
            convs.add(add("convs." + l, c, in));
            norms.add(add("norms." + l, LayerNorm.builder().axis(1).build(), dim));
            if (activation == EncoderActivation.PRELU) {
                slopes.add(addParameter(Parameter.builder().setName("prelu" + l).setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1)).optInitializer(new ConstantInitializer(PRELU_INIT)).build()));
            }
        }
    }

    private <B extends Block> B add(String name, B block, int width) {
        addChildBlock(name, block);
        named.put(name, block);
        widths.put(block, width);
        return block;
    }

    /** @return every parameter in a fixed order, named e.g. {@code convs.0.weight}, {@code norms.0.gamma}, {@code prelu0} */
    public Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        named.forEach((name, block) -> block.getParameters().forEach(p -> out.put(name + "." + p.getKey(), p.getValue())));
        for (Parameter p : slopes) {
            out.put(p.getName(), p);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : named.values()) {
            child.initialize(manager, dataType, new Shape(1, widths.get(child)));
        }
    }

    @Override
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != inputSize) {
            throw new TesseraException("GQT encoder: expected features [N, " + inputSize + "], got " + x.getShape());
        }
        NDArray y = convs.get(0).forward(store, graph, Dropout.dropout(x, dropout, training), training);
        return rest(store, graph, y, x, training);
    }

    /**
     * The encoder on a view of the features. With GAT the first layer's projection {@code dropout(X̃)·W} is
     * {@link EncoderInput#project} (a sparse product for sparse features), the rest is {@link #forward}'s;
     * other layers read the dense view.
     *
     * @param manager where the result and temporaries live (the step's)
     * @return float32 [N, d]
     */
    public NDArray forward(ParameterStore store, GraphContext graph, EncoderInput input, NDManager manager,
                           boolean training) {
        if (input.cols() != inputSize) {
            throw new TesseraException("GQT encoder: expected features [N, " + inputSize + "], got [" + input.rows()
                + ", " + input.cols() + "]");
        }
        if (!(convs.get(0) instanceof GatConv first)) {
            return forward(store, graph, input.dense(manager), training);
        }
        NDArray w = store.getValue(first.weightParameter(), manager.getDevice(), training);
        NDArray y = first.forwardProjected(store, graph, input.project(manager, w, dropout, training), training);
        return rest(store, graph, y, inputSize == dim ? input.dense(manager) : null, training);
    }

    /** Layer 0's norm, activation and residual on its conv output {@code y}, then layers 1..L−1. */
    private NDArray rest(ParameterStore store, GraphContext graph, NDArray y, NDArray x, boolean training) {
        NDArray h = x;
        for (int l = 0; l < layers; l++) {
            if (l > 0) {
                y = convs.get(l).forward(store, graph, Dropout.dropout(h, dropout, training), training);
            }
            y = norms.get(l).forward(store, new NDList(y), training).singletonOrThrow();
            y = activate(store, l, y, training);
            h = (l == 0 && inputSize != dim) ? y : y.add(h);
        }
        return h;
    }

    private NDArray activate(ParameterStore store, int layer, NDArray y, boolean training) {
        if (activation == EncoderActivation.GELU) {
            return Activation.gelu(y);
        }
        NDArray a = store.getValue(slopes.get(layer), y.getDevice(), training);
        // max(y, 0) + a·min(y, 0) as two ReLUs (their backward is one threshold op each, where maximum's and
        // minimum's compare, select and fill); chains start from the data so the results land in its manager.
        return Activation.relu(y).sub(Activation.relu(y.neg()).mul(a));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }

    /** @return the layer type */
    public ConvType conv() {
        return conv;
    }

    /** @return F */
    public int inputSize() {
        return inputSize;
    }

    /** @return d */
    public int dim() {
        return dim;
    }

    /** @return L */
    public int layers() {
        return layers;
    }

    /** @return attention heads (GAT) */
    public int heads() {
        return heads;
    }

    @Override
    public String toString() {
        return "GqtEncoder(" + conv + ", " + inputSize + " -> " + dim + ", layers=" + layers + ", " + activation + ")";
    }
}
