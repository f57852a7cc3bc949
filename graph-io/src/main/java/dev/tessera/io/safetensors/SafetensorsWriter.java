package dev.tessera.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects tensors and string metadata, then writes one safetensors file atomically (temporary file, then rename).
 *
 * <p>Tensors are laid out by element size, largest first, then by name, so that every tensor starts aligned to
 * its element size (the reference implementation sorts by dtype, descending, to the same end); the header lists
 * {@code __metadata__} first and, as the reference does, is padded with spaces to a multiple of 8 bytes. Usage:
 *
 * <pre>{@code
 * new SafetensorsWriter().addInt32("neighbors", ids, n, k).addFloat32("weights", w, n, k)
 *         .putMetadata("alpha", "0.15").write(path);
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /**
     * Adds a tensor of any type from raw little-endian bytes.
     *
     * @param tensor the tensor; its name must be new and not {@code __metadata__}
     * @return this writer
     */
    public SafetensorsWriter add(SafetensorsTensor tensor) {
        if (tensor.name().equals("__metadata__") || tensor.name().isEmpty()) {
            throw new IllegalArgumentException("invalid tensor name '" + tensor.name() + "'");
        }
        if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' added twice");
        }
        return this;
    }

    /**
     * @param name tensor name
     * @param data elements, row-major
     * @param shape dimensions; their product must equal {@code data.length}
     * @return this writer
     */
    public SafetensorsWriter addInt32(String name, int[] data, long... shape) {
        ByteBuffer b = allocate(data.length, 4);
        b.asIntBuffer().put(data);
        return add(new SafetensorsTensor(name, SafetensorsDtype.I32, shape, b));
    }

    /**
     * @param name tensor name
     * @param data elements, row-major
     * @param shape dimensions; their product must equal {@code data.length}
     * @return this writer
     */
    public SafetensorsWriter addFloat32(String name, float[] data, long... shape) {
        ByteBuffer b = allocate(data.length, 4);
        b.asFloatBuffer().put(data);
        return add(new SafetensorsTensor(name, SafetensorsDtype.F32, shape, b));
    }

    /**
     * @param name tensor name
     * @param data elements, row-major
     * @param shape dimensions; their product must equal {@code data.length}
     * @return this writer
     */
    public SafetensorsWriter addInt64(String name, long[] data, long... shape) {
        ByteBuffer b = allocate(data.length, 8);
        b.asLongBuffer().put(data);
        return add(new SafetensorsTensor(name, SafetensorsDtype.I64, shape, b));
    }

    /**
     * @param name tensor name
     * @param data elements, row-major
     * @param shape dimensions; their product must equal {@code data.length}
     * @return this writer
     */
    public SafetensorsWriter addFloat64(String name, double[] data, long... shape) {
        ByteBuffer b = allocate(data.length, 8);
        b.asDoubleBuffer().put(data);
        return add(new SafetensorsTensor(name, SafetensorsDtype.F64, shape, b));
    }

    /**
     * @param key metadata key
     * @param value metadata value (the format allows strings only)
     * @return this writer
     */
    public SafetensorsWriter putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * The header bytes as written: JSON, then spaces up to a multiple of 8 bytes.
     *
     * @return the padded header (without the 8-byte length)
     */
    public byte[] header() {
        ObjectNode root = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (SafetensorsTensor t : ordered()) {
            ObjectNode o = root.putObject(t.name());
            o.put("dtype", t.dtype().name());
            ArrayNode shape = o.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long size = t.numel() * t.dtype().byteSize();
            o.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /**
     * Writes the file atomically.
     *
     * @param file the target; replaced when it exists
     * @throws TesseraException when it cannot be written
     */
    public void write(Path file) {
        byte[] header = header();
        AtomicFiles.write(file, out -> writeTo(out, header));
    }

    /**
     * Writes the file's bytes to a stream.
     *
     * @param out the stream (not closed)
     * @throws IOException on a write error
     */
    public void writeTo(OutputStream out) throws IOException {
        writeTo(out, header());
    }

    private void writeTo(OutputStream out, byte[] header) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        out.write(len.array());
        out.write(header);
        WritableByteChannel ch = Channels.newChannel(out);
        for (SafetensorsTensor t : ordered()) {
            ByteBuffer b = t.data();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        out.flush();
    }

    private List<SafetensorsTensor> ordered() {
        List<SafetensorsTensor> list = new ArrayList<>(tensors.values());
        list.sort(Comparator.comparingInt((SafetensorsTensor t) -> -t.dtype().byteSize())
                .thenComparing(SafetensorsTensor::name));
        return list;
    }

    private static ByteBuffer allocate(int elements, int size) {
        return ByteBuffer.allocate(Math.multiplyExact(elements, size)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
