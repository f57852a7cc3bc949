/**
 * The GQT tokenizer (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025): a GNN encoder trained with
 * self-supervised losses whose node embeddings are quantized by a residual vector quantizer into K tokens per node.
 */
package dev.tessera.gqt.tokenizer;
