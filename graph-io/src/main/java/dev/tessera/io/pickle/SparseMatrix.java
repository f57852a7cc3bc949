package dev.tessera.io.pickle;

import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import java.util.Objects;

/**
 * A scipy sparse matrix as pickled (its instance dictionary): CSR, CSC or COO, with the numpy arrays scipy keeps.
 *
 * <ul>
 *   <li>CSR [rows, cols]: the entries of row {@code r} are {@code (r, indices[k], data[k])} for
 *       {@code k} in {@code [indptr[r], indptr[r + 1])}; {@code indptr} has rows + 1 entries.</li>
 *   <li>CSC: the same with rows and columns exchanged ({@code indptr} has cols + 1 entries).</li>
 *   <li>COO: entry {@code k} is {@code (row[k], col[k], data[k])}.</li>
 * </ul>
 * Repeated positions are summed when densified, as scipy's {@code toarray()} does.
 */
public final class SparseMatrix {
    /** The storage layout. */
    public enum Format {
        /** Compressed sparse rows. */
        CSR,
        /** Compressed sparse columns. */
        CSC,
        /** Coordinate list. */
        COO
    }

    private final Format format;
    private final int rows;
    private final int cols;
    private final NpyArray data;
    private final NpyArray indices;
    private final NpyArray indptr;
    private final NpyArray row;
    private final NpyArray col;
    // Validated index arrays used for densifying: COO rows/cols, or CSR/CSC minor indices and pointers.
    private final int[] major;
    private final int[] minor;
    private final long[] ptr;

    private SparseMatrix(Format format, long rows, long cols, NpyArray data, NpyArray indices, NpyArray indptr, NpyArray row,
            NpyArray col) {
        if (rows < 0 || cols < 0 || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sparse matrix shape (" + rows + ", " + cols + ") is out of range");
        }
        this.format = format;
        this.rows = (int) rows;
        this.cols = (int) cols;
        this.data = oneDim(data, "data");
        if (data.dtype().isString()) {
            throw new IllegalArgumentException("sparse matrix data has string dtype " + data.dtype());
        }
        this.indices = indices;
        this.indptr = indptr;
        this.row = row;
        this.col = col;
        if (format == Format.COO) {
            oneDim(row, "row");
            oneDim(col, "col");
            if (row.size() != data.size() || col.size() != data.size()) {
                throw new IllegalArgumentException("coo matrix has " + row.size() + " rows, " + col.size() + " cols and "
                        + data.size() + " values");
            }
            this.major = ids(row, rows, "row");
            this.minor = ids(col, cols, "col");
            this.ptr = null;
        } else {
            oneDim(indices, "indices");
            oneDim(indptr, "indptr");
            long majorLen = format == Format.CSR ? rows : cols;
            long minorLen = format == Format.CSR ? cols : rows;
            if (indptr.size() != majorLen + 1) {
                throw new IllegalArgumentException(format.name().toLowerCase() + " matrix indptr has " + indptr.size()
                        + " entries, shape needs " + (majorLen + 1));
            }
            requireIntegers(indptr, "indptr");
            this.ptr = indptr.asLongs();
            if (ptr[0] != 0) {
                throw new IllegalArgumentException("indptr starts with " + ptr[0] + ", not 0");
            }
            for (int i = 1; i < ptr.length; i++) {
                if (ptr[i] < ptr[i - 1]) {
                    throw new IllegalArgumentException("indptr decreases at entry " + i);
                }
            }
            long nnz = ptr[ptr.length - 1];
            if (indices.size() < nnz || data.size() < nnz) {
                throw new IllegalArgumentException("indptr ends at " + nnz + " but there are " + indices.size()
                        + " indices and " + data.size() + " values");
            }
            this.minor = ids(indices, minorLen, "indices");
            this.major = null;
        }
    }

    /**
     * @param rows number of rows
     * @param cols number of columns
     * @param data [nnz] values
     * @param indices [nnz] column of each value
     * @param indptr [rows + 1] start of each row in {@code data}
     * @return the matrix
     * @throws IllegalArgumentException when the arrays are inconsistent or an index is out of range
     */
    public static SparseMatrix csr(long rows, long cols, NpyArray data, NpyArray indices, NpyArray indptr) {
        return new SparseMatrix(Format.CSR, rows, cols, data, indices, indptr, null, null);
    }

    /**
     * @param rows number of rows
     * @param cols number of columns
     * @param data [nnz] values
     * @param indices [nnz] row of each value
     * @param indptr [cols + 1] start of each column in {@code data}
     * @return the matrix
     * @throws IllegalArgumentException when the arrays are inconsistent or an index is out of range
     */
    public static SparseMatrix csc(long rows, long cols, NpyArray data, NpyArray indices, NpyArray indptr) {
        return new SparseMatrix(Format.CSC, rows, cols, data, indices, indptr, null, null);
    }

