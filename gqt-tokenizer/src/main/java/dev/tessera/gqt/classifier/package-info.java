/**
 * The GQT classifier (Wang et al., "Learning Graph Quantized Tokenizers", ICLR 2025): a transformer over each
 * node's personalized-PageRank sequence of RVQ tokens, trained as a {@link dev.tessera.train.NodeModel}.
 */
package dev.tessera.gqt.classifier;
