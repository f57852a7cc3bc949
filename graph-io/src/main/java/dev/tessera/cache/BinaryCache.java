package dev.tessera.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.AtomicFiles;
import dev.tessera.progress.Progress;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The Tessera binary dataset cache: one file holding a whole {@link GraphDataset}, written once and then
 * memory-mapped, so a large graph loads in the time it takes to check its checksums. No Java serialization,
 * no pickles: the file is a fixed prelude, a JSON header and raw little-endian arrays.
 *
 * <h2>File layout (format version 1)</h2>
 * <pre>
 * offset  size  content
 * 0       8     magic, ASCII "TSRCACHE"
 * 8       4     uint32 format version (1)
 * 12      4     uint32 CRC32C of the header bytes
 * 16      8     int64 header length H in bytes
 * 24      H     header: UTF-8 JSON (as in safetensors)
 * D       ...   data: raw sections, D = 24 + H rounded up to a multiple of 64
 * </pre>
 * All numbers are little-endian. Every section starts at a multiple of 64 bytes from D (so at a 64-byte aligned
 * file offset, since D is too), padded with zeros in between. The header is an object:
 * <pre>{@code
 * {"format": "tessera-cache", "version": 1, "byte_order": "little-endian",
 *  "dataset": {"name", "task", "metric", "class_names": [C], "num_nodes": N, "num_edges": E,
 *              "num_features": F, "weighted", "has_text", "default_split",
 *              "splits": [{"name", "train", "valid", "test"} sizes, in order],
 *              "provenance": {"sources", "reader", "transforms"}},
 *  "source": {...}   (only in files written by DatasetCache: the fingerprint of the source files),
 *  "sections": {NAME: {"dtype", "shape", "offset" (from D), "length" (bytes), "crc32c" (8 hex digits)}}}
 * }</pre>
 * Sections, in file order ({@code ?} = present only when the dataset has it):
 * <ul>
 *   <li>{@code row_pointers} int64 [N + 1]: CSR row pointers;</li>
 *   <li>{@code columns} int32 [E]: CSR column indices (edge targets);</li>
 *   <li>{@code weights?} float32 [E]: edge weights;</li>
 *   <li>{@code features} float32 [N, F]: row-major node features (length 0 when F = 0);</li>
 *   <li>{@code labels} int32 [N]: class ids, -1 for unlabelled nodes;</li>
 *   <li>{@code split_ids} int32 [S]: for each split in header order, its train, valid and test ids, concatenated
 *       (the header's sizes cut them apart);</li>
 *   <li>{@code text_offsets?} int64 [N + 1] and {@code text_data?} uint8 [B]: node i's text is the UTF-8 bytes
 *       {@code text_data[text_offsets[i], text_offsets[i + 1])}.</li>
 * </ul>
 *
 * <h2>Reading</h2>
 * {@link #read(Path)} maps the file ({@link FileChannel#map} into an automatic {@link Arena}, released when the
 * dataset is no longer reachable), verifies the header checksum and the CRC32C of every section, and wraps the
 * columns, weights and features as slices of the mapping without copying; row pointers, labels and splits are
 * copied to arrays; texts are decoded from the mapping on access. A file that fails any check throws a
 * {@link TesseraException} naming the file and the reason (never partially trusted). On a big-endian machine
 * the sections are copied with byte swapping instead of mapped.
 *
 * <h2>Writing</h2>
 * {@link #write(GraphDataset, Path)} writes through {@link AtomicFiles} (temporary file, then rename), so a
 * reader never sees half a file. Texts are limited to 2<sup>31</sup> bytes per node.
 */
public final class BinaryCache {
    /** The format version this build writes and reads. */
    public static final int VERSION = 1;
    /** Section alignment in bytes. */
    public static final int ALIGNMENT = 64;

    static final byte[] MAGIC = "TSRCACHE".getBytes(StandardCharsets.US_ASCII);
    static final int PRELUDE_BYTES = 24;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 20;
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private BinaryCache() {
    }

    /**
     * Writes a dataset as a cache file, atomically.
     *
     * @param dataset the dataset
     * @param file the cache file to (re)place
     * @throws TesseraException when the file cannot be written
     */
    public static void write(GraphDataset dataset, Path file) {
        write(dataset, file, null, Progress.NONE);
    }

    /**
     * Reads and verifies a cache file.
     *
     * @param file a file written by {@link #write(GraphDataset, Path)} or {@link DatasetCache}
     * @return the dataset, columns, weights and features mapped from the file
     * @throws TesseraException when the file is missing, truncated, corrupt or of another format version
     */
    public static GraphDataset read(Path file) {
        Mapped m = open(file);
        m.verify(Progress.NONE);
        return m.dataset();
    }

    /**
     * Writes a dataset with an optional {@code source} object (the fingerprint {@link DatasetCache} checks).
     *
     * @param dataset the dataset
     * @param file the target
     * @param source the header's {@code source} object, or {@code null}
     * @param progress reports bytes written
     */
    static void write(GraphDataset dataset, Path file, JsonNode source, Progress progress) {
        List<Section> sections = sections(dataset);
        // Pass 1: checksums, which the header (written first) must hold.
        long offset = 0;
        long total = 0;
        for (Section s : sections) {
            CRC32C crc = new CRC32C();
            try (Chunker c = new Chunker((buf, len) -> crc.update(buf, 0, len))) {
                s.emitter.emit(c);
            } catch (IOException e) {
                throw new IllegalStateException("checksum pass cannot fail on I/O", e);
            }
            s.crc = (int) crc.getValue();
            s.offset = offset;
            offset = align(offset + s.length);
            total = offset;
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("format", "tessera-cache");
        header.put("version", VERSION);
        header.put("byte_order", "little-endian");
        header.set("dataset", metadata(dataset));
        if (source != null) {
            header.set("source", source);
        }
        ObjectNode secs = header.putObject("sections");
        for (Section s : sections) {
            ObjectNode o = secs.putObject(s.name);
            o.put("dtype", s.dtype);
            ArrayNode shape = o.putArray("shape");
            for (long d : s.shape) {
                shape.add(d);
            }
            o.put("offset", s.offset);
            o.put("length", s.length);
            o.put("crc32c", String.format("%08x", s.crc));
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize cache header", e);
        }
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(headerBytes);
        long dataStart = align(PRELUDE_BYTES + headerBytes.length);
        long fileSize = dataStart + total;
        try (Progress.Task task = progress.start("write cache " + file.getFileName(), fileSize, "B")) {
            AtomicFiles.write(file, out -> {
                byte[] prelude = new byte[PRELUDE_BYTES];
                MemorySegment p = MemorySegment.ofArray(prelude);
                MemorySegment.copy(MAGIC, 0, p, ValueLayout.JAVA_BYTE, 0, MAGIC.length);
                p.set(INT_LE, 8, VERSION);
                p.set(INT_LE, 12, (int) headerCrc.getValue());
                p.set(LONG_LE, 16, headerBytes.length);
                out.write(prelude);
                out.write(headerBytes);
                out.write(new byte[(int) (dataStart - PRELUDE_BYTES - headerBytes.length)]);
                task.step(dataStart);
                for (Section s : sections) {
                    try (Chunker c = new Chunker((buf, len) -> {
                        out.write(buf, 0, len);
                        task.step(len);
                    })) {
                        s.emitter.emit(c);
                    }
                    long pad = align(s.length) - s.length;
                    out.write(new byte[(int) pad]);
                }
            });
        }
    }

    /**
     * Maps a cache file and checks its prelude, header and section bounds (not yet the section checksums).
     *
     * @param file the cache file
     * @return the mapped file
     * @throws CorruptCacheException when the file is truncated, malformed or of another version
     * @throws TesseraException when the file is missing or unreadable
     */
    static Mapped open(Path file) {
        MemorySegment seg;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < PRELUDE_BYTES) {
                throw new CorruptCacheException(file, "truncated (" + size + " bytes, shorter than the " + PRELUDE_BYTES + "-byte prelude)");
            }
            // Closing the channel keeps the mapping; the automatic arena unmaps it once nothing refers to it.
            seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
        } catch (NoSuchFileException e) {
            throw new TesseraException(file + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        long size = seg.byteSize();
        for (int i = 0; i < MAGIC.length; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw new CorruptCacheException(file, "bad magic (not a Tessera cache file)");
            }
        }
        int version = seg.get(INT_LE, 8);
        if (version != VERSION) {
            throw new CorruptCacheException(file, "format version " + version + ", this build reads version " + VERSION);
        }
        int headerCrc = seg.get(INT_LE, 12);
        long headerLength = seg.get(LONG_LE, 16);
        if (headerLength <= 0 || headerLength > size - PRELUDE_BYTES) {
            throw new CorruptCacheException(file, "truncated header (" + headerLength + " bytes declared, file has " + size + ")");
        }
        byte[] headerBytes = seg.asSlice(PRELUDE_BYTES, headerLength).toArray(ValueLayout.JAVA_BYTE);
        CRC32C crc = new CRC32C();
        crc.update(headerBytes);
        if ((int) crc.getValue() != headerCrc) {
            throw new CorruptCacheException(file, "header checksum mismatch");
        }
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes);
        } catch (IOException e) {
            throw new CorruptCacheException(file, "malformed header JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        long dataStart = align(PRELUDE_BYTES + headerLength);
        Map<String, SectionInfo> sections = new LinkedHashMap<>();
        JsonNode secs = header.path("sections");
        if (!secs.isObject()) {
            throw new CorruptCacheException(file, "header has no sections");
        }
        for (Map.Entry<String, JsonNode> e : secs.properties()) {
            JsonNode s = e.getValue();
            long offset = s.path("offset").asLong(-1);
            long length = s.path("length").asLong(-1);
            if (offset < 0 || length < 0 || offset % ALIGNMENT != 0) {
                throw new CorruptCacheException(file, "section " + e.getKey() + " has a bad offset or length");
            }
            if (dataStart + offset + length > size) {
                throw new CorruptCacheException(file, "truncated (section " + e.getKey() + " ends at byte "
                        + (dataStart + offset + length) + ", file has " + size + ")");
            }
            int sectionCrc;
            try {
                sectionCrc = Integer.parseUnsignedInt(s.path("crc32c").asText(), 16);
            } catch (NumberFormatException ex) {
                throw new CorruptCacheException(file, "section " + e.getKey() + " has no checksum");
            }
            sections.put(e.getKey(), new SectionInfo(e.getKey(), s.path("dtype").asText(), dataStart + offset, length, sectionCrc));
        }
        return new Mapped(file, seg, header, sections);
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static ObjectNode metadata(GraphDataset ds) {
        ObjectNode d = JSON.createObjectNode();
        d.put("name", ds.name());
        d.put("task", ds.task().id());
        d.put("metric", ds.metric().id());
        ArrayNode names = d.putArray("class_names");
        ds.classNames().forEach(names::add);
        d.put("num_nodes", ds.numNodes());
        d.put("num_edges", ds.graph().numEdges());
        d.put("num_features", ds.numFeatures());
        d.put("weighted", ds.graph().isWeighted());
        d.put("has_text", ds.hasTexts());
        d.put("default_split", ds.defaultSplitName());
        ArrayNode splits = d.putArray("splits");
        for (Split s : ds.splits().values()) {
            splits.addObject().put("name", s.name()).put("train", s.train().length).put("valid", s.valid().length)
                    .put("test", s.test().length);
        }
        ObjectNode p = d.putObject("provenance");
        ArrayNode src = p.putArray("sources");
        ds.provenance().sources().forEach(src::add);
        p.put("reader", ds.provenance().reader());
        ArrayNode tr = p.putArray("transforms");
        ds.provenance().transforms().forEach(tr::add);
        return d;
    }

    private static List<Section> sections(GraphDataset ds) {
        CsrGraph g = ds.graph();
        int n = ds.numNodes();
        long e = g.numEdges();
        List<Section> out = new ArrayList<>();
        long[] rowPtr = g.rowPointers();
        out.add(new Section("row_pointers", "int64", new long[] {n + 1L}, 8L * (n + 1),
                c -> c.segment(MemorySegment.ofArray(rowPtr), ValueLayout.JAVA_LONG_UNALIGNED, LONG_LE)));
        out.add(new Section("columns", "int32", new long[] {e}, 4L * e,
                c -> c.segment(g.columnSegment(), ValueLayout.JAVA_INT_UNALIGNED, INT_LE)));
        if (g.isWeighted()) {
            out.add(new Section("weights", "float32", new long[] {e}, 4L * e,
                    c -> c.segment(g.weightSegment(), ValueLayout.JAVA_FLOAT_UNALIGNED, FLOAT_LE)));
        }
        NodeFeatures x = ds.features();
        out.add(new Section("features", "float32", new long[] {n, x.cols()}, x.byteSize(),
                c -> c.segment(x.segment(), ValueLayout.JAVA_FLOAT_UNALIGNED, FLOAT_LE)));
        int[] labels = ds.labels();
        out.add(new Section("labels", "int32", new long[] {n}, 4L * n,
                c -> c.segment(MemorySegment.ofArray(labels), ValueLayout.JAVA_INT_UNALIGNED, INT_LE)));
        long splitIds = 0;
        for (Split s : ds.splits().values()) {
            splitIds += (long) s.train().length + s.valid().length + s.test().length;
        }
        out.add(new Section("split_ids", "int32", new long[] {splitIds}, 4L * splitIds, c -> {
            for (Split s : ds.splits().values()) {
                for (int[] part : new int[][] {s.train(), s.valid(), s.test()}) {
                    c.segment(MemorySegment.ofArray(part), ValueLayout.JAVA_INT_UNALIGNED, INT_LE);
                }
            }
        }));
        if (ds.hasTexts()) {
            NodeTexts texts = ds.texts().orElseThrow();
            // Encode once: the offsets need every length before the bytes are written.
            byte[][] encoded = new byte[n][];
            long[] offsets = new long[n + 1];
            for (int v = 0; v < n; v++) {
                String t = texts.text(v);
                encoded[v] = (t == null ? "" : t).getBytes(StandardCharsets.UTF_8);
                offsets[v + 1] = offsets[v] + encoded[v].length;
            }
            out.add(new Section("text_offsets", "int64", new long[] {n + 1L}, 8L * (n + 1),
                    c -> c.segment(MemorySegment.ofArray(offsets), ValueLayout.JAVA_LONG_UNALIGNED, LONG_LE)));
            out.add(new Section("text_data", "uint8", new long[] {offsets[n]}, offsets[n], c -> {
                for (byte[] b : encoded) {
                    c.segment(MemorySegment.ofArray(b), ValueLayout.JAVA_BYTE, ValueLayout.JAVA_BYTE);
                }
            }));
        }
        return out;
    }

    /** Writes a section's little-endian bytes to a {@link Chunker}. */
    @FunctionalInterface
    private interface Emitter {
        void emit(Chunker c) throws IOException;
    }

    /** Receives filled chunks. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(byte[] buf, int length) throws IOException;
    }

    /** One section to write; offset and checksum are filled by the first pass. */
    private static final class Section {
        final String name;
        final String dtype;
        final long[] shape;
        final long length;
        final Emitter emitter;
        long offset;
        int crc;

        Section(String name, String dtype, long[] shape, long length, Emitter emitter) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.length = length;
            this.emitter = emitter;
        }
    }

    /** Converts values to little-endian bytes through a 1 MiB buffer handed to a sink when full. */
    private static final class Chunker implements AutoCloseable {
        private final byte[] buf = new byte[CHUNK];
        private final MemorySegment bufSeg = MemorySegment.ofArray(buf);
        private final ChunkSink sink;
        private int pos;

        Chunker(ChunkSink sink) {
            this.sink = sink;
        }

        void segment(MemorySegment src, ValueLayout nativeLayout, ValueLayout leLayout) throws IOException {
            long size = nativeLayout.byteSize();
            long count = src.byteSize() / size;
            long done = 0;
            while (done < count) {
                int room = (int) ((CHUNK - pos) / size);
                if (room == 0) {
                    flush();
                    continue;
                }
                long k = Math.min(room, count - done);
                if (NATIVE_LE) {
                    // Same byte order: a plain bulk copy.
                    MemorySegment.copy(src, done * size, bufSeg, pos, k * size);
                } else {
                    MemorySegment.copy(src, nativeLayout, done * size, bufSeg, leLayout, pos, k);
                }
                pos += (int) (k * size);
                done += k;
            }
        }

        void flush() throws IOException {
            if (pos > 0) {
                sink.accept(buf, pos);
                pos = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Where one section lies in the mapped file. */
    record SectionInfo(String name, String dtype, long fileOffset, long length, int crc) {
    }

    /** A mapped cache file whose prelude and header have been checked. */
    static final class Mapped {
        private final Path file;
        private final MemorySegment seg;
        private final JsonNode header;
        private final Map<String, SectionInfo> sections;

        Mapped(Path file, MemorySegment seg, JsonNode header, Map<String, SectionInfo> sections) {
            this.file = file;
            this.seg = seg;
            this.header = header;
            this.sections = sections;
        }

        /** @return the header's {@code source} object (missing node when absent) */
        JsonNode source() {
            return header.path("source");
        }

        /** @return the mapped file's size in bytes */
        long byteSize() {
            return seg.byteSize();
        }

        /**
         * Checks the CRC32C of every section (hardware-accelerated; a few GB/s).
         *
         * @param progress reports bytes checked
         * @throws CorruptCacheException on a mismatch
         */
        void verify(Progress progress) {
            long total = 0;
            for (SectionInfo s : sections.values()) {
                total += s.length();
            }
            try (Progress.Task task = progress.start("verify cache " + file.getFileName(), total, "B")) {
                for (SectionInfo s : sections.values()) {
                    CRC32C crc = new CRC32C();
                    // ByteBuffers hold at most 2 GiB: checksum in slices.
                    for (long off = 0; off < s.length(); off += 1L << 30) {
                        long len = Math.min(1L << 30, s.length() - off);
                        crc.update(seg.asSlice(s.fileOffset() + off, len).asByteBuffer());
                        task.step(len);
                    }
                    if ((int) crc.getValue() != s.crc()) {
                        throw new CorruptCacheException(file, "checksum mismatch in section " + s.name());
                    }
                }
            }
        }

        /**
         * Builds the dataset over the mapping.
         *
         * @return the dataset
         * @throws CorruptCacheException when the header and sections disagree
         */
        GraphDataset dataset() {
            JsonNode d = header.path("dataset");
            try {
                int n = d.path("num_nodes").asInt(-1);
                long e = d.path("num_edges").asLong(-1);
                int f = d.path("num_features").asInt(-1);
                if (n < 0 || e < 0 || f < 0) {
                    throw new CorruptCacheException(file, "header lacks num_nodes, num_edges or num_features");
                }
                long[] rowPtr = longs("row_pointers", "int64", n + 1L);
                for (int v = 0; v < n; v++) {
                    if (rowPtr[v + 1] < rowPtr[v]) {
                        throw new CorruptCacheException(file, "row pointers decrease at node " + v);
                    }
                }
                if (rowPtr[0] != 0 || rowPtr[n] != e) {
                    throw new CorruptCacheException(file, "row pointers do not span [0, " + e + ")");
                }
                MemorySegment cols = data("columns", "int32", e, ValueLayout.JAVA_INT_UNALIGNED, INT_LE);
                MemorySegment weights = d.path("weighted").asBoolean()
                        ? data("weights", "float32", e, ValueLayout.JAVA_FLOAT_UNALIGNED, FLOAT_LE) : null;
                CsrGraph graph = CsrGraph.of(rowPtr, cols, weights);
                NodeFeatures x = f == 0 ? NodeFeatures.none(n)
                        : NodeFeatures.of(data("features", "float32", (long) n * f, ValueLayout.JAVA_FLOAT_UNALIGNED, FLOAT_LE), n, f);
                int[] labels = ints("labels", n);
                List<String> classNames = new ArrayList<>();
                d.path("class_names").forEach(c -> classNames.add(c.asText()));
                long splitTotal = 0;
                for (JsonNode s : d.path("splits")) {
                    splitTotal += s.path("train").asLong() + s.path("valid").asLong() + s.path("test").asLong();
                }
                int[] ids = ints("split_ids", splitTotal);
                GraphDataset.Builder b = GraphDataset.builder().setName(d.path("name").asText()).setGraph(graph)
                        .optFeatures(x).optLabels(labels, classNames)
                        .optTask(Task.parse(d.path("task").asText()))
                        .optMetric(Metric.parse(d.path("metric").asText()));
                int at = 0;
                for (JsonNode s : d.path("splits")) {
                    int[] train = Arrays.copyOfRange(ids, at, at += s.path("train").asInt());
                    int[] valid = Arrays.copyOfRange(ids, at, at += s.path("valid").asInt());
                    int[] test = Arrays.copyOfRange(ids, at, at += s.path("test").asInt());
                    b.optSplit(new Split(s.path("name").asText(), train, valid, test));
                }
                if (d.hasNonNull("default_split")) {
                    b.optDefaultSplit(d.path("default_split").asText());
                }
                if (d.path("has_text").asBoolean()) {
                    b.optTexts(texts(n));
                }
                JsonNode p = d.path("provenance");
                List<String> sources = new ArrayList<>();
                p.path("sources").forEach(s -> sources.add(s.asText()));
                List<String> transforms = new ArrayList<>();
                p.path("transforms").forEach(s -> transforms.add(s.asText()));
                b.optProvenance(new Provenance(sources, p.path("reader").asText(), transforms));
                return b.build();
            } catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
                throw new CorruptCacheException(file, "inconsistent content (" + ex.getMessage() + ")", ex);
            }
        }

        private SectionInfo section(String name, String dtype, long bytes) {
            SectionInfo s = sections.get(name);
            if (s == null) {
                throw new CorruptCacheException(file, "section " + name + " is missing");
            }
            if (!s.dtype().equals(dtype) || s.length() != bytes) {
                throw new CorruptCacheException(file, "section " + name + " is " + s.dtype() + " of " + s.length()
                        + " bytes, expected " + dtype + " of " + bytes);
            }
            return s;
        }

        private MemorySegment data(String name, String dtype, long count, ValueLayout nativeLayout, ValueLayout leLayout) {
            long size = nativeLayout.byteSize();
            SectionInfo s = section(name, dtype, count * size);
            MemorySegment slice = seg.asSlice(s.fileOffset(), s.length());
            if (NATIVE_LE) {
                return slice;
            }
            MemorySegment copy = Arena.ofAuto().allocate(s.length(), size);
            MemorySegment.copy(slice, leLayout, 0, copy, nativeLayout, 0, count);
            return copy;
        }

        private long[] longs(String name, String dtype, long count) {
            if (count > Integer.MAX_VALUE - 8) {
                throw new CorruptCacheException(file, "section " + name + " is too large");
            }
            SectionInfo s = section(name, dtype, count * Long.BYTES);
            return seg.asSlice(s.fileOffset(), s.length()).toArray(LONG_LE);
        }

        private int[] ints(String name, long count) {
            if (count > Integer.MAX_VALUE - 8) {
                throw new CorruptCacheException(file, "section " + name + " is too large");
            }
            SectionInfo s = section(name, "int32", count * Integer.BYTES);
            return seg.asSlice(s.fileOffset(), s.length()).toArray(INT_LE);
        }

        private NodeTexts texts(int n) {
            long[] offsets = longs("text_offsets", "int64", n + 1L);
            SectionInfo data = sections.get("text_data");
            if (data == null || offsets[0] != 0 || offsets[n] != data.length()) {
                throw new CorruptCacheException(file, "text sections disagree");
            }
            MemorySegment blob = seg.asSlice(data.fileOffset(), data.length());
            // Decoded from the mapping on access: texts can be large and are often never read.
            return new NodeTexts() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public String text(int node) {
                    long s = offsets[node];
                    byte[] b = blob.asSlice(s, offsets[node + 1] - s).toArray(ValueLayout.JAVA_BYTE);
                    return new String(b, StandardCharsets.UTF_8);
                }
            };
        }
    }
}
