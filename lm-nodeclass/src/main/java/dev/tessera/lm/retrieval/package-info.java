/**
 * Retrieval that enriches a node's prompt (Xu et al., "How to Make LMs Strong Node Classifiers?", arXiv
 * 2410.02296): topological, the node's top-K personalized-PageRank neighbours ({@link PprNeighbors}), and
 * semantic, per-class prototype nodes that a GNN predicts with high confidence ({@link Prototypes}). Plain Java.
 */
package dev.tessera.lm.retrieval;
