/**
 * Sparse x dense products in plain Java: {@link dev.tessera.sparse.SpMM} computes Y = A·X and Y = A<sup>T</sup>·X
 * for a CSR graph A and a row-major float32 matrix X, multi-threaded over row blocks balanced by nonzeros, with
 * the symmetric GCN normalization of {@link dev.tessera.sparse.GcnNormalization} fused into the loop (no
 * normalized copy of the graph). The inner loop uses the JDK Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the tests and the benchmarks do), scalar loops
 * otherwise.
 */
package dev.tessera.sparse;
