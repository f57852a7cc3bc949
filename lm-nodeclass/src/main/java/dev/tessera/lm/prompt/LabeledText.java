package dev.tessera.lm.prompt;

import java.util.Objects;

/**
 * A prototype as the prompt shows it: a node's text and its class's name.
 *
 * @param text the node's text
 * @param label the class name
 */
public record LabeledText(String text, String label) {
    /** Checks that neither part is null. */
    public LabeledText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
