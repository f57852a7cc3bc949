/**
 * A restricted Python unpickler: {@link dev.tessera.io.pickle.SafeUnpickler} interprets the pickle opcodes of
 * protocols 0-5 (without out-of-band buffers) and never executes pickled code; it admits only an allow-list of
 * globals (numpy arrays and dtypes, scipy CSR/CSC/COO matrices, dicts, lists, sets) and decodes them into small
 * typed Java values (numpy arrays as {@link dev.tessera.io.npz.NpyArray}, scipy matrices as
 * {@link dev.tessera.io.pickle.SparseMatrix}).
 */
package dev.tessera.io.pickle;
