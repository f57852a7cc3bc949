package dev.tessera.gqt.rvq;

import ai.djl.ndarray.NDArray;

/**
 * The result of {@link ResidualVectorQuantizer#quantize}; the arrays live in the input's manager.
 *
 * @param output         {@code Z + sg(quantized − Z)}, float32 {@code [N, d]}: the values of {@code quantized} with
 *                       the identity as gradient to Z (straight-through estimator)
 * @param quantized      {@code Σ_k Q_k}, float32 {@code [N, d]}, without gradient
 * @param tokens         code index per node and level, int32 {@code [N, K]}
 * @param commitmentLoss {@code β·Σ_k mean((R_k − sg(Q_k))²)}, a float32 scalar with gradient to Z; null when not
 *                       asked for
 * @param stats          per-level usage, perplexity and reconstruction error
 */
public record RvqOutput(NDArray output, NDArray quantized, NDArray tokens, NDArray commitmentLoss, RvqStats stats) {}
