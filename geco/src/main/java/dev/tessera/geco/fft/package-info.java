/**
 * Long convolution of node sequences with FFTs, on two backends that agree within float rounding:
 * {@link dev.tessera.geco.fft.EngineLongConvolution} (the engine's {@code rfft}/{@code irfft}, differentiable, CPU or
 * GPU) for training and {@link dev.tessera.geco.fft.LongConvolution} (plain Java, JTransforms) for inference and
 * profiling without native code. Both compute the same linear (not circular), two-sided convolution; see
 * {@link dev.tessera.geco.fft.LongConvolution} for the definition.
 */
package dev.tessera.geco.fft;
