/**
 * NumPy {@code .npy} arrays and {@code .npz} archives, and the two npz dataset layouts: the heterophilous-graphs
 * layout (Platonov et al., yandex-research/heterophilous-graphs) and the gnn-benchmark layout (Shchur et al.,
 * shchur/gnn-benchmark).
 *
 * <p>{@link dev.tessera.io.npz.NpyArray} is one array (dtype, shape, C-order bytes); {@link dev.tessera.io.npz.NpyFile}
 * reads and writes the {@code .npy} byte format; {@link dev.tessera.io.npz.NpzArchive} reads and writes zip
 * archives of them; {@link dev.tessera.io.npz.NpzReader} and {@link dev.tessera.io.npz.NpzWriter} turn archives
 * into {@link dev.tessera.graph.GraphDataset}s and back. Object arrays ({@code |O}, Python pickles) are refused.
 */
package dev.tessera.io.npz;
