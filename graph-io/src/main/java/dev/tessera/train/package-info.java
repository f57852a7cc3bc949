/**
 * The one training loop of Tessera's node classifiers, on DJL: the model contract
 * ({@link dev.tessera.train.NodeModel}), its configuration ({@link dev.tessera.train.TrainConfig}), the loop with
 * best-validation selection, early stopping and exact resume from checkpoints ({@link dev.tessera.train.Trainer},
 * {@link dev.tessera.train.Checkpoint}), a checkpointable Adam/AdamW ({@link dev.tessera.train.Adam}), and repeated
 * runs over seeds ({@link dev.tessera.train.SeedRuns}). Metrics come from the plain-Java {@code dev.tessera.metrics}.
 */
package dev.tessera.train;
