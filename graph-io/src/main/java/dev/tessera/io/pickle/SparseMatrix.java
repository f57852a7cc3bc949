package dev.tessera.io.pickle;

import java.util.Objects;

/**
 * A scipy sparse matrix as pickled (its instance dictionary): CSR, CSC or COO, with the arrays scipy keeps.
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
    private final NdArray data;
    private final NdArray indices;
    private final NdArray indptr;
    private final NdArray row;
    private final NdArray col;
    // Validated copies used for densifying.
    private final int[] major;
    private final int[] minor;
    private final long[] ptr;

    private SparseMatrix(Format format, long rows, long cols, NdArray data, NdArray indices, NdArray indptr, NdArray row,
            NdArray col) {
        if (rows < 0 || cols < 0 || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sparse matrix shape (" + rows + ", " + cols + ") is out of range");
        }
        this.format = format;
        this.rows = (int) rows;
        this.cols = (int) cols;
        this.data = oneDim(data, "data");
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
            this.ptr = indptr.toLongArray();
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
    public static SparseMatrix csr(long rows, long cols, NdArray data, NdArray indices, NdArray indptr) {
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
    public static SparseMatrix csc(long rows, long cols, NdArray data, NdArray indices, NdArray indptr) {
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
    public static SparseMatrix coo(long rows, long cols, NdArray data, NdArray row, NdArray col) {
        return new SparseMatrix(Format.COO, rows, cols, data, null, null, row, col);
    }

    private static NdArray oneDim(NdArray a, String what) {
        Objects.requireNonNull(a, what);
        if (a.ndim() != 1) {
            throw new IllegalArgumentException("sparse matrix " + what + " has " + a.ndim() + " dimensions, not 1");
        }
        return a;
    }

    private static int[] ids(NdArray a, long bound, String what) {
        if (a.dtype().isFloat()) {
            throw new IllegalArgumentException("sparse matrix " + what + " has float dtype " + a.dtype());
        }
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            long v = a.getLong(i);
            if (v < 0 || v >= bound) {
                throw new IllegalArgumentException("sparse matrix " + what + "[" + i + "] = " + v + " is outside [0, " + bound + ")");
            }
            out[i] = (int) v;
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
    public NdArray data() {
        return data;
    }

    /** @return CSR: the column of each value; CSC: the row; COO: {@code null} */
    public NdArray indices() {
        return indices;
    }

    /** @return CSR: [rows + 1] row starts; CSC: [cols + 1] column starts; COO: {@code null} */
    public NdArray indptr() {
        return indptr;
    }

    /** @return COO: the row of each value; otherwise {@code null} */
    public NdArray row() {
        return row;
    }

    /** @return COO: the column of each value; otherwise {@code null} */
    public NdArray col() {
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
     * precision (float32 sums for float32 data, double sums otherwise; bools are or-ed), then rounded once to float.
     *
     * @param dst the destination, zero in the written range
     * @param offset where row 0 starts
     * @throws IllegalArgumentException when the matrix does not fit in {@code dst} from {@code offset}
     */
    public void toDenseFloat(float[] dst, int offset) {
        if (offset < 0 || (long) rows * cols > dst.length - (long) offset) {
            throw new IllegalArgumentException(rows + " x " + cols + " values do not fit at offset " + offset + " of " + dst.length);
        }
        DType t = data.dtype();
        boolean f32 = t.isFloat() && t.itemSize() <= 4;
        boolean bool = t.kind() == 'b';
        double[] acc = f32 || bool ? null : new double[rows * cols];
        if (format == Format.COO) {
            for (int k = 0; k < major.length; k++) {
                add(dst, offset, acc, major[k] * cols + minor[k], k, f32, bool);
            }
        } else {
            for (int m = 0; m + 1 < ptr.length; m++) {
                for (int k = (int) ptr[m]; k < ptr[m + 1]; k++) {
                    int p = format == Format.CSR ? m * cols + minor[k] : minor[k] * cols + m;
                    add(dst, offset, acc, p, k, f32, bool);
                }
            }
        }
        if (acc != null) {
            for (int p = 0; p < acc.length; p++) {
                dst[offset + p] = (float) acc[p];
            }
        }
    }

    private void add(float[] dst, int offset, double[] acc, int p, int k, boolean f32, boolean bool) {
        if (bool) {
            if (data.getDouble(k) != 0) {
                dst[offset + p] = 1f;
            }
        } else if (f32) {
            dst[offset + p] += data.getFloat(k);
        } else {
            acc[p] += data.getDouble(k);
        }
    }

    @Override
    public String toString() {
        return "SparseMatrix(" + format.name().toLowerCase() + ", " + rows + " x " + cols + ", nnz=" + nnz() + ")";
    }
}
