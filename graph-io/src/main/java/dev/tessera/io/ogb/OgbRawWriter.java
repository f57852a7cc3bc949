package dev.tessera.io.ogb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import dev.tessera.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link GraphDataset} in the OGB node-property raw layout read by {@link OgbRawReader}, as the folders
 * of {@code shared/data} are written: every file gzip-compressed, UTF-8, {@code \n} line ends, no headers
 * except the mapping's {@code idx,name}.
 *
 * <ul>
 *   <li>{@code raw/edge.csv.gz}: the E stored directed edges of the CSR, row by row; {@code add_inverse_edge=false}
 *       and {@code edges_symmetric_as_stored} says whether every (u, v) has its (v, u);</li>
 *   <li>{@code raw/node-label.csv.gz}: N labels, -1 for unlabelled nodes;</li>
 *   <li>{@code raw/node-feat.csv.gz} (when F &gt; 0): each value in the shortest decimal form that parses back to
 *       the same float32, integer values without {@code .0} (so binary features read {@code 0}/{@code 1});</li>
 *   <li>{@code raw/node-text.jsonl.gz} (when the dataset has texts): {@code {"id": i, "text": "..."}} per line;</li>
 *   <li>{@code split/NAME/{train,valid,test}.csv.gz} for every split, {@code mapping/labelidx2name.csv.gz} when the
 *       class names are not just {@code 0..C-1}, and {@code info.properties}.</li>
 * </ul>
 * The folder is written atomically ({@link AtomicFiles#writeFolder}): on any failure nothing is left behind.
 */
public final class OgbRawWriter {
    private static final int BUFFER = 1 << 16;

    private OgbRawWriter() {
    }

    /**
     * Writes a new folder; refuses to overwrite an existing one.
     *
     * @param ds the dataset
     * @param outDir the folder to create
     * @throws TesseraException when {@code outDir} exists, the dataset cannot be written in this layout (e.g. a
     *     NaN feature), or writing fails; nothing is left behind
     */
    public static void write(GraphDataset ds, Path outDir) {
        write(ds, outDir, false);
    }

    /**
     * @param ds the dataset
     * @param outDir the folder to create
     * @param replace whether an existing {@code outDir} is replaced (only once the new one is complete)
     * @throws TesseraException when {@code outDir} exists and not {@code replace}, or writing fails
     */
    public static void write(GraphDataset ds, Path outDir, boolean replace) {
        AtomicFiles.writeFolder(outDir, replace, dir -> writeTo(ds, dir));
    }

    private static void writeTo(GraphDataset ds, Path dir) throws IOException {
        Path raw = dir.resolve(OgbFiles.RAW);
        Files.createDirectories(raw);
        CsrGraph g = ds.graph();
        int n = g.numNodes();
        try (Writer w = gzip(raw, OgbFiles.NUM_NODES)) {
            w.write(n + "\n");
        }
        try (Writer w = gzip(raw, OgbFiles.NUM_EDGES)) {
            w.write(g.numEdges() + "\n");
        }
        boolean symmetric = true;
        try (Writer w = gzip(raw, OgbFiles.EDGE)) {
            StringBuilder sb = new StringBuilder(64);
            for (int u = 0; u < n; u++) {
                for (long e = g.rowStart(u), end = g.rowEnd(u); e < end; e++) {
                    int v = g.target(e);
                    symmetric &= u == v || g.hasEdge(v, u);
                    sb.setLength(0);
                    sb.append(u).append(',').append(v).append('\n');
                    w.append(sb);
                }
            }
        }
        try (Writer w = gzip(raw, OgbFiles.LABEL)) {
            StringBuilder sb = new StringBuilder(16);
            for (int y : ds.labels()) {
                sb.setLength(0);
                sb.append(y).append('\n');
                w.append(sb);
            }
        }
        NodeFeatures x = ds.features();
        if (x.cols() > 0) {
            writeFeatures(x, raw);
        }
        if (ds.hasTexts()) {
            NodeTexts t = ds.texts().orElseThrow();
            try (Writer w = gzip(raw, OgbFiles.TEXT)) {
                for (int i = 0; i < n; i++) {
                    w.write("{\"id\": " + i + ", \"text\": " + jsonString(t.text(i)) + "}\n");
                }
            }
        }
        for (Split s : ds.splits().values()) {
            String name = s.name();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains(",") || name.startsWith(".")
                    || !name.strip().equals(name)) {
                throw new TesseraException("split '" + name + "': not usable as a folder name in the OGB layout");
            }
            Path sd = dir.resolve(OgbFiles.SPLIT).resolve(name);
            Files.createDirectories(sd);
            writeIds(sd, "train.csv", s.train());
            writeIds(sd, "valid.csv", s.valid());
            writeIds(sd, "test.csv", s.test());
        }
        List<String> names = ds.classNames();
        if (!plainNumbers(names)) {
            Path md = dir.resolve(OgbFiles.MAPPING);
            Files.createDirectories(md);
            try (Writer w = gzip(md, OgbFiles.MAPPING_FILE)) {
                w.write("idx,name\n");
                for (int c = 0; c < names.size(); c++) {
                    w.write(c + "," + csvName(names.get(c)) + "\n");
                }
            }
        }
        StringBuilder info = new StringBuilder();
        prop(info, "name", ds.name());
        prop(info, "num_nodes", Integer.toString(n));
        prop(info, "num_edges", Long.toString(g.numEdges()));
        prop(info, "num_features", Integer.toString(x.cols()));
        prop(info, "num_classes", Integer.toString(names.size()));
        prop(info, "edges_symmetric_as_stored", Boolean.toString(symmetric));
        prop(info, "add_inverse_edge", "false");
        prop(info, "has_node_feat", Boolean.toString(x.cols() > 0));
        prop(info, "has_node_text", Boolean.toString(ds.hasTexts()));
        prop(info, "splits", String.join(",", ds.splits().keySet()));
        if (ds.defaultSplitName() != null) {
            prop(info, "default_split", ds.defaultSplitName());
        }
        prop(info, "task", ds.task().id());
        prop(info, "metric", ds.metric().id());
        Files.writeString(dir.resolve(OgbFiles.INFO), info, StandardCharsets.UTF_8);
    }

    private static void writeFeatures(NodeFeatures x, Path raw) throws IOException {
        int cols = x.cols();
        float[] row = new float[cols];
        StringBuilder sb = new StringBuilder(cols * 4);
        try (Writer w = gzip(raw, OgbFiles.FEAT)) {
            for (int r = 0; r < x.rows(); r++) {
                x.copyRow(r, row);
                sb.setLength(0);
                for (int c = 0; c < cols; c++) {
                    if (!Float.isFinite(row[c])) {
                        throw new TesseraException("node features: row " + r + ", column " + c + " is " + row[c]
                                + "; the OGB layout holds finite values only");
                    }
                    if (c > 0) {
                        sb.append(',');
                    }
                    appendFloat(sb, row[c]);
                }
                sb.append('\n');
                w.append(sb);
            }
        }
    }

    /**
     * Appends the shortest decimal text that {@link Float#parseFloat} reads back as exactly {@code f}: integer
     * values below 10<sup>7</sup> without a fraction ({@code 0}, {@code 1}, {@code -3}), everything else as
     * {@link Float#toString(float)} (shortest since JDK 19) with a redundant {@code .0} before an exponent dropped.
     *
     * @param sb where to append
     * @param f a finite value
     */
    static void appendFloat(StringBuilder sb, float f) {
        if (f == (int) f && Math.abs(f) < 1e7f && Float.floatToRawIntBits(f) != Integer.MIN_VALUE) {
            sb.append((int) f);
            return;
        }
        String s = Float.toString(f);
        int e = s.indexOf(".0E");
        sb.append(e >= 0 ? s.substring(0, e) + s.substring(e + 2) : s);
    }

    private static void writeIds(Path dir, String name, int[] ids) throws IOException {
        try (Writer w = gzip(dir, name)) {
            StringBuilder sb = new StringBuilder(16);
            for (int v : ids) {
                sb.setLength(0);
                sb.append(v).append('\n');
                w.append(sb);
            }
        }
    }

    private static boolean plainNumbers(List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            if (!names.get(c).equals(Integer.toString(c))) {
                return false;
            }
        }
        return true;
    }

    private static String csvName(String name) {
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new TesseraException("class name '" + name.replace("\n", "\\n").replace("\r", "\\r")
                    + "': line breaks cannot be written to labelidx2name.csv");
        }
        if (name.indexOf(',') >= 0 || name.indexOf('"') >= 0 || !name.strip().equals(name)) {
            return "\"" + name.replace("\"", "\"\"") + "\"";
        }
        return name;
    }

    private static String jsonString(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }

    /** Appends {@code key=value} in {@link java.util.Properties} syntax (non-ASCII as backslash-u escapes). */
    private static void prop(StringBuilder sb, String key, String value) {
        sb.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c == ' ' && i == 0) {
                        sb.append("\\ ");
                    } else if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('\n');
    }

    private static Writer gzip(Path dir, String name) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".gz")), BUFFER), StandardCharsets.UTF_8), BUFFER);
    }

    /** Jackson is loaded only when texts are read or written: its start-up is a visible part of a cold read. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
