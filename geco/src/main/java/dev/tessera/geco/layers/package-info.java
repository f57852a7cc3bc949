/**
 * GECO's blocks, one per file: {@link dev.tessera.geco.layers.LocalPropagationBlock} (LCB),
 * {@link dev.tessera.geco.layers.GlobalConvBlock} (GCB, a Hyena operator) and
 * {@link dev.tessera.geco.layers.GecoLayer}, which chains them and the generic
 * {@link dev.tessera.nn.layers.FeedForward} with residuals and {@link dev.tessera.nn.layers.Norm}s.
 */
package dev.tessera.geco.layers;
