/**
 * GECO (Sancak et al., "A Scalable and Effective Alternative to Graph Transformers", AAAI 2025): graph layers made
 * of a local propagation block and a Hyena-style global convolution over a node ordering, computed with FFTs in
 * O(N log N · d + M · d). Packages: {@code fft} (the long convolution on two backends), {@code filter} (Hyena's
 * implicit long filters), {@code layers} (the blocks and the GECO layer), {@code model} (the node classifier).
 * {@code docs/geco.md} states the operator as implemented and every choice the paper leaves open.
 */
package dev.tessera.geco;
