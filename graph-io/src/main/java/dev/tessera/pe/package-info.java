/**
 * Node positional encodings, to concatenate to the node features (plain Java, deterministic given a seed):
 * {@link dev.tessera.pe.RandomWalkPe}, the random-walk return probabilities {@code diag((D^-1 A)^k)}, k = 1..K
 * (PyG's {@code AddRandomWalkPE}), exact or Monte Carlo by a work budget; and {@link dev.tessera.pe.LaplacianPe},
 * the eigenvectors of the symmetric normalized Laplacian with the smallest non-trivial eigenvalues (PyG's
 * {@code AddLaplacianEigenvectorPE}), dense or by Chebyshev-filtered subspace iteration. Both return float32
 * [N, dim] row-major.
 */
package dev.tessera.pe;
