/**
 * The graph dataset abstraction: {@link dev.tessera.graph.CsrGraph} (CSR adjacency with long row pointers),
 * {@link dev.tessera.graph.NodeFeatures} (dense float32, heap or memory-mapped), labels, named
 * {@link dev.tessera.graph.Split}s, lazy {@link dev.tessera.graph.NodeTexts}, all held by the immutable
 * {@link dev.tessera.graph.GraphDataset}. Plain Java, no native code.
 */
package dev.tessera.graph;
