/**
 * Residual vector quantization with EMA codebooks, k-means initialization and dead-code replacement: the tokenizer
 * stage of GQT (Wang et al., ICLR 2025). {@link dev.tessera.gqt.rvq.ResidualVectorQuantizer} maps node embeddings
 * {@code [N, d]} to K code indices per node and a straight-through quantized embedding.
 */
package dev.tessera.gqt.rvq;
