/**
 * GQT (Wang et al., ICLR 2025): the self-supervised RVQ graph tokenizer, token export and the token-sequence transformer classifier will live here.
 */
package dev.tessera.gqt;
