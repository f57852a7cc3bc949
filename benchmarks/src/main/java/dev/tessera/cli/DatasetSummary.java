package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cache.DatasetCache;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.Sizes;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.cli.output.TextTable;
import dev.tessera.graph.GraphDataset;
import dev.tessera.stats.DatasetStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset's {@link DatasetStats} as the command line shows them: aligned text tables for people, one JSON
 * object for programs. Shared by {@code data info} and {@code quickstart}.
 *
 * <p>JSON fields: {@code name}, {@code path}, {@code format} (of the path read),
 * {@code source_format} (the format first read, before any conversion to a cache file), {@code sources} (every file read), {@code transforms}, {@code nodes}, {@code edges} (stored directed
 * edges), {@code self_loops}, {@code isolated_nodes}, {@code features}, {@code classes} (C),
 * {@code class_names} [C], {@code class_sizes} [C], {@code unlabelled}, {@code splits}
 * ({@code {NAME: {"train": n, "valid": n, "test": n}}}), {@code default_split}, {@code has_text},
 * {@code edge_homophily} (null when undefined), {@code degree} and {@code in_degree}
 * ({@code {min, max, mean, median}}), {@code memory_bytes} (total) and {@code memory}
 * ({@code {graph, features, labels, splits}}), {@code task}, {@code metric}, {@code cache}
 * ({@code {status: hit|miss|stale|corrupt|disabled, file}}).
 */
final class DatasetSummary {
    private final DatasetStats stats;
    private final Path path;
    private final String format;
    private final DatasetCache.Result cache;

    /**
     * @param loaded the dataset and what the cache did
     * @param where where the dataset was read from, and in which format
     */
    DatasetSummary(DatasetCache.Result loaded, DatasetLoader.Location where) {
        this.stats = DatasetStats.of(loaded.dataset());
        this.path = where.path();
        this.format = where.reader().format();
        this.cache = loaded;
    }

    /**
     * Finds a dataset, loads it (through the loader's cache) and summarizes it.
     *
     * @param loader the loader configured by the command's options
     * @param nameOrPath a dataset name or path, as the user typed it
     * @return the summary
     * @throws dev.tessera.TesseraException when the dataset cannot be found or read
     */
    static DatasetSummary load(DatasetLoader loader, String nameOrPath) {
        DatasetLoader.Location where = loader.locate(nameOrPath);
        return new DatasetSummary(loader.loadWithStatus(where), where);
    }

    /** @return the file or folder the dataset was read from */
    Path path() {
        return path;
    }

    /** @return the JSON object */
    ObjectNode json() {
        GraphDataset ds = stats.dataset();
        ObjectNode o = Json.object();
        o.put("name", ds.name());
        o.put("path", path.toString());
        o.put("format", format);
        // The format the data was first read from (differs from format for a cache file).
        o.put("source_format", ds.provenance().reader());
        ArrayNode sources = o.putArray("sources");
        ds.provenance().sources().forEach(sources::add);
        ArrayNode transforms = o.putArray("transforms");
        ds.provenance().transforms().forEach(transforms::add);
        o.put("nodes", stats.nodes());
        o.put("edges", stats.edges());
        o.put("self_loops", stats.selfLoops());
        o.put("isolated_nodes", stats.isolatedNodes());
        o.put("features", stats.features());
        o.put("classes", stats.classes());
        o.put("classes_present", stats.classesPresent());
        ArrayNode names = o.putArray("class_names");
        ds.classNames().forEach(names::add);
        ArrayNode sizes = o.putArray("class_sizes");
        for (long s : stats.classSizes()) {
            sizes.add(s);
        }
        o.put("unlabelled", stats.unlabelled());
        ObjectNode splits = o.putObject("splits");
        stats.splits().forEach((name, s) -> splits.putObject(name).put("train", s.train()).put("valid", s.valid())
                .put("test", s.test()));
        o.put("default_split", ds.defaultSplitName());
        o.put("has_text", stats.hasText());
        Json.putNumber(o, "edge_homophily", stats.edgeHomophily());
        degrees(o.putObject("degree"), stats.outDegree());
        degrees(o.putObject("in_degree"), stats.inDegree());
        DatasetStats.Memory m = stats.memory();
        o.put("memory_bytes", m.total());
        o.putObject("memory").put("graph", m.graph()).put("features", m.features()).put("labels", m.labels())
                .put("splits", m.splits());
        o.put("task", ds.task().id());
        o.put("metric", ds.metric().id());
        o.putObject("cache").put("status", cache.status().name().toLowerCase(Locale.ROOT))
                .put("file", cache.file() == null ? null : cache.file().toString());
        return o;
    }

