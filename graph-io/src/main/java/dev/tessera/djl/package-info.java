/**
 * The DJL seam: conversions between Tessera datasets and DJL {@link ai.djl.ndarray.NDArray}s. Only this layer of
 * graph-io imports DJL; the rest is plain Java, testable without native code.
 */
package dev.tessera.djl;
