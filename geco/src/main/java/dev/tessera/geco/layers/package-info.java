/**
 * GECO's blocks, one per file: {@link dev.tessera.geco.layers.LocalPropagationBlock} (LCB),
 * {@link dev.tessera.geco.layers.GlobalConvBlock} (GCB, a Hyena operator), {@link dev.tessera.geco.layers.FeedForward},
 * and {@link dev.tessera.geco.layers.GecoLayer}, which chains them with residuals and layer norms.
 */
package dev.tessera.geco.layers;
