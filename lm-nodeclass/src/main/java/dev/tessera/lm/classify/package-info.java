/**
 * The retrieval-augmented LM node classifier end to end (Xu et al., "How to Make LMs Strong Node Classifiers?",
 * arXiv 2410.02296): {@link dev.tessera.lm.classify.LmNodeClassifier} trains the pruning GNN, retrieves PPR
 * neighbours and prototypes, builds each node's prompt, fine-tunes a T5 on the training nodes and predicts the
 * validation and test nodes by decoding constrained to their candidate labels. {@link
 * dev.tessera.lm.classify.TextFeatures} gives a text-only dataset the bag-of-words features the GNN needs, and
 * {@link dev.tessera.lm.classify.LabelNames} turns raw class names into the strings the model reads and writes.
 */
package dev.tessera.lm.classify;
