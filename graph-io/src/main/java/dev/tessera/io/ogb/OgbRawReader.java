package dev.tessera.io.ogb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.TextLines;
import dev.tessera.progress.Progress;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Reads the OGB node-property raw layout: the folders under {@code shared/data} and folders downloaded from OGB
 * (e.g. {@code ogbn_arxiv/}). Every file may be gzip-compressed ({@code NAME.gz}) or plain ({@code NAME}).
 *
 * <pre>
 * FOLDER/raw/num-node-list.csv     N                              (required)
 * FOLDER/raw/num-edge-list.csv     E = lines of edge.csv          (required)
 * FOLDER/raw/edge.csv              E lines "src,dst", ids in [0, N) (required)
 * FOLDER/raw/node-label.csv        N lines: class id, "nan" or -1 = unlabelled; integer-valued floats accepted (required)
 * FOLDER/raw/node-feat.csv         N lines of F float32 values     (optional)
 * FOLDER/raw/node-text.jsonl       N lines {"id": i, "text": ...}  (optional, read lazily; "title"/"abstract" also accepted)
 * FOLDER/split/NAME/{train,valid,test}.csv   node ids, disjoint     (optional)
 * FOLDER/mapping/labelidx2name.csv header, then "idx,name" rows    (optional; OGB's labelidx2*.csv too)
 * FOLDER/info.properties           num_nodes, num_edges, num_features, num_classes, add_inverse_edge, splits,
 *                                  default_split, task, metric, name, has_node_feat, has_node_text (optional)
 * </pre>
 *
 * <p>Facts missing from {@code info.properties} come from the {@link DatasetInfo} hints, then from defaults: the
 * name is the folder's name, {@code add_inverse_edge} is false, the default split is {@code public} if present
 * else the first split in name order, the task is binary for 2 classes, multiclass otherwise.
 *
 * <p>The graph holds the distinct directed pairs (src, dst) of {@code edge.csv}, plus (dst, src) for each when
 * {@code add_inverse_edge} is set; self-loops are kept as stored. Extra files (e.g. OGB's {@code node_year.csv})
 * are ignored. Any bad input raises a {@link TesseraException} naming the file and line.
 */
public final class OgbRawReader implements DatasetReader {
    /** The format's name, as given to {@code --format}. */
    public static final String FORMAT = "ogb";

    private static final String[] PARTS = {"train", "valid", "test"};

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean canRead(Path path) {
        return Files.isDirectory(path)
                && (TextLines.find(path.resolve(OgbFiles.RAW), OgbFiles.EDGE) != null || TextLines.find(path, OgbFiles.EDGE) != null);
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        return read(path, hints, Progress.NONE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reports one task per large file ({@code edge.csv}, {@code node-feat.csv}, {@code node-label.csv}) in bytes
     * read from disk (compressed bytes for {@code .gz}), whose steps sum to the file's size once it is read, and a
     * one-shot task {@code build graph} for sorting the edges into the CSR.
     */
    @Override
    public GraphDataset read(Path path, DatasetInfo hints, Progress progress) {
        DatasetInfo hint = hints == null ? DatasetInfo.NONE : hints;
        Layout at = Layout.locate(path);
        List<String> sources = new ArrayList<>();
        Info info = Info.read(at.root().resolve(OgbFiles.INFO), sources);

        Path nodeFile = required(at.raw(), OgbFiles.NUM_NODES, sources);
        int n = readCount(nodeFile);
        info.checkInt("num_nodes", n, nodeFile);
        Path edgeCountFile = required(at.raw(), OgbFiles.NUM_EDGES, sources);
        int e = readCount(edgeCountFile);
        info.checkInt("num_edges", e, edgeCountFile);

        Boolean inv = info.bool("add_inverse_edge");
        boolean inverse = inv != null ? inv : Boolean.TRUE.equals(hint.addInverseEdge());
        CsrGraph graph = readEdges(required(at.raw(), OgbFiles.EDGE, sources), edgeCountFile, n, e, inverse, progress);

        List<String> classNames = readMapping(at.root().resolve(OgbFiles.MAPPING), info, sources);
        Integer infoClasses = info.integer("num_classes");
        int numClasses = infoClasses != null ? infoClasses : classNames != null ? classNames.size() : -1;
        int[] labels = readLabels(required(at.raw(), OgbFiles.LABEL, sources), n, numClasses, progress);
        if (classNames == null) {
            // Unnamed classes: 0..C-1, C from info.properties or else the largest label.
            int c = numClasses >= 0 ? numClasses : Arrays.stream(labels).max().orElse(-1) + 1;
            classNames = IntStream.range(0, c).mapToObj(Integer::toString).toList();
        }

        NodeFeatures features = readFeatures(at.raw(), info, n, sources, progress);
        List<Split> splits = readSplits(at.root().resolve(OgbFiles.SPLIT), info, n, sources);
        NodeTexts texts = lazyTexts(at.raw(), info, n, sources);

        String name = firstNonNull(info.string("name"), hint.name(), at.folderName());
        Task task = firstNonNull(info.parse("task", Task::parse), hint.task());
        Metric metric = firstNonNull(info.parse("metric", Metric::parse), hint.metric());
        String defaultSplit = firstNonNull(info.string("default_split"), hint.defaultSplit());
        if (defaultSplit != null && splits.stream().noneMatch(sp -> sp.name().equals(defaultSplit))) {
            throw new TesseraException(at.root().resolve(OgbFiles.SPLIT) + ": default split '" + defaultSplit
                    + "' not found (splits: " + (splits.isEmpty() ? "none" : String.join(", ", splits.stream().map(Split::name).toList())) + ")");
        }

        return GraphDataset.builder()
                .setName(name)
                .setGraph(graph)
                .optFeatures(features)
                .optLabels(labels, classNames)
                .optSplits(splits)
                .optDefaultSplit(defaultSplit)
                .optTexts(texts)
                .optTask(task)
                .optMetric(metric)
                .optProvenance(Provenance.of(FORMAT, sources))
                .build();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Where the files are: {@code root} holds {@code split/}, {@code mapping/} and {@code info.properties};
     * {@code raw} holds {@code edge.csv} and the other node files.
     */
    private record Layout(Path root, Path raw) {
        static Layout locate(Path path) {
            if (Files.isDirectory(path.resolve(OgbFiles.RAW))) {
                return new Layout(path, path.resolve(OgbFiles.RAW));
            }
            if (TextLines.find(path, OgbFiles.EDGE) != null) {
                // Given the raw folder itself: its siblings (split/, mapping/, info.properties) belong to the parent,
                // unless this folder holds them (a flat layout).
                Path abs = path.toAbsolutePath().normalize();
                boolean flat = Files.isDirectory(path.resolve(OgbFiles.SPLIT)) || Files.exists(path.resolve(OgbFiles.INFO));
                boolean inRaw = abs.getParent() != null && abs.getFileName().toString().equals(OgbFiles.RAW);
                return new Layout(!flat && inRaw ? abs.getParent() : path, path);
            }
            if (Files.isDirectory(path)) {
                throw new TesseraException(path.resolve(OgbFiles.RAW).resolve(OgbFiles.EDGE + ".gz") + ": required file not found");
            }
            throw new TesseraException(path + ": not a folder (the OGB layout is a folder with raw/ and split/)");
        }

        /** @return the default dataset name: the root folder's name */
        String folderName() {
            Path fn = root.toAbsolutePath().normalize().getFileName();
            return fn == null ? "dataset" : fn.toString();
        }
    }

    private static NodeFeatures readFeatures(Path raw, Info info, int n, List<String> sources, Progress progress) {
        Path file = TextLines.find(raw, OgbFiles.FEAT);
        Integer infoFeatures = info.integer("num_features");
        if (file == null) {
            if (Boolean.TRUE.equals(info.bool("has_node_feat")) || (infoFeatures != null && infoFeatures > 0)) {
                required(raw, OgbFiles.FEAT, sources);
            }
            return null;
        }
        sources.add(file.toString());
        NodeFeatures features = FeatureParser.parse(file, n, progress);
        if (infoFeatures != null && infoFeatures != features.cols()) {
            throw TesseraException.at(file, 1, features.cols() + " columns, but " + info.file().getFileName()
                    + " says num_features=" + infoFeatures);
        }
        return features;
    }

    private static NodeTexts lazyTexts(Path raw, Info info, int n, List<String> sources) {
        Path file = TextLines.find(raw, OgbFiles.TEXT);
        if (file == null) {
            if (Boolean.TRUE.equals(info.bool("has_node_text"))) {
                required(raw, OgbFiles.TEXT, sources);
            }
            return null;
        }
        sources.add(file.toString());
        return NodeTexts.lazy(n, () -> readTexts(file, n));
    }

    private static Path required(Path dir, String name, List<String> sources) {
        Path p = TextLines.find(dir, name);
        if (p == null) {
            throw new TesseraException(dir.resolve(name + ".gz") + ": required file not found (nor " + name + ")");
        }
        sources.add(p.toString());
        return p;
    }

    /** Reads a one-line count file (num-node-list, num-edge-list). */
    private static int readCount(Path file) {
        try (ByteLines lines = ByteLines.open(file)) {
            if (!lines.next()) {
                throw TesseraException.at(file, 0, "empty file, expected one line holding a count");
            }
            int count;
            try {
                count = CsvFields.parseInt(lines.buffer(), lines.start(), lines.end());
            } catch (NumberFormatException ex) {
                throw lines.error(ex.getMessage());
            }
            if (count < 0) {
                throw lines.error("negative count " + count);
            }
            while (lines.next()) {
                if (!lines.lineString().isBlank()) {
                    throw lines.error("expected one line (one graph); this layout holds a single graph");
                }
            }
            return count;
        }
    }

    /** Reads E edges, adds the reverses when asked, and builds the CSR of distinct directed pairs. */
    private static CsrGraph readEdges(Path file, Path countFile, int n, int e, boolean inverse, Progress progress) {
        long total = inverse ? 2L * e : e;
        if (total > Integer.MAX_VALUE - 8) {
            throw TesseraException.at(countFile, 1, total + " directed edges exceed what one Java array holds");
        }
        int[] src = new int[(int) total];
        int[] dst = new int[(int) total];
        int i;
        try (ByteLines lines = ByteLines.open(file, progress)) {
            String tooMany = "more edge lines than the " + e + " in " + countFile.getFileName();
            i = LineBlocks.parse(lines, 0, e, tooMany, block -> parseEdges(block, file, n, src, dst));
        }
        if (i != e) {
            throw TesseraException.at(file, 0, i + " edge lines, but " + countFile.getFileName() + " says " + e);
        }
        if (inverse) {
            System.arraycopy(dst, 0, src, e, e);
            System.arraycopy(src, 0, dst, e, e);
        }
        try (Progress.Task build = progress.start("build graph", -1, "")) {
            return CsrBuilder.fromEdges(n, src, dst, null, CsrBuilder.Duplicates.DROP);
        }
    }

    /** Parses a block of {@code src,dst} lines into the edge arrays at the lines' indices. */
    private static void parseEdges(LineBlocks.Block block, Path file, int n, int[] src, int[] dst) {
        byte[] b = block.data();
        for (int k = 0; k < block.count(); k++) {
            int from = block.start(k);
            int to = block.end(k);
            long line = block.firstLine() + k;
            int c = CsvFields.indexOf(b, from, to, ',');
            if (c < 0 || CsvFields.indexOf(b, c + 1, to, ',') >= 0) {
                throw TesseraException.at(file, line, "expected 2 columns (src,dst), found " + CsvFields.columns(b, from, to));
            }
            int s;
            int d;
            try {
                s = CsvFields.parseInt(b, from, c);
                d = CsvFields.parseInt(b, c + 1, to);
            } catch (NumberFormatException ex) {
                throw TesseraException.at(file, line, ex.getMessage());
            }
            if (s < 0 || s >= n || d < 0 || d >= n) {
                throw TesseraException.at(file, line, "node id " + (s < 0 || s >= n ? s : d) + " out of range [0, " + n + ")");
            }
            src[block.firstIndex() + k] = s;
            dst[block.firstIndex() + k] = d;
        }
    }

    /** Reads N labels; {@code numClasses} &lt; 0 when unknown. */
    private static int[] readLabels(Path file, int n, int numClasses, Progress progress) {
        int[] labels = new int[n];
        int i = 0;
        try (ByteLines lines = ByteLines.open(file, progress)) {
            while (lines.next()) {
                if (i == n) {
                    throw lines.error("more rows than the " + n + " nodes");
                }
                byte[] b = lines.buffer();
                if (CsvFields.indexOf(b, lines.start(), lines.end(), ',') >= 0) {
                    throw lines.error("expected 1 column (a class id), found " + CsvFields.columns(b, lines.start(), lines.end()));
                }
                int y;
                try {
                    y = CsvFields.parseLabel(b, lines.start(), lines.end());
                } catch (NumberFormatException ex) {
                    throw lines.error(ex.getMessage());
                }
                if (y < -1 || (numClasses >= 0 && y >= numClasses)) {
                    throw lines.error("label " + y + " outside [-1, " + (numClasses >= 0 ? numClasses : "inf") + ")"
                            + (numClasses >= 0 ? " (num_classes=" + numClasses + ")" : ""));
                }
                labels[i++] = y;
            }
        }
        if (i != n) {
            throw TesseraException.at(file, 0, i + " rows, expected " + n + " (one per node)");
        }
        return labels;
    }

    /** Reads class names from {@code mapping/labelidx2name.csv} (or OGB's {@code labelidx2*.csv}); null when absent. */
    private static List<String> readMapping(Path dir, Info info, List<String> sources) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Path file = TextLines.find(dir, OgbFiles.MAPPING_FILE);
        if (file == null) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "labelidx2*.csv{,.gz}")) {
                List<Path> found = new ArrayList<>();
                ds.forEach(found::add);
                found.sort(null);
                file = found.isEmpty() ? null : found.get(0);
            } catch (IOException ex) {
                throw new TesseraException(dir + ": cannot list (" + ex.getMessage() + ")", ex);
            }
        }
        if (file == null) {
            return null;
        }
        sources.add(file.toString());
        List<String> names = new ArrayList<>();
        try (ByteLines lines = ByteLines.open(file)) {
            boolean header = lines.next();
            if (!header || CsvFields.indexOf(lines.buffer(), lines.start(), lines.end(), ',') < 0) {
                throw TesseraException.at(file, header ? 1 : 0, "expected a header line 'idx,name'");
            }
            while (lines.next()) {
                String line = lines.lineString();
                int c = line.indexOf(',');
                if (c < 0) {
                    throw lines.error("expected 2 columns (idx,name), found 1");
                }
                int idx;
                try {
                    idx = Integer.parseInt(line.substring(0, c).trim());
                } catch (NumberFormatException ex) {
                    throw lines.error("not an integer: '" + line.substring(0, c).trim() + "'");
                }
                if (idx != names.size()) {
                    throw lines.error("class index " + idx + ", expected " + names.size() + " (rows in index order)");
                }
                String nm = line.substring(c + 1).trim();
                if (nm.length() >= 2 && nm.startsWith("\"") && nm.endsWith("\"")) {
                    nm = nm.substring(1, nm.length() - 1).replace("\"\"", "\"");
                }
                names.add(nm);
            }
        }
        Integer infoClasses = info.integer("num_classes");
        if (infoClasses != null && names.size() != infoClasses) {
            throw TesseraException.at(file, 0, names.size() + " class names, but " + info.file().getFileName()
                    + " says num_classes=" + infoClasses);
        }
        return names;
    }

    private static List<Split> readSplits(Path dir, Info info, int n, List<String> sources) {
        List<String> names = new ArrayList<>();
        String listed = info.string("splits");
        if (listed != null) {
            for (String s : listed.split(",")) {
                if (!s.isBlank()) {
                    names.add(s.trim());
                }
            }
        } else if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
                ds.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException ex) {
                throw new TesseraException(dir + ": cannot list (" + ex.getMessage() + ")", ex);
            }
            names.sort(null);
        }
        List<Split> splits = new ArrayList<>();
        byte[] mark = new byte[n];
        for (String name : names) {
            Path sd = dir.resolve(name);
            int[][] parts = new int[3][];
            Path[] files = new Path[3];
            Arrays.fill(mark, (byte) 0);
            for (int p = 0; p < 3; p++) {
                files[p] = required(sd, PARTS[p] + ".csv", sources);
                parts[p] = readSplitPart(files[p], n, mark, (byte) (p + 1), name);
            }
            splits.add(new Split(name, parts[0], parts[1], parts[2]));
        }
        return splits;
    }

    private static int[] readSplitPart(Path file, int n, byte[] mark, byte part, String split) {
        IntArrayList ids = new IntArrayList();
        boolean sorted = true;
        try (ByteLines lines = ByteLines.open(file)) {
            while (lines.next()) {
                byte[] b = lines.buffer();
                if (CsvFields.indexOf(b, lines.start(), lines.end(), ',') >= 0) {
                    throw lines.error("expected 1 column (a node id), found " + CsvFields.columns(b, lines.start(), lines.end()));
                }
                int v;
                try {
                    v = CsvFields.parseInt(b, lines.start(), lines.end());
                } catch (NumberFormatException ex) {
                    throw lines.error(ex.getMessage());
                }
                if (v < 0 || v >= n) {
                    throw lines.error("node id " + v + " out of range [0, " + n + ")");
                }
                if (mark[v] == part) {
                    throw lines.error("node " + v + " appears twice in " + split + "/" + PARTS[part - 1]);
                }
                if (mark[v] != 0) {
                    throw lines.error("node " + v + " is in both " + PARTS[mark[v] - 1] + " and " + PARTS[part - 1]
                            + " of split " + split);
                }
                mark[v] = part;
                sorted &= ids.isEmpty() || ids.getInt(ids.size() - 1) < v;
                ids.add(v);
            }
        }
        int[] a = ids.toIntArray();
        if (!sorted) {
            Arrays.sort(a);
        }
        return a;
    }

    /**
     * Reads and checks the node texts: line i (0-based) must be a JSON object with {@code "id": i} and a
     * {@code "text"} string (or {@code "title"} and optional {@code "abstract"}, joined as {@code "title : abstract"}).
     */
    static List<String> readTexts(Path file, int n) {
        List<String> out = new ArrayList<>(n);
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                long i = lines.lineNumber() - 1;
                if (i >= n) {
                    throw lines.error("more lines than the " + n + " nodes");
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (JsonProcessingException ex) {
                    throw lines.error("malformed JSON (" + ex.getOriginalMessage().replace('\n', ' ') + ")");
                }
                if (node == null || !node.isObject()) {
                    throw lines.error("expected a JSON object {\"id\": " + i + ", \"text\": ...}");
                }
                JsonNode id = node.get("id");
                if (id == null || !id.isIntegralNumber()) {
                    throw lines.error("missing or non-integer \"id\"");
                }
                if (!id.canConvertToLong() || id.longValue() != i) {
                    throw lines.error("\"id\" is " + id + ", expected " + i + " (the 0-based line number)");
                }
                JsonNode text = node.get("text");
                String t;
                if (text != null) {
                    if (!text.isTextual()) {
                        throw lines.error("\"text\" is not a string");
                    }
                    t = text.textValue();
                } else {
                    JsonNode title = node.get("title");
                    if (title == null || !title.isTextual()) {
                        throw lines.error("no \"text\" (or \"title\") string");
                    }
                    JsonNode abs = node.get("abstract");
                    t = abs != null && abs.isTextual() ? title.textValue() + " : " + abs.textValue() : title.textValue();
                }
                out.add(t);
            }
        }
        if (out.size() != n) {
            throw TesseraException.at(file, 0, out.size() + " lines, expected " + n + " (one per node)");
        }
        return out;
    }

    /** {@code info.properties}, or nothing when absent; typed getters name the file and key on bad values. */
    private record Info(Path file, Properties props) {
        static Info read(Path file, List<String> sources) {
            if (!Files.isRegularFile(file)) {
                return new Info(file, null);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException ex) {
                throw new TesseraException(file + ": cannot read (" + ex.getMessage() + ")", ex);
            }
            sources.add(file.toString());
            return new Info(file, p);
        }

        String string(String key) {
            if (props == null) {
                return null;
            }
            String v = props.getProperty(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        Integer integer(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < 0) {
                    throw new NumberFormatException("negative");
                }
                return i;
            } catch (NumberFormatException ex) {
                throw TesseraException.at(file, 0, key + "=" + v + " is not a non-negative integer");
            }
        }

        Boolean bool(String key) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw TesseraException.at(file, 0, key + "=" + v + " is not true or false");
        }

        <T> T parse(String key, Function<String, T> parser) {
            String v = string(key);
            if (v == null) {
                return null;
            }
            try {
                return parser.apply(v);
            } catch (TesseraException ex) {
                throw TesseraException.at(file, 0, key + ": " + ex.getMessage());
            }
        }

        void checkInt(String key, int actual, Path actualFile) {
            Integer v = integer(key);
            if (v != null && v != actual) {
                throw TesseraException.at(file, 0, key + "=" + v + " disagrees with " + actualFile.getFileName() + " (" + actual + ")");
            }
        }
    }

    /** Jackson is loaded only when texts are read or written: its start-up is a visible part of a cold read. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
