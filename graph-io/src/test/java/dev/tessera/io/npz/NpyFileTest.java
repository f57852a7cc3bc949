package dev.tessera.io.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {
    private static final List<String> INT_DESCRS = List.of("|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8");

    @TempDir
    Path dir;

    /** An NPY file assembled by hand: magic, version, little-endian length, header text, data. */
    private static byte[] npy(int major, String header, byte[] data) {
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    private static NpyArray read(byte[] bytes) throws IOException {
        return NpyFile.read(new ByteArrayInputStream(bytes), "test.npy");
    }

    private static byte[] write(NpyArray a, boolean fortran) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyFile.write(out, a, fortran);
        return out.toByteArray();
    }

    private static String error(byte[] bytes) {
        return assertThrows(TesseraException.class, () -> read(bytes)).getMessage();
    }

    @Test
    void writesTheHeaderNumpyWrites() throws IOException {
        byte[] bytes = write(NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2), false);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
        // numpy pads with spaces so that the data start at a multiple of 64 (here 128), and ends with a newline.
        assertEquals(128 + 24, bytes.length);
        assertEquals(1, bytes[6]);
        assertEquals(128 - 10, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8);
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", header);
        assertEquals(1f, ByteBuffer.wrap(bytes, 128, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void integerDtypesRoundTripInBothOrdersAndByteOrders() throws IOException {
        long[] shape = {2, 3, 2};
        for (String descr : INT_DESCRS) {
            NpyDtype dtype = NpyDtype.parse(descr);
            long[] values = new long[12];
            for (int i = 0; i < values.length; i++) {
                values[i] = dtype.kind() == NpyDtype.Kind.BOOL ? i % 3 == 0 ? 1 : 0
                        : dtype.kind() == NpyDtype.Kind.INT ? (i % 2 == 0 ? -i : i) * (dtype.itemSize() == 1 ? 9 : 1000)
                        : i * (dtype.itemSize() == 1 ? 20 : 5000);
            }
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                NpyArray a = NpyArray.ofLongs(dtype, values, shape).withOrder(order);
                for (boolean fortran : new boolean[] {false, true}) {
                    NpyArray back = read(write(a, fortran));
                    assertEquals(a, back, descr + " " + order + " fortran=" + fortran);
                    assertArrayEquals(values, back.asLongs(), descr);
                    assertArrayEquals(shape, back.shape());
                }
            }
        }
    }

    @Test
    void extremeIntegerValuesRoundTrip() throws IOException {
        long[] i8 = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        assertArrayEquals(i8, read(write(NpyArray.ofLongs(i8), false)).asLongs());
        long[] u4 = {0, 4294967295L};
        assertArrayEquals(u4, read(write(NpyArray.ofLongs(NpyDtype.UINT32, u4), true)).asLongs());
        long[] i2 = {-32768, 32767};
        assertArrayEquals(i2, read(write(NpyArray.ofLongs(NpyDtype.INT16, i2).withOrder(ByteOrder.BIG_ENDIAN), false)).asLongs());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(NpyDtype.INT8, new long[] {128}));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(NpyDtype.UINT16, new long[] {-1}));
        // u8 values above Long.MAX_VALUE cannot be read as longs.
        NpyArray big = NpyArray.ofLongs(NpyDtype.UINT64, new long[] {-1});
        assertThrows(IllegalArgumentException.class, big::asLongs);
    }

    @Test
    void floatDtypesRoundTripBitForBit() throws IOException {
        float[] f = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY, 0.1f};
        double[] d = {0, -0.0, 0.1, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, 1e300};
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean fortran : new boolean[] {false, true}) {
                NpyArray fa = NpyArray.ofFloats(f, 2, 4).withOrder(order);
                NpyArray fb = read(write(fa, fortran));
                assertEquals(fa, fb);
                assertArrayEquals(f, fb.asFloats());
                NpyArray da = NpyArray.ofDoubles(d, 4, 2).withOrder(order);
                NpyArray db = read(write(da, fortran));
                assertEquals(da, db);
                assertArrayEquals(d, db.asDoubles());
            }
        }
        assertArrayEquals(new float[] {0.1f}, NpyArray.ofDoubles(new double[] {0.1}).asFloats());
    }

    @Test
    void stringDtypesRoundTrip() throws IOException {
        List<String> s = List.of("a", "", "Graph", "naïve", "\uD83D\uDE00x", "z");
        NpyArray u = NpyArray.ofStrings(s, 3, 2);
        assertEquals("<U5", u.dtype().descr());
        NpyArray b = NpyArray.ofStrings(NpyDtype.bytes(6), s, 2, 3);
        assertEquals("|S6", b.dtype().descr());
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean fortran : new boolean[] {false, true}) {
                assertEquals(s, read(write(u.withOrder(order), fortran)).asStrings());
                assertEquals(s, read(write(b.withOrder(order), fortran)).asStrings());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofStrings(NpyDtype.unicode(2), List.of("abc")));
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofStrings(List.of("a\0b")));
    }

    @Test
    void readsHandWrittenVersion1() throws IOException {
        // int16 [2, 2] = [[1, -2], [3, 256]], no padding and no newline: the reader does not insist on alignment.
        byte[] data = {1, 0, (byte) 0xfe, (byte) 0xff, 3, 0, 0, 1};
        NpyArray a = read(npy(1, "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }", data));
        assertEquals(NpyDtype.INT16, a.dtype());
        assertArrayEquals(new long[] {2, 2}, a.shape());
        assertArrayEquals(new long[] {1, -2, 3, 256}, a.asLongs());
    }

    @Test
    void readsHandWrittenVersion2And3() throws IOException {
        byte[] data = {1, 0, 1};
        NpyArray v2 = read(npy(2, "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"|b1\"}   \n", data));
        assertArrayEquals(new boolean[] {true, false, true}, v2.asBooleans());
        NpyArray v3 = read(npy(3, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }\n", data));
        assertArrayEquals(new long[] {1, 0, 1}, v3.asLongs());
        // Python 2's long literals and a 0-d scalar.
        NpyArray py2 = read(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1L, 2L), }\n", new byte[8]));
        assertArrayEquals(new long[] {1, 2}, py2.shape());
        NpyArray scalar = read(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }\n", new byte[] {7, 0, 0, 0}));
        assertEquals(0, scalar.ndim());
        assertArrayEquals(new long[] {7}, scalar.asLongs());
    }

    @Test
    void readsHandWrittenBigEndianAndFortranOrder() throws IOException {
        byte[] be = {0, 0, 0, 0, 0, 0, 1, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
        NpyArray a = read(npy(1, "{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }\n", be));
        assertArrayEquals(new long[] {258, -2}, a.asLongs());
        byte[] bf = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putFloat(2.5f).array();
        assertArrayEquals(new float[] {2.5f}, read(npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", bf)).asFloats());
        // Column-major [[1, 2, 3], [4, 5, 6]] is stored 1, 4, 2, 5, 3, 6.
        byte[] f = {1, 4, 2, 5, 3, 6};
        NpyArray m = read(npy(1, "{'descr': '|i1', 'fortran_order': True, 'shape': (2, 3), }\n", f));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, m.asLongs());
        // And back: writing in Fortran order reproduces the stored bytes.
        byte[] written = write(m, true);
        assertArrayEquals(f, java.util.Arrays.copyOfRange(written, written.length - 6, written.length));
    }

    @Test
    void writesVersion2WhenTheHeaderIsHuge() throws IOException {
        // A shape with many dimensions of 1 makes a header longer than 65535 bytes.
        long[] shape = new long[25000];
        java.util.Arrays.fill(shape, 1);
        NpyArray a = NpyArray.ofLongs(new long[] {42}, shape);
        byte[] bytes = write(a, false);
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 8) % 64, "data start at a multiple of 64");
        NpyArray back = read(bytes);
        assertEquals(a, back);
    }

    @Test
    void refusesMalformedHeaders() {
        byte[] four = new byte[4];
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False}", four)).contains("missing key 'shape'"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), 'x': 1}", four)).contains("unexpected key 'x'"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (1,)}", four)).contains("duplicate key"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': false, 'shape': (1,)}", four)).contains("expected True or False"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1)}", four)).contains("trailing comma"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (-1,)}", four)).contains("non-negative integer"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,)} x", four)).contains("after the dict"));
        assertTrue(error(npy(1, "{'descr': '<i4, 'fortran_order': False, 'shape': (1,)}", four)).contains("malformed header"));
        assertTrue(error(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,)", four)).contains("unexpected end of header"));
        assertTrue(error(npy(1, "__import__('os').system('true')", four)).contains("expected '{'"));
        assertTrue(error(npy(1, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,)}", four)).contains("structured"));
        assertTrue(error(npy(1, "{'descr': '<i4\\n', 'fortran_order': False, 'shape': (1,)}", four)).contains("escapes"));
        assertTrue(error(npy(1, "{'descr': 'i4', 'fortran_order': False, 'shape': (1,)}", four)).contains("byte order"));
        String msg = error(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", new byte[8]));
        assertTrue(msg.startsWith("test.npy: ") && msg.contains("object array") && !msg.contains("\n"), msg);
        assertTrue(error(npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,)}", four)).contains("unsupported dtype"));
        assertTrue(error(npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", new byte[8])).contains("unsupported dtype"));
    }

    @Test
    void refusesBadMagicVersionAndLengths() {
        byte[] ok = npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n", new byte[8]);
        byte[] magic = ok.clone();
        magic[1] = 'X';
        assertTrue(error(magic).contains("bad magic"));
        byte[] version = ok.clone();
        version[6] = 4;
        assertTrue(error(version).contains("version 4.0"));
        assertTrue(error(java.util.Arrays.copyOf(ok, 5)).contains("truncated NPY file"));
        assertTrue(error(java.util.Arrays.copyOf(ok, 20)).contains("truncated NPY header"));
        String truncated = error(java.util.Arrays.copyOf(ok, ok.length - 3));
        assertTrue(truncated.contains("truncated NPY data (5 of 8 bytes"), truncated);
        assertTrue(error(java.util.Arrays.copyOf(ok, ok.length + 1)).contains("unexpected bytes after"));
    }

    @Test
    void typedAccessorsRefuseOtherKinds() {
        NpyArray f = NpyArray.ofFloats(new float[] {1});
        assertThrows(IllegalArgumentException.class, f::asLongs);
        assertThrows(IllegalArgumentException.class, f::asBooleans);
        assertThrows(IllegalArgumentException.class, f::asStrings);
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofStrings(List.of("a")).asFloats());
        assertArrayEquals(new int[] {1, 0}, NpyArray.ofBooleans(new boolean[] {true, false}).asInts());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(new long[] {1L << 40}).asInts());
        assertThrows(IllegalArgumentException.class, () -> NpyArray.ofLongs(new long[] {1, 2, 3}, 2, 2));
    }

    @Test
    void writesAndReadsFilesAtomically() {
        Path file = dir.resolve("a.npy");
        NpyArray a = NpyArray.ofInts(new int[] {5, 6, 7, 8}, 2, 2);
        NpyFile.write(file, a, true);
        assertEquals(a, NpyFile.read(file));
        List<String> left = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of("a.npy"), left);
        assertFalse(assertThrows(TesseraException.class, () -> NpyFile.read(dir.resolve("none.npy"))).getMessage().isEmpty());
    }
}
