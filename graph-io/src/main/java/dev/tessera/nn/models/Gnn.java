package dev.tessera.nn.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GatConv;
import dev.tessera.nn.conv.GcnConv;
import dev.tessera.nn.conv.GraphLayer;
import dev.tessera.nn.conv.SageConv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node classifier stacking one kind of layer ({@link ConvType}), in one of two architectures chosen by
 * {@link GnnConfig}. X is [N, F], the result [N, C] logits; H is the hidden width, L the number of layers.
 *
 * <p><b>Classic</b> (residual and layer norm off), as PyG's {@code BasicGNN} and Kipf &amp; Welling's GCN:
 *
 * <pre>  h = dropout_in(X);  for l = 1..L-1: h = dropout(act(conv_l(h)));  logits = conv_L(h)</pre>
 *
 * with conv_1: F → H, hidden layers H → H, conv_L: H → C (L = 1: F → C). MLP uses linear layers. GAT's hidden
 * layers have {@code heads} heads of {@code hidden} units each, concatenated (H = heads·hidden), its output layer
 * one head (PyG's GAT example); elsewhere H = hidden.
 *
 * <p><b>Residual</b> (residual or layer norm on), Platonov et al., "A critical look at the evaluation of GNNs under
 * heterophily: are we really making progress?" (ICLR 2023):
 *
 * <pre>  h = act(dropout(Linear_in(dropout_in(X))))                                   F → H
 *  for l = 1..L:  r = Linear_2(act(dropout(conv_l(norm_l(h)))));  h = h + dropout(r)   (h = dropout(r) without residual)
 *  logits = Linear_out(norm_out(h))                                                  H → C</pre>
 *
 * norm is LayerNorm over the features when layer norm is on, else the identity. Their modules propagate, then run
 * a feed-forward block {@code Linear_1 → dropout → act → Linear_2 → dropout}; propagation followed by
 * {@code Linear_1} is exactly one of this package's layers, H → H: their GCNModule ({@code Â h} then Linear_1) is
 * {@link GcnConv} ((Â h) Wᵀ + b), their SAGEModule ({@code Linear_1([h ‖ mean(h)])}) is {@link SageConv}
 * (h W_rootᵀ + mean(h) W_neighᵀ + b, the two halves of Linear_1's weight). MLP uses a linear layer as conv_l; GAT a layer of {@code heads} concatenated heads
 * of {@code hidden} units (H = heads·hidden, their GATModule with head_dim = hidden).
 * Their GCN adds no self-loops: set {@code optSelfLoops(false)} to match. Their input dropout is 0, the default
 * of this stack.
 *
 * <p>Parameters are declared with fixed shapes; {@link #initialize(NDManager, DataType, Shape...)} needs no input
 * shape. Linear layers are DJL's {@link Linear}, initialized as PyTorch's (U(±1/sqrt(fan_in)) for weight and
 * bias); LayerNorm is DJL's {@link LayerNorm} over the feature axis.
 */
public final class Gnn extends GraphLayer {
    private final GnnConfig config;
    /** Every child in a fixed order with a stable name; the order of {@link #namedParameters()}. */
    private final LinkedHashMap<String, Block> named = new LinkedHashMap<>();
    /** Each child's input width, for initialization. */
    private final Map<Block, Integer> inputWidths = new IdentityHashMap<>();

    // Classic stack.
    private final List<Block> layers = new ArrayList<>();
    // Residual stack.
    private Block input;
    private final List<Block> norms = new ArrayList<>();
    private final List<Block> convs = new ArrayList<>();
    private final List<Block> feedForward = new ArrayList<>();
    private Block outputNorm;
    private Block output;

    /**
     * @param config the architecture
     */
    public Gnn(GnnConfig config) {
        this.config = config;
        if (config.isResidualStack()) {
            buildResidual();
        } else {
            buildClassic();
        }
    }

    /** @return the architecture */
    public GnnConfig config() {
        return config;
    }

    private void buildClassic() {
        int n = config.layers();
        int h = config.hiddenWidth();
        for (int l = 0; l < n; l++) {
            int in = l == 0 ? config.inputSize() : h;
            boolean last = l == n - 1;
            int out = last ? config.numClasses() : h;
            Block layer = switch (config.conv()) {
                case MLP -> linear(in, out);
                case GCN -> GcnConv.builder().setInputSize(in).setOutputSize(out).optSelfLoops(config.selfLoops()).build();
                case SAGE -> SageConv.builder().setInputSize(in).setOutputSize(out).build();
                case GAT -> last ? gatConv(config, in, out, 1, false)
                        : gatConv(config, in, config.hidden(), config.heads(), true);
            };
            layers.add(add("layers." + l, layer, in));
        }
    }

    private void buildResidual() {
        int h = config.hiddenWidth();
        input = add("input", linear(config.inputSize(), h), config.inputSize());
        for (int l = 0; l < config.layers(); l++) {
            String p = "blocks." + l + ".";
            norms.add(config.layerNorm() ? add(p + "norm", layerNorm(), h) : null);
            Block conv = switch (config.conv()) {
                case MLP -> linear(h, h);
                case GCN -> GcnConv.builder().setInputSize(h).setOutputSize(h).optSelfLoops(config.selfLoops()).build();
                case SAGE -> SageConv.builder().setInputSize(h).setOutputSize(h).build();
                case GAT -> gatConv(config, h, config.hidden(), config.heads(), true);
            };
            convs.add(add(p + "conv", conv, h));
            feedForward.add(add(p + "linear", linear(h, h), h));
        }
        outputNorm = config.layerNorm() ? add("outputNorm", layerNorm(), h) : null;
        output = add("output", linear(h, config.numClasses()), h);
    }

    /** The one place that builds a graph-attention layer; attention dropout as the feature dropout (PyG's GAT example). */
    private static Block gatConv(GnnConfig config, int in, int outPerHead, int heads, boolean concat) {
        return GatConv.builder().setInputSize(in).setOutputSize(outPerHead).optHeads(heads).optConcat(concat)
                .optSelfLoops(config.selfLoops()).optAttentionDropout(config.dropout()).build();
    }

    private static Block linear(int in, int out) {
        Linear linear = Linear.builder().setUnits(out).build();
        // PyTorch's nn.Linear initialization; DJL's default (Xavier Gaussian, zero bias) differs.
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(in)));
        linear.setInitializer(init, Parameter.Type.WEIGHT);
        linear.setInitializer(init, Parameter.Type.BIAS);
        return linear;
    }

    private static Block layerNorm() {
        // axis 1 of [N, H]: normalize each node's features (PyTorch's LayerNorm(H), eps 1e-5).
        return LayerNorm.builder().axis(1).build();
    }

    private Block add(String name, Block block, int inputWidth) {
        addChildBlock(name, block);
        named.put(name, block);
        inputWidths.put(block, inputWidth);
        return block;
    }

    /**
     * @return every parameter in a fixed order, named {@code <child>.<parameter>}, e.g. {@code layers.0.weight}
     *     (classic) or {@code input.weight}, {@code blocks.0.norm.gamma}, {@code blocks.0.conv.weight},
     *     {@code blocks.0.linear.weight}, {@code outputNorm.gamma}, {@code output.weight} (residual)
     */
    public Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        named.forEach((name, block) -> block.getParameters().forEach(p -> out.put(name + "." + p.getKey(), p.getValue())));
        return Collections.unmodifiableMap(out);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // Children in insertion order, so a seed fixes every parameter; each is told its own input width, which
        // DJL's Linear and LayerNorm need to shape their parameters.
        for (Block child : named.values()) {
            child.initialize(manager, dataType, new Shape(1, inputWidths.get(child)));
        }
    }

    @Override
    public NDArray forward(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        return head(store, graph, representation(store, graph, x, training), training);
    }

    /**
     * The nodes' last hidden representation, the input of the output layer: [N, H] after the hidden layers'
     * activation and dropout (classic; with L = 1 the input features after input dropout, [N, F]), or after the
     * residual blocks and the output norm (residual). {@code forward(x) = head(representation(x))}.
     *
     * @param store gives the parameter values
     * @param graph the graph's propagation operators
     * @param x the features [N, F]
     * @param training whether dropout is on
     * @return [N, {@link #representationWidth()}], in x's manager
     */
    public NDArray representation(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        return config.isResidualStack() ? representationResidual(store, graph, x, training)
                : representationClassic(store, graph, x, training);
    }

    /**
     * The output layer: logits from {@link #representation}.
     *
     * @param store gives the parameter values
     * @param graph the graph's propagation operators (the classic stack's output layer propagates)
     * @param h the representation [N, {@link #representationWidth()}]
     * @param training whether training-only behaviour is on
     * @return the logits [N, C]
     */
    public NDArray head(ParameterStore store, GraphContext graph, NDArray h, boolean training) {
        return config.isResidualStack() ? apply(output, store, graph, h, training)
                : apply(layers.get(layers.size() - 1), store, graph, h, training);
    }

    /** @return the width of {@link #representation}: H, or F for a one-layer classic stack */
    public int representationWidth() {
        return !config.isResidualStack() && config.layers() == 1 ? config.inputSize() : config.hiddenWidth();
    }

    private NDArray representationClassic(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        NDArray h = dropout(x, config.inputDropout(), training);
        for (int l = 0; l < layers.size() - 1; l++) {
            h = apply(layers.get(l), store, graph, h, training);
            h = dropout(config.activation().apply(h), config.dropout(), training);
        }
        return h;
    }

    private NDArray representationResidual(ParameterStore store, GraphContext graph, NDArray x, boolean training) {
        float p = config.dropout();
        Activation act = config.activation();
        NDArray h = dropout(x, config.inputDropout(), training);
        h = act.apply(dropout(apply(input, store, graph, h, training), p, training));
        for (int l = 0; l < convs.size(); l++) {
            NDArray r = norms.get(l) == null ? h : apply(norms.get(l), store, graph, h, training);
            r = act.apply(dropout(apply(convs.get(l), store, graph, r, training), p, training));
            r = dropout(apply(feedForward.get(l), store, graph, r, training), p, training);
            h = config.residual() ? h.add(r) : r;
        }
        if (outputNorm != null) {
            h = apply(outputNorm, store, graph, h, training);
        }
        return h;
    }

    /** Runs a child: a graph layer with the graph, any other block on the features alone. */
    private static NDArray apply(Block block, ParameterStore store, GraphContext graph, NDArray h, boolean training) {
        if (block instanceof GraphLayer layer) {
            return layer.forward(store, graph, h, training);
        }
        return block.forward(store, new NDList(h), training).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float p, boolean training) {
        return dev.tessera.nn.functional.Dropout.dropout(x, p, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.numClasses())};
    }

    @Override
    public String toString() {
        return "Gnn(" + config + ")";
    }
}
