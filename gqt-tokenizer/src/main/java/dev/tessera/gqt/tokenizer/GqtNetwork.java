package dev.tessera.gqt.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.tessera.gqt.encoder.EncoderInput;
import dev.tessera.gqt.encoder.GqtEncoder;
import dev.tessera.nn.GraphContext;
import dev.tessera.nn.conv.GatConv;
import dev.tessera.nn.conv.GcnConv;
import dev.tessera.nn.conv.GraphLayer;
import dev.tessera.nn.conv.SageConv;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every trained module of the GQT tokenizer: the encoder and the heads of the enabled losses.
 *
 * <ul>
 *   <li>{@code encoder}: {@link GqtEncoder}, F → d;</li>
 *   <li>masked reconstruction (or distillation, whose student sees the masked view): {@code featureMask} [1, F],
 *       the learnable [MASK] input token (zeros at start, as GraphMAE);</li>
 *   <li>masked reconstruction: {@code encToDec} Linear d → d without bias, {@code decoderMask} [1, d] (the re-mask
 *       token), {@code decoder}: one layer of the encoder's kind d → F (GAT with one head, as the reference);</li>
 *   <li>distillation: {@code predictor} Linear d → d, GELU, Linear d → d;</li>
 *   <li>DGI: {@code dgiWeight} [d, d], Glorot-uniform.</li>
 * </ul>
 */
public final class GqtNetwork extends AbstractBlock {
    private static final Initializer GLOROT = new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
        XavierInitializer.FactorType.AVG, 3f);

    private final GqtConfig config;
    private final int inputSize;
    private final GqtEncoder encoder;
    private final LinkedHashMap<String, Block> named = new LinkedHashMap<>();
    private final LinkedHashMap<String, Parameter> own = new LinkedHashMap<>();
    private final Map<Block, Integer> widths = new IdentityHashMap<>();
    private Parameter featureMask;
    private Parameter decoderMask;
    private Parameter dgiWeight;
    private Block encToDec;
    private GraphLayer decoder;
    private Block predictorIn;
    private Block predictorOut;

    /**
     * @param config    the architecture and which losses are on
     * @param inputSize F, the feature width
     */
    public GqtNetwork(GqtConfig config, int inputSize) {
        this.config = config;
        this.inputSize = inputSize;
        int d = config.dim();
        this.encoder = add("encoder", newEncoder(config, inputSize), inputSize);
        boolean mae = config.maeWeight() > 0;
        boolean bgrl = config.bgrlWeight() > 0;
        if (mae || bgrl) {
            featureMask = param("featureMask", new Shape(1, inputSize), Initializer.ZEROS);
        }
        if (mae) {
            decoderMask = param("decoderMask", new Shape(1, d), Initializer.ZEROS);
            encToDec = add("encToDec", linear(d, d, false), d);
            decoder = add("decoder", switch (config.conv()) {
                case GCN -> GcnConv.builder().setInputSize(d).setOutputSize(inputSize).build();
                case SAGE -> SageConv.builder().setInputSize(d).setOutputSize(inputSize).build();
                case GAT -> GatConv.builder().setInputSize(d).setOutputSize(inputSize).optHeads(1).build();
                case MLP -> throw new IllegalStateException();
            }, d);
        }
        if (bgrl) {
            predictorIn = add("predictorIn", linear(d, d, true), d);
            predictorOut = add("predictorOut", linear(d, d, true), d);
        }
        if (config.dgiWeight() > 0) {
            dgiWeight = param("dgiWeight", new Shape(d, d), GLOROT);
        }
    }

    /** @return a fresh encoder of this configuration (the EMA teacher is one) */
    static GqtEncoder newEncoder(GqtConfig config, int inputSize) {
        return new GqtEncoder(config.conv(), inputSize, config.dim(), config.layers(), config.heads(),
            config.activation(), config.dropout());
    }

    private Parameter param(String name, Shape shape, Initializer init) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
            .optInitializer(init).build());
        own.put(name, p);
        return p;
    }

    private <B extends Block> B add(String name, B block, int width) {
        addChildBlock(name, block);
        named.put(name, block);
        widths.put(block, width);
        return block;
    }

    private static Block linear(int in, int out, boolean bias) {
        Linear linear = Linear.builder().setUnits(out).optBias(bias).build();
        // PyTorch's nn.Linear initialization, as the baselines' Gnn.
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(in)));
        linear.setInitializer(init, Parameter.Type.WEIGHT);
        if (bias) {
            linear.setInitializer(init, Parameter.Type.BIAS);
        }
        return linear;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : named.values()) {
            child.initialize(manager, dataType, new Shape(1, widths.get(child)));
        }
    }

    /**
     * @return every parameter in a fixed order, named e.g. {@code encoder.convs.0.weight}, {@code decoder.weight},
     *     {@code featureMask}
     */
    public Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        encoder.namedParameters().forEach((k, v) -> out.put("encoder." + k, v));
        named.forEach((name, block) -> {
            if (block != encoder) {
                block.getParameters().forEach(p -> out.put(name + "." + p.getKey(), p.getValue()));
            }
        });
        out.putAll(own);
        return Collections.unmodifiableMap(out);
    }

    /** @return the encoder */
    public GqtEncoder encoder() {
        return encoder;
    }

    /** @return the configuration */
    public GqtConfig config() {
        return config;
    }

    /** @return F */
    public int inputSize() {
        return inputSize;
    }

    /** Z = encoder(X̃), [N, d], in {@code manager}. */
    NDArray encode(ParameterStore store, GraphContext graph, EncoderInput input, NDManager manager,
                   boolean training) {
        return encoder.forward(store, graph, input, manager, training);
    }

    /** The [MASK] token of the masked view, [1, F] ({@link EncoderInput#masked} puts it at the masked rows). */
    NDArray maskToken(ParameterStore store, NDManager manager, boolean training) {
        return store.getValue(featureMask, manager.getDevice(), training);
    }

    /** {@code encToDec(h)}, [N, d]. */
    NDArray toDecoder(ParameterStore store, NDArray h, boolean training) {
        return encToDec.forward(store, new NDList(h), training).singletonOrThrow();
    }

    /**
     * The decoder on h with the rows where {@code remaskColumn} is 1 replaced by the re-mask token, at the target
     * rows {@code rows} only (GAT projects only those rows to the F features), [R, F].
     */
    NDArray decode(ParameterStore store, GraphContext graph, NDArray h, NDArray remaskColumn, NDArray rows,
                   boolean training) {
        NDArray token = store.getValue(decoderMask, h.getDevice(), training);
        NDArray hr = h.mul(remaskColumn.neg().add(1f)).add(remaskColumn.matMul(token));
        if (decoder instanceof GatConv gat) {
            return gat.forward(store, graph, hr, rows, training);
        }
        return decoder.forward(store, graph, hr, training).get(new NDIndex("{}", rows));
    }

    /** The student's predictor, [N, d]. */
    NDArray predict(ParameterStore store, NDArray h, boolean training) {
        NDArray y = predictorIn.forward(store, new NDList(h), training).singletonOrThrow();
        y = ai.djl.nn.Activation.gelu(y);
        return predictorOut.forward(store, new NDList(y), training).singletonOrThrow();
    }

    /** @return W of the DGI discriminator */
    NDArray dgiWeight(ParameterStore store, NDArray like, boolean training) {
        return store.getValue(dgiWeight, like.getDevice(), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException("GqtNetwork needs the graph: use the tokenizer's trainer");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.dim())};
    }
}
