package dev.tessera.graph;

import dev.tessera.TesseraException;
import java.util.Locale;

/** The evaluation metric a dataset is reported with (as in OGB's master.csv). */
public enum Metric {
    /** Share of correctly classified nodes. */
    ACCURACY("accuracy"),
    /** Area under the ROC curve of the positive-class score (binary tasks). */
    ROCAUC("rocauc"),
    /** Unweighted mean of per-class F1 scores. */
    MACRO_F1("macro-f1");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    /** @return the identifier used in files and JSON ({@code accuracy}, {@code rocauc}, {@code macro-f1}) */
    public String id() {
        return id;
    }

    /**
     * @param text an identifier as written in {@code info.properties} or the registry ({@code acc} and
     *     {@code roc-auc} are accepted too)
     * @return the metric
     * @throws TesseraException when the text names no metric
     */
    public static Metric parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        return switch (t) {
            case "accuracy", "acc" -> ACCURACY;
            case "rocauc", "roc-auc", "auc" -> ROCAUC;
            case "macro-f1", "f1", "macrof1" -> MACRO_F1;
            default -> throw new TesseraException("unknown metric '" + text + "' (expected accuracy, rocauc or macro-f1)");
        };
    }
}
