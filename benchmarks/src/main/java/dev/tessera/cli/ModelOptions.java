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
        return new ModelSettings(hidden, layers, dropout, heads, residual, layerNorm, selfLoops, activation, fanouts);
    }

    private static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new TesseraException(option + ": expected a positive number, got " + value);
        }
    }
}
