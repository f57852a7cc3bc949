package dev.tessera.io.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file read into memory and checked against the specification: the header length fits the file,
 * the header is a JSON object whose entries have a known dtype, a non-negative shape and data offsets of exactly
 * {@code numel * size} bytes, and the offsets cover the byte buffer completely without holes or overlaps.
 * Every violation is a {@link TesseraException} naming the file and the entry.
 */
public final class SafetensorsReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, SafetensorsTensor> tensors;
    private final Map<String, String> metadata;
    private final long headerLength;

    private SafetensorsReader(Map<String, SafetensorsTensor> tensors, Map<String, String> metadata, long headerLength) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.headerLength = headerLength;
    }

    /**
     * Reads and checks a whole file (at most 2 GiB).
     *
     * @param file the safetensors file
     * @return its tensors and metadata
     * @throws TesseraException when the file is missing, unreadable or malformed
     */
    public static SafetensorsReader read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw TesseraException.at(file, 0, "no such file");
        } catch (IOException | OutOfMemoryError e) {
            throw TesseraException.at(file, 0, "cannot read (" + e.getMessage() + ")");
        }
        return parse(file, bytes);
    }

    /**
     * Parses and checks a file's bytes.
     *
     * @param file the file's name, for messages
     * @param bytes the whole file
     * @return its tensors and metadata
     * @throws TesseraException when the bytes are malformed
     */
    public static SafetensorsReader parse(Object file, byte[] bytes) {
        if (bytes.length < 8) {
            throw TesseraException.at(file, 0, "truncated: " + bytes.length + " bytes, no 8-byte header length");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > bytes.length - 8L) {
            throw TesseraException.at(file, 0, "header length " + Long.toUnsignedString(n) + " does not fit a file of "
                    + bytes.length + " bytes");
        }
        String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw TesseraException.at(file, 0, "header is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw TesseraException.at(file, 0, "header is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long bufferSize = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> rangeNames = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw TesseraException.at(file, 0, "__metadata__ is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext();) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw TesseraException.at(file, 0, "__metadata__ entry '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            String where = "tensor '" + name + "'";
            if (!v.isObject()) {
                throw TesseraException.at(file, 0, where + " is not an object");
            }
            JsonNode dt = v.get("dtype");
            SafetensorsDtype dtype = dt == null || !dt.isTextual() ? null : SafetensorsDtype.parse(dt.asText()).orElse(null);
            if (dtype == null) {
                throw TesseraException.at(file, 0, where + ": unknown dtype " + dt);
            }
            long[] shape = longs(file, where, "shape", v.get("shape"), -1);
            long[] off = longs(file, where, "data_offsets", v.get("data_offsets"), 2);
            long numel;
            try {
                numel = SafetensorsTensor.numel(shape);
            } catch (ArithmeticException ex) {
                throw TesseraException.at(file, 0, where + ": shape too large");
            }
            if (off[0] > off[1] || off[1] > bufferSize) {
                throw TesseraException.at(file, 0, where + ": data_offsets [" + off[0] + ", " + off[1]
                        + "] outside the " + bufferSize + "-byte buffer");
            }
            if (off[1] - off[0] != numel * dtype.byteSize()) {
                throw TesseraException.at(file, 0, where + ": data_offsets span " + (off[1] - off[0])
                        + " bytes, shape and dtype need " + numel * dtype.byteSize());
            }
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) off[0], (int) (off[1] - off[0]));
            tensors.put(name, new SafetensorsTensor(name, dtype, shape, data));
            ranges.add(off);
            rangeNames.add(name);
        }
        // The buffer must be covered exactly: sorted by begin, each range starts where the previous ended.
        Integer[] order = new Integer[ranges.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> ranges.get(i)[0])
                .thenComparingLong(i -> ranges.get(i)[1]));
        long at = 0;
        for (int i : order) {
            long[] r = ranges.get(i);
            if (r[0] != at) {
                throw TesseraException.at(file, 0, "tensor '" + rangeNames.get(i) + "': data starts at " + r[0]
                        + ", expected " + at + " (holes and overlaps are not allowed)");
            }
            at = r[1];
        }
        if (at != bufferSize) {
            throw TesseraException.at(file, 0, "tensors cover " + at + " of the " + bufferSize + " data bytes");
        }
        return new SafetensorsReader(tensors, metadata, n);
    }

    private static long[] longs(Object file, String where, String key, JsonNode node, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw TesseraException.at(file, 0, where + ": " + key + " must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.asLong() < 0) {
                throw TesseraException.at(file, 0, where + ": " + key + " holds " + x + ", not a non-negative integer");
            }
            out[i] = x.asLong();
        }
        return out;
    }

    /** @return the tensors by name, in header order */
    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    /**
     * @param name a tensor name
     * @return the tensor
     * @throws IllegalArgumentException when there is no such tensor
     */
    public SafetensorsTensor tensor(String name) {
        SafetensorsTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' (have " + tensors.keySet() + ")");
        }
        return t;
    }

    /** @return the {@code __metadata__} entries (empty when absent) */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return N, the header length in bytes as stored (padding included) */
    public long headerLength() {
        return headerLength;
    }
}
