/**
 * Dataset readers and writers: the OGB node-property raw layout, Planetoid pickles, {@code .npz}, plain edge
 * lists, and the helpers they share (line-numbered text input, atomic output). Format detection lives in
 * {@link dev.tessera.io.DatasetFormats}.
 */
package dev.tessera.io;
