package dev.tessera.io.pickle;

import static dev.tessera.io.pickle.PickleFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeUnpicklerTest {
    private static Object load(String hex) {
        return SafeUnpickler.load(bytes(hex), "test.pkl");
    }

    private static Object loadText(String pickle) {
        return SafeUnpickler.load(pickle.getBytes(StandardCharsets.ISO_8859_1), "test.pkl");
    }

    private static TesseraException refused(byte[] pickle) {
        TesseraException e = assertThrows(TesseraException.class, () -> SafeUnpickler.load(pickle, "test.pkl"));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("test.pkl: "), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4})
    void readsIntsFloatsStringsBytesListsTuplesDictsAtEveryProtocol(int protocol) {
        String hex = switch (protocol) {
            case 0 -> PickleFixtures.VALUES_P0;
            case 2 -> PickleFixtures.VALUES_P2;
            default -> PickleFixtures.VALUES_P4;
        };
        Map<?, ?> d = assertInstanceOf(Map.class, load(hex));
        assertEquals(List.of("ints", "floats", "misc", "nested"), List.copyOf(d.keySet()));
        assertEquals(List.of(0L, 1L, -1L, 255L, 256L, 65535L, 65536L, -(1L << 31), 1L << 31, 1L << 62,
                BigInteger.TWO.pow(64), BigInteger.TWO.pow(70).negate()), d.get("ints"));
        // -0.0 is compared bitwise by Double.equals.
        assertEquals(List.of(1.5, -0.0, 1e300), d.get("floats"));
        List<?> misc = assertInstanceOf(List.class, d.get("misc"));
        assertNull(misc.get(0));
        assertEquals(Boolean.TRUE, misc.get(1));
        assertEquals(Boolean.FALSE, misc.get(2));
        assertEquals("h\u00e9llo", misc.get(3));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) misc.get(4));
        assertEquals(List.of(List.of(1L), List.of(2L, List.of(3L))), d.get("nested"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) d.get("floats")).clear(), "tuples are immutable");
    }

    @Test
    void readsSetsFrozensetsAndSharedTuples() {
        Map<?, ?> d = assertInstanceOf(Map.class, load(PickleFixtures.SETS_P4));
        assertEquals(Set.of(1L, 2L), d.get("s"));
        assertEquals(Set.of("a"), d.get("f"));
        List<?> t = assertInstanceOf(List.class, d.get("t"));
        assertEquals(List.of(1L, 2L), t.get(0));
        // The pickle memoized the inner tuple: both items are one object, as in Python.
        assertSame(t.get(0), t.get(1));
    }

    @Test
    void readsPython2StringsWithEscapesAsLatin1AndLongs() {
        Map<?, ?> d = assertInstanceOf(Map.class, load(PickleFixtures.PY2_STRINGS_P0));
        assertEquals(Map.of("a\u0000b\n'c", true, "e\u00e9", new BigInteger("12345678901234567890")), d);
    }

    @Test
    void readsInt64ArrayInCOrder() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.INT64_C_P2));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(NpyDtype.INT64, a.dtype());
        assertArrayEquals(new long[] {0, -1, 2_000_000_000_000L, 3, -4, 5_000_000_000_000L}, a.asLongs());
        assertEquals(-4.0, a.asDoubles()[4]);
    }

    @Test
    void readsFloat32ArrayInFortranOrderAsCOrder() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.FLOAT32_F_P4));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        // Stored column-major in the pickle, held in C order.
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 4f, 0.1f, -0f}, a.asFloats());
    }

    @Test
    void readsBigEndianFloat64() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.FLOAT64_BE_P2));
        assertEquals(ByteOrder.BIG_ENDIAN, a.dtype().order());
        assertEquals(">f8", a.dtype().descr());
        assertArrayEquals(new double[] {1.0, -2.5, 1e-300}, a.asDoubles());
        // Rounded once to float32, as numpy's astype(float32).
        assertArrayEquals(new float[] {1f, -2.5f, 0f}, a.asFloats());
    }

    @Test
    void readsPython2ArraysWhoseDataIsALatin1String() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.INT32_PY2));
        assertArrayEquals(new long[] {3, 2}, a.shape());
        assertEquals("<i4", a.dtype().descr());
        assertArrayEquals(new long[] {0, 1, 1, 0, 258, -3}, a.asLongs());

        NpyArray f = assertInstanceOf(NpyArray.class, load(PickleFixtures.FLOAT64_F_PY2));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, f.asDoubles());
        // Shape (2, 2, 2), Fortran order, element (i, j, k) = 100i + 10j + k.
        NpyArray u = assertInstanceOf(NpyArray.class, load(PickleFixtures.UINT8_F3_PY2));
        assertEquals(NpyDtype.UINT8, u.dtype());
        assertArrayEquals(new long[] {0, 1, 10, 11, 100, 101, 110, 111}, u.asLongs());
    }

    @Test
    void readsStringArrays() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.STR_U_P2));
        assertEquals("<U3", a.dtype().descr());
        assertEquals(List.of("ab", "c\u00e9d"), a.asStrings());
    }

    @Test
    void readsNumpyScalarsAsJavaValues() {
        assertEquals(Map.of("i", -5L, "f", 0.5, "b", true), load(PickleFixtures.NUMPY_SCALARS_P2));
    }

    @Test
    void refusesObjectArrays() {
        assertEquals("test.pkl: dtype '|O8' is an object array (Python pickles), which is not read",
                refused(bytes(PickleFixtures.OBJECT_ARRAY_P2)).getMessage());
    }

    @Test
    void readsProtocol5InBandArrays() {
        NpyArray a = assertInstanceOf(NpyArray.class, load(PickleFixtures.FLOAT32_P5));
        assertArrayEquals(new long[] {1, 2}, a.shape());
        assertArrayEquals(new float[] {0.5f, 1f}, a.asFloats());
    }

    @ParameterizedTest
    @ValueSource(strings = {"py2", "p2"})
    void readsScipyCsrMatrices(String style) {
        SparseMatrix m = assertInstanceOf(SparseMatrix.class, load(style.equals("py2") ? PickleFixtures.CSR_PY2 : PickleFixtures.CSR_P2));
        assertEquals(SparseMatrix.Format.CSR, m.format());
        assertEquals(3, m.rows());
        assertEquals(4, m.cols());
        assertEquals(3, m.nnz());
        assertArrayEquals(new long[] {0, 1, 1, 3}, m.indptr().asLongs());
        assertArrayEquals(new float[] {0, 1.5f, 0, 0, 0, 0, 0, 0, 2, 0, 0, -1}, m.toDenseFloat());
    }

    @Test
    void readsScipyCscAndCooMatrices() {
        SparseMatrix csc = assertInstanceOf(SparseMatrix.class, load(PickleFixtures.CSC_P4));
        assertEquals(SparseMatrix.Format.CSC, csc.format());
        assertArrayEquals(new float[] {0, 1, 2, 3, 0, 0}, csc.toDenseFloat());
        SparseMatrix coo = assertInstanceOf(SparseMatrix.class, load(PickleFixtures.COO_P4));
        assertEquals(SparseMatrix.Format.COO, coo.format());
        assertEquals(3, coo.nnz());
        // (0, 1) is stored twice (1 + 4): summed, as scipy's toarray() does.
        assertArrayEquals(new float[] {0, 5, 2, 0}, coo.toDenseFloat());
    }

    @ParameterizedTest
    @ValueSource(strings = {"py2", "p2"})
    void readsDefaultdictOfLists(String style) {
        Map<?, ?> d = assertInstanceOf(Map.class, load(style.equals("py2") ? PickleFixtures.DEFAULTDICT_PY2 : PickleFixtures.DEFAULTDICT_P2));
        assertEquals(List.of(0L, 1L, 2L, 300L), List.copyOf(d.keySet()));
        assertEquals(Map.of(0L, List.of(1L, 2L), 1L, List.of(0L), 2L, List.of(), 300L, List.of(70000L)), d);
    }

    @Test
    void refusesOsSystem() {
        TesseraException e = refused("cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("test.pkl: pickle refers to os.system, which is not allowed (only numpy/scipy arrays and dicts are read)",
                e.getMessage());
        // What Python itself writes for os.system on Linux.
        assertEquals("test.pkl: pickle refers to posix.system, which is not allowed (only numpy/scipy arrays and dicts are read)",
                refused(bytes(PickleFixtures.EVIL_OS_SYSTEM_P0)).getMessage());
    }

    @Test
    void refusesBuiltinsEvalThroughStackGlobal() {
        assertEquals("test.pkl: pickle refers to builtins.eval, which is not allowed (only numpy/scipy arrays and dicts are read)",
                refused(bytes(PickleFixtures.EVIL_EVAL_P4)).getMessage());
    }

    @Test
    void refusesAllowedGlobalsCalledOtherwiseThanPickleDoes() {
        // numpy.ndarray() itself is never called; only _reconstruct(ndarray, ...) is read.
        assertTrue(refused("cnumpy\nndarray\n)R.".getBytes(StandardCharsets.ISO_8859_1)).getMessage()
                .equals("test.pkl: malformed pickle at byte 16: cannot call ndarray"));
        // A bare reference to an allowed global is not a value.
        assertTrue(refused("c__builtin__\nlist\n.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("bare reference"));
    }

    @Test
    void truncatedPicklesNameTheOffset() {
        byte[] full = bytes(PickleFixtures.CSR_PY2);
        // Cut inside the last BINSTRING/SHORT_BINSTRING (the data array's bytes).
        TesseraException e = refused(Arrays.copyOf(full, full.length - 10));
        assertTrue(e.getMessage().matches("test\\.pkl: truncated pickle at byte \\d+ \\(.*; the file has " + (full.length - 10) + " bytes\\)"),
                e.getMessage());
        // Cut before STOP.
        assertEquals("test.pkl: truncated pickle at byte " + (full.length - 1) + " (pickle ends without a STOP opcode; the file has "
                + (full.length - 1) + " bytes)", refused(Arrays.copyOf(full, full.length - 1)).getMessage());
        // Cut inside a text argument.
        assertTrue(refused("(dp0\nS'abc".getBytes(StandardCharsets.ISO_8859_1)).getMessage()
                .startsWith("test.pkl: truncated pickle at byte 5 (text argument without its newline"));
    }

    @Test
    void malformedPicklesNameTheOffset() {
        assertEquals("test.pkl: malformed pickle at byte 2: unknown opcode 0xff", refused(new byte[] {(byte) 0x80, 2, (byte) 0xff}).getMessage());
        assertEquals("test.pkl: malformed pickle at byte 0: stack underflow", refused(new byte[] {'.'}).getMessage());
        assertEquals("test.pkl: malformed pickle at byte 0: memo entry 7 was never stored", refused("h\u0007.".getBytes(StandardCharsets.ISO_8859_1)).getMessage());
        assertTrue(refused("]]K\u0001s.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().endsWith("SETITEM on a list, not a dict"));
        assertTrue(refused("}]K\u0001s.".getBytes(StandardCharsets.ISO_8859_1)).getMessage().contains("unhashable dict key"));
    }

    @Test
    void arrayWhoseBytesDoNotMatchItsShapeIsRefused() {
        // Shape (3, 2) -> (4, 2): 32 bytes needed, 24 stored.
        String bad = PickleFixtures.INT32_PY2.replace("4b034b0286", "4b044b0286");
        assertEquals("test.pkl: 24 bytes for shape (4, 2) of <i4",
                refused(bytes(bad)).getMessage());
    }

    @Test
    void loadFromAFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ind.toy.graph");
        Files.write(f, bytes(PickleFixtures.DEFAULTDICT_PY2));
        assertEquals(4, ((Map<?, ?>) SafeUnpickler.load(f)).size());
        byte[] full = bytes(PickleFixtures.DEFAULTDICT_PY2);
        Files.write(f, Arrays.copyOf(full, 30));
        TesseraException e = assertThrows(TesseraException.class, () -> SafeUnpickler.load(f));
        assertTrue(e.getMessage().startsWith(f + ": truncated pickle at byte "), e.getMessage());
        assertEquals(dir.resolve("absent") + ": file not found",
                assertThrows(TesseraException.class, () -> SafeUnpickler.load(dir.resolve("absent"))).getMessage());
    }
}
