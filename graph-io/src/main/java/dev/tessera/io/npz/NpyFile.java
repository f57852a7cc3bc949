package dev.tessera.io.npz;

import dev.tessera.TesseraException;
import dev.tessera.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code .npy} byte format (NumPy's {@code numpy.lib.format}): the magic {@code \x93NUMPY}, a major and minor
 * version byte, the header length (uint16 little-endian in version 1.0, uint32 in 2.0 and 3.0), the header dict
 * ({@link NpyHeader}; latin-1 in 1.x/2.x, UTF-8 in 3.0) padded with spaces and ended by a newline, then the
 * elements, C or Fortran order.
 *
 * <p>Reading accepts versions 1.0, 2.0 and 3.0 and any padding, turns Fortran-order data into C order, and requires
 * the stream to end right after the data. Writing produces what {@code numpy.save} does: version 1.0 (2.0 when the
 * header exceeds 65535 bytes), the header padded so that the data start at a multiple of 64 bytes.
 */
public final class NpyFile {
    /** The 6-byte magic string. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy's {@code ARRAY_ALIGN}: data start at a multiple of this. */
    private static final int ALIGN = 64;
    /** Headers longer than this are refused (numpy's default limit is 10000). */
    private static final int MAX_HEADER = 1 << 20;

    private NpyFile() {
    }

    /**
     * Reads one array from a stream that holds exactly one {@code .npy} file.
     *
     * @param in the stream, positioned at the magic; read to its end
     * @param source names the input in error messages (a file, or {@code archive[member]})
     * @return the array, in C order
     * @throws TesseraException on a malformed or truncated file, naming {@code source}
     * @throws IOException when the stream fails
     */
    public static NpyArray read(InputStream in, String source) throws IOException {
        byte[] lead = in.readNBytes(8);
        if (lead.length < 8) {
            throw TesseraException.at(source, 0, "truncated NPY file (" + lead.length + " bytes, no header)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (lead[i] != MAGIC[i]) {
                throw TesseraException.at(source, 0, "not an NPY file (bad magic)");
            }
        }
        int major = lead[6] & 0xff;
        int minor = lead[7] & 0xff;
        if ((major != 1 && major != 2 && major != 3) || minor != 0) {
            throw TesseraException.at(source, 0, "unsupported NPY format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        byte[] len = in.readNBytes(major == 1 ? 2 : 4);
        if (len.length < (major == 1 ? 2 : 4)) {
            throw TesseraException.at(source, 0, "truncated NPY header");
        }
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? Short.toUnsignedInt(lb.getShort()) : Integer.toUnsignedLong(lb.getInt());
        if (headerLength > MAX_HEADER) {
            throw TesseraException.at(source, 0, "NPY header of " + headerLength + " bytes is implausibly long");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw TesseraException.at(source, 0, "truncated NPY header (" + headerBytes.length + " of " + headerLength + " bytes)");
        }
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(headerBytes)).toString();
            } catch (CharacterCodingException e) {
                throw TesseraException.at(source, 0, "NPY 3.0 header is not valid UTF-8");
            }
        } else {
            text = new String(headerBytes, StandardCharsets.ISO_8859_1);
        }
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw TesseraException.at(source, 0, e.getMessage());
        }
        long[] shape = header.shape();
        long bytes;
        try {
            bytes = Math.multiplyExact(NpyArray.sizeOf(shape), (long) header.dtype().itemSize());
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw TesseraException.at(source, 0, "array " + NpyArray.shapeString(shape) + " of " + header.dtype().descr()
                    + " exceeds 2 GiB, more than this reader holds in one array");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw TesseraException.at(source, 0, "truncated NPY data (" + data.length + " of " + bytes + " bytes for shape "
                    + NpyArray.shapeString(shape) + " of " + header.dtype().descr() + ")");
        }
        if (in.read() != -1) {
            throw TesseraException.at(source, 0, "unexpected bytes after the NPY data (shape " + NpyArray.shapeString(shape)
                    + " of " + header.dtype().descr() + " needs " + bytes + " bytes)");
        }
        if (header.fortranOrder()) {
            data = reorder(data, shape, header.dtype().itemSize(), true);
        }
        return NpyArray.of(header.dtype(), shape, data);
    }

    /**
     * @param file an {@code .npy} file
     * @return its array
     * @throws TesseraException when the file is missing, unreadable or malformed
     */
    public static NpyArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new TesseraException(file + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes one array as numpy does, in C order.
     *
     * @param out the stream
     * @param array the array
     * @throws IOException on a write error
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        write(out, array, false);
    }

    /**
     * Writes one array as numpy does.
     *
     * @param out the stream
     * @param array the array
     * @param fortranOrder whether to store the elements column-major ({@code fortran_order: True})
     * @throws IOException on a write error
     */
    public static void write(OutputStream out, NpyArray array, boolean fortranOrder) throws IOException {
        out.write(headerBytes(new NpyHeader(array.dtype(), fortranOrder, array.shape())));
        byte[] data = array.rawBytes();
        out.write(fortranOrder ? reorder(data, array.shape(), array.dtype().itemSize(), false) : data);
    }

    /**
     * Writes an {@code .npy} file atomically.
     *
     * @param file the target
     * @param array the array
     * @param fortranOrder whether to store the elements column-major
     * @throws TesseraException when writing fails
     */
    public static void write(Path file, NpyArray array, boolean fortranOrder) {
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw);
            write(out, array, fortranOrder);
            out.flush();
        });
    }

    /**
     * @param header the header
     * @return magic, version, length and padded header, as {@code numpy.lib.format} writes them
     */
    static byte[] headerBytes(NpyHeader header) {
        byte[] dict = header.format().getBytes(StandardCharsets.ISO_8859_1);
        int hlen = dict.length + 1; // the closing newline
        // As numpy: version 1.0 unless the padded header overflows its uint16 length field.
        boolean v1 = hlen + ALIGN - ((8 + 2 + hlen) % ALIGN) <= 0xffff;
        int lenField = v1 ? 2 : 4;
        int pad = ALIGN - ((8 + lenField + hlen) % ALIGN);
        int total = dict.length + pad + 1;
        ByteBuffer b = ByteBuffer.allocate(8 + lenField + total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        if (v1) {
            b.putShort((short) total);
        } else {
            b.putInt(total);
        }
        b.put(dict);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /**
     * Converts between Fortran (column-major) and C (row-major) element order.
     *
     * @param src the elements in the source order
     * @param shape the array's shape
     * @param item bytes per element
     * @param fortranToC true to turn Fortran order into C order, false for the reverse
     * @return the elements in the other order
     */
    static byte[] reorder(byte[] src, long[] shape, int item, boolean fortranToC) {
        int nd = shape.length;
        long n = NpyArray.sizeOf(shape);
        if (nd <= 1 || n <= 1) {
            return src;
        }
        long[] fStride = new long[nd];
        fStride[0] = 1;
        for (int k = 1; k < nd; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        byte[] dst = new byte[src.length];
        long[] idx = new long[nd];
        long f = 0;
        for (long c = 0; c < n; c++) {
            int from = (int) ((fortranToC ? f : c) * item);
            int to = (int) ((fortranToC ? c : f) * item);
            System.arraycopy(src, from, dst, to, item);
            // Advance the C-order multi-index (last axis fastest) and keep the Fortran offset in step.
            for (int k = nd - 1; k >= 0; k--) {
                idx[k]++;
                f += fStride[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                f -= idx[k] * fStride[k];
                idx[k] = 0;
            }
        }
        return dst;
    }
}
