package dev.tessera.lm.prompt;

/**
 * A built prompt.
 *
 * @param text the prompt
 * @param tokens its length in the model's tokens, special tokens included; at most the builder's budget
 * @param neighbors neighbour texts kept (the strongest ones)
 * @param prototypes prototypes kept (the first ones given)
 * @param truncated whether any text was cut or dropped to fit
 */
public record Prompt(String text, int tokens, int neighbors, int prototypes, boolean truncated) {
}
