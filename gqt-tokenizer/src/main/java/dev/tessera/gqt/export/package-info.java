/**
 * Export of GQT tokens: {@code tokens.safetensors} (tokens, codebooks, quantized embeddings, metadata) and
 * {@code tokens.npy}.
 */
package dev.tessera.gqt.export;
