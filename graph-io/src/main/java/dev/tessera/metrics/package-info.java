/**
 * Evaluation metrics of node classification, plain Java: {@link dev.tessera.metrics.Accuracy},
 * {@link dev.tessera.metrics.RocAuc}, {@link dev.tessera.metrics.MacroF1}, the entry point
 * {@link dev.tessera.metrics.Metrics#score} that scores class logits by a dataset's
 * {@link dev.tessera.graph.Metric}, and {@link dev.tessera.metrics.MeanStd} for summaries over seeds. The
 * definitions follow scikit-learn's, so that results compare with Python baselines.
 */
package dev.tessera.metrics;
