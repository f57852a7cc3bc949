/** The GQT tokenizer's GNN encoder: message-passing layers with LayerNorm, PReLU or GELU and residual connections. */
package dev.tessera.gqt.encoder;
