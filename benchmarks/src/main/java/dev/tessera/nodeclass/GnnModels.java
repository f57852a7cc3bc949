package dev.tessera.nodeclass;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nn.models.Activation;
import dev.tessera.nn.models.ConvType;
import dev.tessera.nn.models.GnnConfig;
import dev.tessera.nn.models.GnnNodeModel;
import dev.tessera.train.NodeModel;
import java.util.List;
import java.util.Locale;

/**
 * The baselines: MLP, GCN, GraphSAGE and GAT ({@link dev.tessera.nn.models.Gnn}). Defaults are those of PyG's
 * examples and of the papers: 2 layers, hidden 64, dropout 0.5, ReLU; GAT uses 8 heads of 8 units and ELU
 * (Veličković et al.). A sampled mini-batch model when {@code --fanouts} is given.
 */
final class GnnModels implements ModelProvider {
    /** GAT's hidden units per head (Veličković et al. 2018). */
    static final int GAT_HIDDEN = 8;

    private final ConvType conv;

    GnnModels(ConvType conv) {
        this.conv = conv;
    }

    @Override
    public List<String> names() {
        return switch (conv) {
            case MLP -> List.of("mlp");
            case GCN -> List.of("gcn");
            case SAGE -> List.of("sage", "graphsage");
            case GAT -> List.of("gat");
        };
    }

    @Override
    public String description() {
        return switch (conv) {
            case MLP -> "multi-layer perceptron on node features (no graph)";
            case GCN -> "graph convolutional network (Kipf & Welling 2017)";
            case SAGE -> "GraphSAGE with mean aggregation (Hamilton et al. 2017)";
            case GAT -> "graph attention network (Velickovic et al. 2018)";
        };
    }

    @Override
    public NodeModel build(GraphDataset dataset, ModelSettings settings, long seed) {
        GnnNodeModel.Builder b = GnnNodeModel.builder().setDataset(dataset).setConfig(gnnConfig(dataset, settings))
                .optSeed(seed).optSampleSeed(seed);
        if (settings.fanouts() != null) {
            b.optFanouts(settings.fanouts());
        }
        ai.djl.Device device = GecoModels.device(settings.device());
        if (device != null) {
            b.optDevice(device);
        }
        return b.build();
    }

    /**
     * @param dataset the dataset
     * @param s the user's settings
     * @return the layer configuration with defaults filled in
     */
    GnnConfig gnnConfig(GraphDataset dataset, ModelSettings s) {
        GqtModels.rejectGqtOptions(s);
        if (s.geco() != null && s.geco().anySet()) {
            throw new dev.tessera.TesseraException("--ordering, --permute, --hyena-order, --blocks, --causal, --input-dropout, --pe, "
                    + "--pe-dim, --propagate-output and --local-residual apply to geco only");
        }
        GnnConfig.Builder b = GnnConfig.builder().setConv(conv).setInputSize(dataset.numFeatures())
                .setNumClasses(dataset.numClasses());
        if (s.layers() != null) {
            b.optLayers(s.layers());
        }
        if (s.hidden() != null) {
            b.optHidden(s.hidden());
        } else if (conv == ConvType.GAT) {
            b.optHidden(GAT_HIDDEN);
        }
        if (s.dropout() != null) {
            b.optDropout(s.dropout().floatValue());
        }
        if (s.heads() != null) {
            b.optHeads(s.heads());
        }
        if (s.residual() != null) {
            b.optResidual(s.residual());
        }
        if (s.layerNorm() != null) {
            b.optLayerNorm(s.layerNorm());
        }
        if (s.selfLoops() != null) {
            b.optSelfLoops(s.selfLoops());
        }
        if (s.activation() != null) {
            b.optActivation(Activation.valueOf(s.activation().toUpperCase(Locale.ROOT)));
        } else if (conv == ConvType.GAT) {
            b.optActivation(Activation.ELU);
        }
        return b.build();
    }

    @Override
    public ObjectNode config(GraphDataset dataset, ModelSettings settings) {
        GnnConfig c = gnnConfig(dataset, settings);
        ObjectNode o = Json.object();
        o.put("conv", c.conv().name().toLowerCase(Locale.ROOT));
        o.put("layers", c.layers());
        o.put("hidden", c.hidden());
        if (c.conv() == ConvType.GAT) {
            o.put("heads", c.heads());
        }
        o.put("dropout", c.dropout());
        o.put("input_dropout", c.inputDropout());
        o.put("residual", c.residual());
        o.put("layer_norm", c.layerNorm());
        o.put("self_loops", c.selfLoops());
        o.put("activation", c.activation().name().toLowerCase(Locale.ROOT));
        if (settings.fanouts() != null) {
            var a = o.putArray("fanouts");
            for (int f : settings.fanouts()) {
                a.add(f);
            }
        } else {
            o.putNull("fanouts");
        }
        return o;
    }
}
