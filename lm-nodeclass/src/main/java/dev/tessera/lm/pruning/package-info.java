/**
 * Candidate pruning (Xu et al., "How to Make LMs Strong Node Classifiers?", arXiv 2410.02296): a lightweight GNN,
 * trained on the training nodes only, keeps each node's top-m classes, and the language model chooses among them.
 * The same trained GNN gives the probabilities and hidden embeddings that semantic retrieval
 * ({@link dev.tessera.lm.retrieval.Prototypes}) uses.
 */
package dev.tessera.lm.pruning;
