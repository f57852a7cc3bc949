package dev.tessera.cli;

import dev.tessera.TesseraException;
import dev.tessera.nodeclass.ModelSettings;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** Model options shared by {@code train} and {@code bench nodeclass} (a picocli mixin); unset means the model's default. */
public final class ModelOptions {
    @Option(names = "--hidden", paramLabel = "H", description = "Hidden size per layer (per head for GAT).")
    Integer hidden;

    @Option(names = "--layers", paramLabel = "L", description = "Number of layers.")
    Integer layers;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability, in [0, 1).")
    Double dropout;

    @Option(names = "--heads", paramLabel = "K", description = "Attention heads (GAT).")
    Integer heads;

    @Option(names = "--residual", negatable = true, description = "Residual connections around each layer "
            + "(with --layer-norm: the architecture of Platonov et al., ICLR 2023).")
    Boolean residual;

    @Option(names = "--layer-norm", negatable = true, description = "Layer normalization before each layer.")
    Boolean layerNorm;

    @Option(names = "--self-loops", negatable = true, description = "Add self-loops before message passing "
            + "(default: on for GCN and GAT).")
    Boolean selfLoops;

    @Option(names = "--activation", paramLabel = "A", description = "relu, elu or gelu.")
    String activation;

    @Option(names = "--fanouts", paramLabel = "LIST", split = ",",
            description = "Neighbours sampled per layer for mini-batch training, e.g. 15,10 (default: full batch).")
    int[] fanouts;

    @Option(names = "--device", paramLabel = "D", description = "cpu or gpu (the engine's CUDA build; see the README).")
    String device;

    @Option(names = "--ordering", paramLabel = "NAME", description = "GECO: node ordering of the global blocks: "
            + "natural, random, degree, bfs, rcm or community (default: natural).")
    String ordering;

    @Option(names = "--permute", negatable = true, description = "GECO: a fresh random node order at every "
            + "training step (evaluation uses --ordering).")
    Boolean permute;

    @Option(names = "--hyena-order", paramLabel = "K", description = "GECO: gated long convolutions per global "
            + "block (default: 2).")
    Integer hyenaOrder;

    @Option(names = "--blocks", paramLabel = "B", description = "GECO: both, local (LCB only) or global (GCB only); "
            + "default both.")
    String blocks;

    @Option(names = "--causal", negatable = true, description = "GECO: one-sided filters (default: bidirectional).")
    Boolean causal;

    @Option(names = "--pe", paramLabel = "KIND", description = "GECO: positional encoding appended to the features: "
            + "none, rw (random-walk) or lap (Laplacian eigenvectors); default none.")
    String positionalEncoding;

    @Option(names = "--input-dropout", paramLabel = "P", description = "GECO: dropout on the input features, in [0, 1) "
            + "(default 0).")
    Double inputDropout;

    @Option(names = "--pe-dim", paramLabel = "K", description = "GECO: width of the positional encoding (default 16).")
    Integer positionalDim;

    @Option(names = "--propagate-output", negatable = true, description = "GECO: the output head propagates over "
            + "the graph like a last GCN layer, logits = Â·LN(H)·W (default: off, each node read alone).")
    Boolean propagateOutput;

    @Option(names = "--local-residual", negatable = true, description = "GECO: add the local block's output to its "
            + "input (default: on); --no-local-residual replaces the input, as a GCN layer does.")
    Boolean localResidual;

    @Option(names = "--tokens", paramLabel = "DIR", description = "GQT: the tokens of the dataset, a folder written by "
            + "'tessera tokenize' (default: tokenize first with the tokenizer's defaults).")
    java.nio.file.Path tokens;

    @Option(names = "--ppr-neighbors", paramLabel = "K", description = "GQT: personalized-PageRank neighbours in each "
            + "node's sequence (default: 30).")
    Integer pprNeighbors;

    @Option(names = "--codebook-init", negatable = true, description = "GQT: initialize the code embeddings from the "
            + "codebooks (default: on).")
    Boolean codebookInit;

    @Option(names = "--level-encoding", negatable = true, description = "GQT: add token-level (hierarchy) encodings "
            + "(default: on).")
    Boolean levelEncoding;

    @Option(names = "--position-encoding", negatable = true, description = "GQT: add sequence-position encodings "
            + "(default: on).")
    Boolean positionEncoding;

    @Option(names = "--ppr-gating", negatable = true, description = "GQT: gate each node's tokens by its PPR weight "
            + "(default: on).")
    Boolean pprGating;

    /**
     * @return the settings, checked
     * @throws TesseraException naming the option when a value is out of range
     */
    ModelSettings settings() {
        positive("--hidden", hidden);
        positive("--layers", layers);
        positive("--heads", heads);
        if (dropout != null && !(dropout >= 0 && dropout < 1)) {
            throw new TesseraException("--dropout: expected a probability in [0, 1), got " + dropout);
        }
        if (activation != null && !Arrays.asList("relu", "elu", "gelu").contains(activation)) {
            throw new TesseraException("--activation: expected relu, elu or gelu, got '" + activation + "'");
        }
        if (fanouts != null) {
            for (int f : fanouts) {
                if (f < 1 && f != -1) {
                    throw new TesseraException("--fanouts: expected positive counts (or -1 for all neighbours), got "
                            + f);
                }
            }
        }
        if (device != null && !Arrays.asList("cpu", "gpu").contains(device)) {
            throw new TesseraException("--device: expected cpu or gpu, got '" + device + "'");
        }
        positive("--hyena-order", hyenaOrder);
        if (inputDropout != null && !(inputDropout >= 0 && inputDropout < 1)) {
            throw new TesseraException("--input-dropout: expected a probability in [0, 1), got " + inputDropout);
        }
        positive("--pe-dim", positionalDim);
        if (blocks != null && !Arrays.asList("both", "local", "global").contains(blocks)) {
            throw new TesseraException("--blocks: expected both, local or global, got '" + blocks + "'");
        }
        if (positionalEncoding != null && !Arrays.asList("none", "rw", "lap").contains(positionalEncoding)) {
            throw new TesseraException("--pe: expected none, rw or lap, got '" + positionalEncoding + "'");
        }
        if (ordering != null && !dev.tessera.ordering.Orderings.names().contains(ordering)) {
            throw new TesseraException("--ordering: unknown ordering '" + ordering + "' (known: "
                    + String.join(", ", dev.tessera.ordering.Orderings.names()) + ")");
        }
        positive("--ppr-neighbors", pprNeighbors);
        return new ModelSettings(hidden, layers, dropout, heads, residual, layerNorm, selfLoops, activation, fanouts,
                device, new ModelSettings.GecoSettings(ordering, permute, hyenaOrder, blocks, causal,
                        positionalEncoding, positionalDim, inputDropout, propagateOutput, localResidual),
                new ModelSettings.GqtSettings(tokens, pprNeighbors, codebookInit, levelEncoding, positionEncoding,
                        pprGating));
    }

    private static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new TesseraException(option + ": expected a positive number, got " + value);
        }
    }
}
