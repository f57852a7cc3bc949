package dev.tessera.graph;

import dev.tessera.TesseraException;
import java.util.Locale;

/** The prediction task of a node-classification dataset. */
public enum Task {
    /** One label out of C classes per node. */
    MULTICLASS("multiclass"),
    /** Two classes; usually scored by ROC-AUC on the positive class (label 1). */
    BINARY("binary");

    private final String id;

    Task(String id) {
        this.id = id;
    }

    /** @return the identifier used in files and JSON ({@code multiclass}, {@code binary}) */
    public String id() {
        return id;
    }

    /**
     * @param text an identifier as written in {@code info.properties} or the registry
     * @return the task
     * @throws TesseraException when the text names no task
     */
    public static Task parse(String text) {
        for (Task t : values()) {
            if (t.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new TesseraException("unknown task '" + text + "' (expected multiclass or binary)");
    }
}