    private static void degrees(ObjectNode o, DatasetStats.Degrees d) {
        o.put("min", d.min()).put("max", d.max()).put("mean", d.mean()).put("median", d.median());
    }

    /**
     * Prints a key/value summary, then the classes and the splits as tables.
     *
     * @param out stdout
     */
    void print(PrintWriter out) {
        GraphDataset ds = stats.dataset();
        DatasetStats.Memory m = stats.memory();
        DatasetStats.Degrees outDeg = stats.outDegree();
        DatasetStats.Degrees inDeg = stats.inDegree();
        TextTable summary = new TextTable()
                .row("name", ds.name())
                .row("path", path)
                .row("format", format.equals(ds.provenance().reader()) ? format
                        : format + " (converted from " + ds.provenance().reader() + ")")
                .row("task", ds.task().id() + ", metric " + ds.metric().id())
                .row("nodes", stats.nodes())
                .row("edges", stats.edges() + " stored directed")
                .row("self-loops", stats.selfLoops())
                .row("isolated nodes", stats.isolatedNodes())
                .row("out-degree", degreeText(outDeg))
                .row("in-degree", degreeText(inDeg))
                .row("features", stats.features() == 0 ? "none" : Integer.toString(stats.features()))
                .row("classes", stats.classesPresent() == stats.classes() ? Integer.toString(stats.classes())
                        : stats.classes() + " (" + stats.classesPresent() + " with nodes)")
                .row("unlabelled nodes", stats.unlabelled())
                .row("edge homophily", Double.isNaN(stats.edgeHomophily()) ? "n/a (no edge joins two labelled nodes)"
                        : String.format(Locale.ROOT, "%.4f", stats.edgeHomophily()))
                .row("node texts", stats.hasText() ? "yes" : "no")
                .row("memory", Sizes.bytes(m.total()) + " (graph " + Sizes.bytes(m.graph()) + ", features " + Sizes.bytes(m.features())
                        + ", labels " + Sizes.bytes(m.labels()) + ", splits " + Sizes.bytes(m.splits()) + ")");
        if (!ds.provenance().transforms().isEmpty()) {
            summary.row("transforms", String.join(", ", ds.provenance().transforms()));
        }
        summary.row("cache", cache.status().name().toLowerCase(Locale.ROOT)
                + (cache.file() == null ? "" : " (" + cache.file() + ")")
                + (cache.reason() == null ? "" : ": " + cache.reason()));
        summary.print(out);
        if (stats.classes() > 0) {
            out.println();
            TextTable classes = new TextTable("class", "name", "nodes", "share");
            long[] sizes = stats.classSizes();
            List<String> names = ds.classNames();
            for (int c = 0; c < sizes.length; c++) {
                classes.row(c, names.get(c), sizes[c], percent(sizes[c], stats.nodes()));
            }
            classes.print(out);
        }
        Map<String, DatasetStats.SplitSizes> splits = stats.splits();
        if (!splits.isEmpty()) {
            out.println();
            TextTable t = new TextTable("split", "train", "valid", "test", "");
            splits.forEach((name, s) -> t.row(name, s.train(), s.valid(), s.test(),
                    name.equals(ds.defaultSplitName()) ? "(default)" : ""));
            t.print(out);
        }
        out.flush();
    }

    private static String degreeText(DatasetStats.Degrees d) {
        return String.format(Locale.ROOT, "min %d, max %d, mean %.2f, median %s", d.min(), d.max(), d.mean(),
                d.median() == Math.rint(d.median()) ? Long.toString((long) d.median()) : Double.toString(d.median()));
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
