package dev.tessera.io.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.io.npz.NpyArray;
import org.junit.jupiter.api.Test;

class SparseMatrixTest {
    private static NpyArray i32(int... v) {
        return NpyArray.ofInts(v);
    }

    private static NpyArray f64(double... v) {
        return NpyArray.ofDoubles(v);
    }

    @Test
    void csrWithRepeatedColumnSumsInDoubleThenRoundsOnce() {
        // Row 0 holds column 1 twice: (1 + 2^-24) + 2^-24 = 1 + 2^-23 in double; summing after rounding each
        // value to float would give 1 (both roundings are ties to even).
        SparseMatrix m = SparseMatrix.csr(2, 2, f64(1 + 0x1p-24, 0x1p-24, 7), i32(1, 1, 0), i32(0, 2, 3));
        assertArrayEquals(new float[] {0, 1 + 0x1p-23f, 7, 0}, m.toDenseFloat());
        assertEquals(3, m.nnz());
    }

    @Test
    void refusesInconsistentArrays() {
        assertEquals("csr matrix indptr has 2 entries, shape needs 3",
                assertThrows(IllegalArgumentException.class, () -> SparseMatrix.csr(2, 2, f64(1), i32(0), i32(0, 1))).getMessage());
        assertEquals("indptr decreases at entry 2",
                assertThrows(IllegalArgumentException.class, () -> SparseMatrix.csr(2, 2, f64(1), i32(0), i32(0, 1, 0))).getMessage());
        assertEquals("sparse matrix indices[0] = 5 is outside [0, 2)",
                assertThrows(IllegalArgumentException.class, () -> SparseMatrix.csr(2, 2, f64(1), i32(5), i32(0, 1, 1))).getMessage());
        assertEquals("indptr ends at 2 but there are 1 indices and 1 values",
                assertThrows(IllegalArgumentException.class, () -> SparseMatrix.csc(2, 2, f64(1), i32(0), i32(0, 1, 2))).getMessage());
        assertEquals("sparse matrix row[0] = -1 is outside [0, 2)",
                assertThrows(IllegalArgumentException.class, () -> SparseMatrix.coo(2, 2, f64(1), i32(-1), i32(0))).getMessage());
    }
}
