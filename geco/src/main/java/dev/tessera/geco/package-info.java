/**
 * GECO (Sancak et al., AAAI 2025): local propagation plus a Hyena-style global FFT convolution over a node ordering will live here.
 */
package dev.tessera.geco;
