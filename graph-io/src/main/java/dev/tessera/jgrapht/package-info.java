/**
 * The seam to JGraphT: {@link dev.tessera.jgrapht.CsrGraphView}, an unmodifiable, zero-copy JGraphT
 * {@code Graph<Integer, Long>} over a {@link dev.tessera.graph.CsrGraph}, directed or (for a symmetric graph)
 * undirected, so JGraphT's algorithms run on Tessera graphs directly.
 */
package dev.tessera.jgrapht;
