package dev.tessera.io.edgelist;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Provenance;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.TextLines;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a plain edge list (format {@code edgelist}): one edge {@code SRC DST [WEIGHT]} per line, 0-based integer
 * node ids, in a file named {@code *.csv}, {@code *.tsv}, {@code *.txt}, {@code *.edges} or {@code *.el},
 * optionally gzip-compressed ({@code *.gz}).
 *
 * <p>Layout rules:
 * <ul>
 *   <li>Lines starting with {@code #} or {@code %} are comments; blank lines are skipped.</li>
 *   <li>The delimiter (comma, tab, or runs of whitespace) is detected from the first data line and enforced on
 *       every later line, as is its column count: 2 (unweighted) or 3 (weighted; weights must be finite).</li>
 *   <li>The first non-comment line is a header, and skipped, when its first field is not a number.</li>
 *   <li>N = (largest id) + 1, unless {@link Builder#optNumNodes(int)} gives N, in which case every id must lie
 *       below it.</li>
 *   <li>The graph is directed as written; {@link Builder#optUndirected(boolean)} (or the registry hint
 *       {@code addInverseEdge}) adds the reverse of every edge. The CSR stores each distinct (source, target)
 *       pair once ({@link CsrBuilder.Duplicates#DROP}): the weight kept is that of the first line listing the
 *       pair in that direction; a reverse added by the undirected option only counts when no line lists it.</li>
 * </ul>
 *
 * <p>Optional sidecars beside the edge file {@code STEM.EXT[.gz]} (or given through the builder):
 * <ul>
 *   <li>{@code STEM.features.EXT[.gz]}: N rows of F numbers (row i = node i), same delimiter rules, optional
 *       header; values must be finite and rows equally long.</li>
 *   <li>{@code STEM.labels.EXT[.gz]}: either one label per line (line i = node i; {@code -1} or an empty line
 *       means unlabelled; exactly N lines) or {@code node,label} pairs (unlisted nodes and {@code -1} or empty
 *       labels are unlabelled), told apart by the first data line's column count; optional header.</li>
 * </ul>
 * A sidecar's extension may be any of the edge-file extensions; the edge file's own is tried first.
 *
 * <p>Edge lists carry no splits: the dataset has none (callers make their own, e.g. random splits). Task and
 * metric come from the hints, else the {@link GraphDataset} defaults.
 *
 * <pre>{@code
 * GraphDataset ds = EdgeListReader.builder().optUndirected(true).optNumNodes(100).build()
 *         .read(Path.of("graph.tsv"), DatasetInfo.NONE);
 * }</pre>
 */
public final class EdgeListReader implements DatasetReader {
    /** The extensions an edge file (and its sidecars) may have, before an optional {@code .gz}. */
    public static final List<String> EXTENSIONS = List.of("csv", "tsv", "txt", "edges", "el");

    private final Path features;
    private final Path labels;
    private final boolean undirected;
    private final int numNodes;

    /** A reader with default options: sidecars found by name, directed, N inferred. */
    public EdgeListReader() {
        this(new Builder());
    }

    private EdgeListReader(Builder b) {
        this.features = b.features;
        this.labels = b.labels;
        this.undirected = b.undirected;
        this.numNodes = b.numNodes;
    }

    /** @return a builder for a reader with options */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String format() {
        return "edgelist";
    }

    /** Recognizes a regular file with an edge-list extension that is not itself a features or labels sidecar. */
    @Override
    public boolean canRead(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String[] parts = splitName(name);
        return parts != null && !parts[0].endsWith(".features") && !parts[0].endsWith(".labels");
    }

    /** @return {stem, ext, gz suffix} of an edge-list file name, or {@code null} when the extension is not one */
    private static String[] splitName(String name) {
        String gz = "";
        if (name.endsWith(".gz")) {
            gz = ".gz";
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return EXTENSIONS.contains(ext) ? new String[] {name.substring(0, dot), ext, gz} : null;
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        if (!Files.isRegularFile(path)) {
            throw new TesseraException(path + (Files.isDirectory(path) ? ": is a folder, not an edge-list file" : ": file not found"));
        }
        String[] parts = splitName(path.getFileName().toString());
        String stem = parts == null ? path.getFileName().toString() : parts[0];
        Path featurePath = features != null ? features : sidecar(path, parts, "features");
        Path labelPath = labels != null ? labels : sidecar(path, parts, "labels");
        boolean addReverse = undirected || Boolean.TRUE.equals(hints.addInverseEdge());

        CsrGraph graph = readEdges(path, numNodes, addReverse);
        int n = graph.numNodes();
        GraphDataset.Builder b = GraphDataset.builder()
                .setName(hints.name() != null ? hints.name() : stem)
                .setGraph(graph)
                .optTask(hints.task())
                .optMetric(hints.metric());
        List<String> sources = new ArrayList<>();
        sources.add(path.toString());
        if (featurePath != null) {
            b.optFeatures(readFeatures(featurePath, n));
            sources.add(featurePath.toString());
        }
        if (labelPath != null) {
            b.optLabels(readLabels(labelPath, n), null);
            sources.add(labelPath.toString());
        }
        return b.optProvenance(Provenance.of(format(), sources)).build();
    }

    private static Path sidecar(Path edgeFile, String[] parts, String kind) {
        if (parts == null) {
            return null;
        }
        Path dir = edgeFile.toAbsolutePath().getParent();
        List<String> exts = new ArrayList<>();
        exts.add(parts[1]);
        for (String e : EXTENSIONS) {
            if (!e.equals(parts[1])) {
                exts.add(e);
            }
        }
        for (String ext : exts) {
            Path p = TextLines.find(dir, parts[0] + "." + kind + "." + ext);
            if (p != null) {
                // Keep the path as the caller spelled the edge file's, so messages name it the same way.
                return edgeFile.resolveSibling(p.getFileName());
            }
        }
        return null;
    }

    /**
     * Reads the edges into a CSR graph.
     *
     * @param path the edge file
     * @param givenNodes N, or -1 to infer it as (largest id) + 1
     * @param addReverse whether to add each edge's reverse
     * @return the graph, rows sorted, one edge per distinct pair
     */
    static CsrGraph readEdges(Path path, int givenNodes, boolean addReverse) {
        IntArrayList src = new IntArrayList();
        IntArrayList dst = new IntArrayList();
        FloatArrayList weight = null;
        int columns = 0;
        int maxId = -1;
        Fields f = new Fields();
        try (TextLines in = TextLines.open(path)) {
            DataLines lines = new DataLines(in);
            for (String line; (line = lines.next()) != null; ) {
                int c = f.split(line);
                if (columns == 0) {
                    if (c != 2 && c != 3) {
                        throw in.error("expected 2 or 3 " + f.delimiter() + "-separated columns (source, target[, weight]), found " + c);
                    }
                    columns = c;
                    if (c == 3) {
                        weight = new FloatArrayList();
                    }
                } else if (c != columns) {
                    throw in.error("expected " + columns + " " + f.delimiter() + "-separated columns like the first edge line, found " + c);
                }
                int u = f.nonNegativeInt(0, "node id", in);
                int v = f.nonNegativeInt(1, "node id", in);
                if (givenNodes >= 0 && (u >= givenNodes || v >= givenNodes)) {
                    throw in.error("node id " + Math.max(u, v) + " out of range for " + givenNodes + " nodes");
                }
                if (u == Integer.MAX_VALUE || v == Integer.MAX_VALUE) {
                    throw in.error("node id " + Integer.MAX_VALUE + " is too large (at most " + (Integer.MAX_VALUE - 1) + ")");
                }
                src.add(u);
                dst.add(v);
                if (weight != null) {
                    weight.add(f.finiteFloat(2, "weight", in));
                }
                maxId = Math.max(maxId, Math.max(u, v));
            }
        }
        int n = givenNodes >= 0 ? givenNodes : maxId + 1;
        int e = src.size();
        int[] s = src.elements();
        int[] d = dst.elements();
        float[] w = weight == null ? null : weight.elements();
        if (addReverse) {
            // Reverses go after every listed edge, so a listed direction's weight wins over an added reverse.
            s = Arrays.copyOf(s, 2 * e);
            d = Arrays.copyOf(d, 2 * e);
            System.arraycopy(dst.elements(), 0, s, e, e);
            System.arraycopy(src.elements(), 0, d, e, e);
            if (w != null) {
                w = Arrays.copyOf(w, 2 * e);
                System.arraycopy(w, 0, w, e, e);
            }
            e *= 2;
        } else if (s.length != e) {
            s = Arrays.copyOf(s, e);
            d = Arrays.copyOf(d, e);
            w = w == null ? null : Arrays.copyOf(w, e);
        }
        return CsrBuilder.fromEdges(n, s, d, w, CsrBuilder.Duplicates.DROP);
    }

    /**
     * Reads a feature matrix: N rows of F numbers.
     *
     * @param path the feature file
     * @param n N, the number of rows required
     * @return the features [N, F]
     */
    static NodeFeatures readFeatures(Path path, int n) {
        FloatArrayList values = new FloatArrayList();
        int cols = -1;
        int rows = 0;
        Fields f = new Fields();
        try (TextLines in = TextLines.open(path)) {
            DataLines lines = new DataLines(in);
            for (String line; (line = lines.next()) != null; ) {
                int c = f.split(line);
                if (cols < 0) {
                    cols = c;
                } else if (c != cols) {
                    throw in.error("ragged feature rows: expected " + cols + " " + f.delimiter() + "-separated values like the first row, found " + c);
                }
                if (rows == n) {
                    throw in.error("more feature rows than the graph's " + n + " nodes");
                }
                for (int i = 0; i < c; i++) {
                    values.add(f.finiteFloat(i, "feature value", in));
                }
                rows++;
            }
            if (rows != n) {
                throw TesseraException.at(path, in.lineNumber(), "has " + rows + " feature rows, the graph has " + n + " nodes");
            }
        }
        float[] data = values.size() == values.elements().length ? values.elements() : values.toFloatArray();
        return NodeFeatures.of(data, n, Math.max(cols, 0));
    }

    /**
     * Reads labels, one per line or as {@code node,label} pairs.
     *
     * @param path the label file
     * @param n N
     * @return labels [N], -1 for unlabelled nodes
     */
    static int[] readLabels(Path path, int n) {
        int[] labels = new int[n];
        Arrays.fill(labels, GraphDataset.UNLABELLED);
        Fields f = new Fields();
        // Mode: 0 undecided, 1 one label per line, 2 node,label pairs.
        int mode = 0;
        int leadingBlanks = 0;
        boolean headerDone = false;
        int next = 0;
        boolean[] seen = null;
        try (TextLines in = TextLines.open(path)) {
            for (String line; (line = in.next()) != null; ) {
                if (Fields.isComment(line)) {
                    continue;
                }
                boolean blank = line.isBlank();
                if (mode == 0) {
                    if (blank) {
                        leadingBlanks++;
                        continue;
                    }
                    int c = f.split(line);
                    if (!headerDone && !f.isEmpty(0) && !f.isNumber(0)) {
                        // A header: blank lines before it are not nodes, and its delimiter need not be the data's.
                        headerDone = true;
                        leadingBlanks = 0;
                        f = new Fields();
                        continue;
                    }
                    headerDone = true;
                    if (c == 2) {
                        mode = 2;
                        seen = new boolean[n];
                    } else if (c == 1) {
                        mode = 1;
                        for (int i = 0; i < leadingBlanks; i++) {
                            next = store(labels, next, GraphDataset.UNLABELLED, n, in);
                        }
                    } else {
                        throw in.error("expected one label per line or node,label pairs, found " + c + " " + f.delimiter() + "-separated columns");
                    }
                }
                if (mode == 1) {
                    if (blank) {
                        next = store(labels, next, GraphDataset.UNLABELLED, n, in);
                        continue;
                    }
                    int c = f.split(line);
                    if (c != 1) {
                        throw in.error("expected one label per line like the first, found " + c + " " + f.delimiter() + "-separated columns");
                    }
                    next = store(labels, next, label(f, 0, in), n, in);
                } else {
                    if (blank) {
                        continue;
                    }
                    int c = f.split(line);
                    if (c != 2) {
                        throw in.error("expected 2 " + f.delimiter() + "-separated columns (node, label) like the first label line, found " + c);
                    }
                    int v = f.nonNegativeInt(0, "node id", in);
                    if (v >= n) {
                        throw in.error("node id " + v + " out of range for " + n + " nodes");
                    }
                    if (seen[v]) {
                        throw in.error("node " + v + " is labelled twice");
                    }
                    seen[v] = true;
                    labels[v] = label(f, 1, in);
                }
            }
            if (mode == 1 && next != n) {
                throw TesseraException.at(path, in.lineNumber(), "has " + next + " label rows, the graph has " + n + " nodes");
            }
            if (mode == 0 && n > 0) {
                throw TesseraException.at(path, in.lineNumber(), "has no labels, the graph has " + n + " nodes");
            }
        }
        return labels;
    }

    private static int store(int[] labels, int next, int label, int n, TextLines in) {
        if (next >= n) {
            throw in.error("more label rows than the graph's " + n + " nodes");
        }
        labels[next] = label;
        return next + 1;
    }

    private static int label(Fields f, int i, TextLines in) {
        if (f.isEmpty(i)) {
            return GraphDataset.UNLABELLED;
        }
        String t = f.text(i);
        int y;
        try {
            y = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw in.error("non-numeric label '" + t + "' (labels are class ids 0, 1, ... or -1 for none)");
        }
        if (y < GraphDataset.UNLABELLED) {
            throw in.error("negative label " + y + " (only -1, for unlabelled, may be negative)");
        }
        return y;
    }

    /** Builder for a reader with options; every option is optional. */
    public static final class Builder {
        private Path features;
        private Path labels;
        private boolean undirected;
        private int numNodes = -1;

        private Builder() {
        }

        /**
         * @param path the feature file (default: the {@code STEM.features.EXT} sidecar, if any)
         * @return this builder
         */
        public Builder optFeatures(Path path) {
            this.features = path;
            return this;
        }

        /**
         * @param path the label file (default: the {@code STEM.labels.EXT} sidecar, if any)
         * @return this builder
         */
        public Builder optLabels(Path path) {
            this.labels = path;
            return this;
        }

        /**
         * @param undirected whether to add the reverse of every edge (default false)
         * @return this builder
         */
        public Builder optUndirected(boolean undirected) {
            this.undirected = undirected;
            return this;
        }

        /**
         * @param n N, the number of nodes; ids must lie in {@code [0, n)} (default: largest id + 1)
         * @return this builder
         */
        public Builder optNumNodes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative node count " + n);
            }
            this.numNodes = n;
            return this;
        }

        /** @return the reader */
        public EdgeListReader build() {
            return new EdgeListReader(this);
        }
    }
}
