/**
 * The Planetoid format ({@code ind.NAME.{x, y, tx, ty, allx, ally, graph, test.index}}: Python pickles of numpy
 * and scipy matrices and an adjacency dict, plus a text list of test nodes), read exactly as PyTorch Geometric's
 * {@code read_planetoid_data} does: {@link dev.tessera.io.planetoid.PlanetoidReader}.
 */
package dev.tessera.io.planetoid;