    /**
     * @param rows number of rows
     * @param cols number of columns
     * @param data [nnz] values
     * @param row [nnz] row of each value
     * @param col [nnz] column of each value
     * @return the matrix
     * @throws IllegalArgumentException when the arrays are inconsistent or an index is out of range
     */
    public static SparseMatrix coo(long rows, long cols, NpyArray data, NpyArray row, NpyArray col) {
        return new SparseMatrix(Format.COO, rows, cols, data, null, null, row, col);
    }

    private static NpyArray oneDim(NpyArray a, String what) {
        Objects.requireNonNull(a, what);
        if (a.ndim() != 1) {
            throw new IllegalArgumentException("sparse matrix " + what + " has " + a.ndim() + " dimensions, not 1");
        }
        return a;
    }

    private static void requireIntegers(NpyArray a, String what) {
        if (!a.dtype().isInteger()) {
            throw new IllegalArgumentException("sparse matrix " + what + " has dtype " + a.dtype() + ", not integers");
        }
    }

    private static int[] ids(NpyArray a, long bound, String what) {
        requireIntegers(a, what);
        long[] v = a.asLongs();
        int[] out = new int[v.length];
        for (int i = 0; i < out.length; i++) {
            if (v[i] < 0 || v[i] >= bound) {
                throw new IllegalArgumentException("sparse matrix " + what + "[" + i + "] = " + v[i] + " is outside [0, " + bound + ")");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** @return the storage layout */
    public Format format() {
        return format;
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int cols() {
        return cols;
    }

    /** @return the number of stored entries (repeats counted) */
    public long nnz() {
        return ptr != null ? ptr[ptr.length - 1] : data.size();
    }

    /** @return the stored values */
    public NpyArray data() {
        return data;
    }

    /** @return CSR: the column of each value; CSC: the row; COO: {@code null} */
    public NpyArray indices() {
        return indices;
    }

    /** @return CSR: [rows + 1] row starts; CSC: [cols + 1] column starts; COO: {@code null} */
    public NpyArray indptr() {
        return indptr;
    }

    /** @return COO: the row of each value; otherwise {@code null} */
    public NpyArray row() {
        return row;
    }

    /** @return COO: the column of each value; otherwise {@code null} */
    public NpyArray col() {
        return col;
    }

    /** @return the dense matrix [rows * cols], row-major, as float32 (see {@link #toDenseFloat(float[], int)}) */
    public float[] toDenseFloat() {
        if ((long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " x " + cols + " values exceed one Java array");
        }
        float[] out = new float[rows * cols];
        toDenseFloat(out, 0);
        return out;
    }

    /**
     * Writes the dense matrix, row-major, into {@code dst[offset .. offset + rows * cols)}, which must be all zero.
     * As {@code torch.from_numpy(m.todense()).to(torch.float)}: repeated positions are summed in the data's own
     * precision (float32 sums for float32 data, double sums for float64 and integers; bools are or-ed), then
     * rounded once to float.
     *
     * @param dst the destination, zero in the written range
     * @param offset where row 0 starts
     * @throws IllegalArgumentException when the matrix does not fit in {@code dst} from {@code offset}
     */
    public void toDenseFloat(float[] dst, int offset) {
        if (offset < 0 || (long) rows * cols > dst.length - (long) offset) {
            throw new IllegalArgumentException(rows + " x " + cols + " values do not fit at offset " + offset + " of " + dst.length);
        }
        NpyDtype t = data.dtype();
        Values v = new Values(t.kind() == NpyDtype.Kind.BOOL ? data.asBooleans() : null,
                t.kind() == NpyDtype.Kind.FLOAT && t.itemSize() == 4 ? data.asFloats() : null, null);
        if (v.bools == null && v.floats == null) {
            v = new Values(null, null, data.asDoubles());
        }
        double[] acc = v.doubles == null ? null : new double[rows * cols];
        if (format == Format.COO) {
            for (int k = 0; k < major.length; k++) {
                add(dst, offset, acc, v, major[k] * cols + minor[k], k);
            }
        } else {
            for (int m = 0; m + 1 < ptr.length; m++) {
                for (int k = (int) ptr[m]; k < ptr[m + 1]; k++) {
                    int p = format == Format.CSR ? m * cols + minor[k] : minor[k] * cols + m;
                    add(dst, offset, acc, v, p, k);
                }
            }
        }
        if (acc != null) {
            for (int p = 0; p < acc.length; p++) {
                dst[offset + p] = (float) acc[p];
            }
        }
    }

    /** The stored values decoded once: exactly one of the arrays is set. */
    private record Values(boolean[] bools, float[] floats, double[] doubles) {
    }

    private static void add(float[] dst, int offset, double[] acc, Values v, int p, int k) {
        if (v.bools != null) {
            if (v.bools[k]) {
                dst[offset + p] = 1f;
            }
        } else if (v.floats != null) {
            dst[offset + p] += v.floats[k];
        } else {
            acc[p] += v.doubles[k];
        }
    }

    @Override
    public String toString() {
        return "SparseMatrix(" + format.name().toLowerCase() + ", " + rows + " x " + cols + ", nnz=" + nnz() + ")";
    }
}
