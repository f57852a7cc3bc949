/**
 * Prompts of the retrieval-augmented node classifier: an editable template ({@link PromptTemplate}) and a builder
 * that fits a node's text, its retrieved neighbours and prototypes and the candidate labels into the model's input
 * budget, counted in the model's own tokens ({@link PromptBuilder}). Plain Java.
 */
package dev.tessera.lm.prompt;
