/**
 * Generic DJL blocks shared by the models: {@link dev.tessera.nn.layers.Dense} (a linear map with PyTorch's
 * initialization), {@link dev.tessera.nn.layers.Norm} (layer norm over the last axis),
 * {@link dev.tessera.nn.layers.FeedForward} (the transformer's two-layer MLP), the base class
 * {@link dev.tessera.nn.layers.FixedShapeBlock} and the parameter factories of {@link dev.tessera.nn.layers.Parameters}.
 */
package dev.tessera.nn.layers;
