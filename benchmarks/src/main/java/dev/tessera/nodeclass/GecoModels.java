package dev.tessera.nodeclass;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.geco.GecoConfig;
import dev.tessera.geco.model.GecoNodeModel;
import dev.tessera.geco.model.PositionalEncoding;
import dev.tessera.graph.GraphDataset;
import dev.tessera.train.NodeModel;
import java.util.List;
import java.util.Map;

/**
 * GECO (Sancak et al., AAAI 2025): local propagation and a Hyena global convolution over a node ordering
 * ({@link dev.tessera.geco.model.Geco}); defaults in {@link GecoConfig} and {@link GecoNodeModel}.
 */
final class GecoModels implements ModelProvider {
    @Override
    public List<String> names() {
        return List.of("geco");
    }

    @Override
    public String description() {
        return "GECO: local propagation + global FFT convolution over a node order (Sancak et al. 2025)";
    }

    @Override
    public NodeModel build(GraphDataset dataset, ModelSettings settings, long seed) {
        ModelSettings.GecoSettings g = settings.geco();
        GecoNodeModel.Builder b = GecoNodeModel.builder().setDataset(dataset).setConfig(gecoConfig(dataset, settings))
                .optSeed(seed).optPermute(Boolean.TRUE.equals(g.permute()));
        if (g.ordering() != null) {
            b.optOrdering(g.ordering());
        }
        b.optPositionalEncoding(encoding(g), encodingDim(g));
        if (settings.fanouts() != null) {
            b.optFanouts(settings.fanouts());
        }
        Device device = device(settings.device());
        if (device != null) {
            b.optDevice(device);
        }
        return b.build();
    }

    /**
     * @param name {@code cpu}, {@code gpu} or null
     * @return the device, null for the engine's default
     * @throws TesseraException when a GPU is asked for and the engine sees none
     */
    static Device device(String name) {
        if (name == null) {
            return null;
        }
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (Engine.getInstance().getGpuCount() == 0) {
            throw new TesseraException("--device gpu: the engine sees no GPU (build with the CUDA natives: "
                    + "mvn -Pcuda package; see the README)");
        }
        return Device.gpu();
    }

    /**
     * @param dataset the dataset
     * @param s the user's settings
     * @return the architecture with defaults filled in
     */
    GecoConfig gecoConfig(GraphDataset dataset, ModelSettings s) {
        GqtModels.rejectGqtOptions(s);
        if (s.heads() != null || s.residual() != null || s.layerNorm() != null || s.selfLoops() != null
                || s.activation() != null) {
            throw new TesseraException("--heads, --residual, --layer-norm, --self-loops and --activation do not apply "
                    + "to geco (its layers are pre-norm residual with GELU)");
        }
        ModelSettings.GecoSettings g = s.geco();
        int peDim = encoding(g) == PositionalEncoding.NONE ? 0 : encodingDim(g);
        GecoConfig.Builder b = GecoConfig.builder().setInputSize(dataset.numFeatures() + peDim)
                .setNumClasses(dataset.numClasses());
        if (g.propagateOutput() != null) {
            b.optPropagateOutput(g.propagateOutput());
        }
        if (g.localResidual() != null) {
            b.optLocalResidual(g.localResidual());
        }
        if (s.hidden() != null) {
            b.optHidden(s.hidden());
        }
        if (s.layers() != null) {
            b.optLayers(s.layers());
        }
        if (s.dropout() != null) {
            b.optDropout(s.dropout().floatValue());
        }
        if (g.inputDropout() != null) {
            b.optInputDropout(g.inputDropout().floatValue());
        }
        if (g.order() != null) {
            b.optOrder(g.order());
        }
        if (g.blocks() != null) {
            b.optBlocks(!g.blocks().equals("global"), !g.blocks().equals("local"));
        }
        if (g.causal() != null) {
            b.optBidirectional(!g.causal());
        }
        return b.build();
    }

    private static PositionalEncoding encoding(ModelSettings.GecoSettings g) {
        return g.positionalEncoding() == null ? PositionalEncoding.NONE : PositionalEncoding.byName(g.positionalEncoding());
    }

    private static int encodingDim(ModelSettings.GecoSettings g) {
        return g.positionalDim() == null ? PositionalEncoding.DEFAULT_DIM : g.positionalDim();
    }

    @Override
    public ObjectNode config(GraphDataset dataset, ModelSettings settings) {
        GecoConfig c = gecoConfig(dataset, settings);
        ModelSettings.GecoSettings g = settings.geco();
        ObjectNode o = Json.object();
        o.put("model", "geco");
        for (Map.Entry<String, Object> e : c.toMap().entrySet()) {
            o.putPOJO(e.getKey(), e.getValue());
        }
        o.put("ordering", g.ordering() == null ? GecoNodeModel.DEFAULT_ORDERING : g.ordering());
        o.put("permute", Boolean.TRUE.equals(g.permute()));
        o.put("positional_encoding", encoding(g).cliName());
        if (encoding(g) != PositionalEncoding.NONE) {
            o.put("positional_dim", encodingDim(g));
        }
        if (settings.fanouts() != null) {
            var a = o.putArray("fanouts");
            for (int f : settings.fanouts()) {
                a.add(f);
            }
        } else {
            o.putNull("fanouts");
        }
        o.put("device", settings.device() == null ? "default" : settings.device());
        return o;
    }
}
