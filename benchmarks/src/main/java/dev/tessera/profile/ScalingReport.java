package dev.tessera.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report of {@code tessera profile scaling}: the JSON object ({@code {"rows": [...], "exponents": {op: e},
 * "config": {...}}}), the table for people, and the files {@code results.json} (the same JSON) and
 * {@code scaling.png} (time against N on log-log axes, one series per operator).
 */
public final class ScalingReport {
    /** The JSON file's name. */
    public static final String JSON = "results.json";
    /** The chart's name. */
    public static final String PNG = "scaling.png";
    /** What {@code peak_mb} means. */
    public static final String PEAK_MB = "peak resident set (VmHWM) of the whole child JVM over its life: JVM, engine, "
            + "features, graph and its operators, parameters and every call; MiB";
    /** What {@code op_mb} means. */
    public static final String OP_MB = "peak resident set during the calls minus the resident set just before them: "
            + "the operator's own working memory; MiB";
    /** How the exponent is fitted. */
    public static final String FIT = "least squares of log ms on log nodes over the measured sizes >= "
            + ExponentFit.LARGE + " when at least two exist, else over all measured sizes (rows with in_fit)";

    private ScalingReport() {
    }

    /**
     * @param ops the operators, in report order
     * @param rows the rows
     * @return each operator's fit, or null where fewer than two sizes were measured; in {@code ops} order
     */
    public static Map<String, ExponentFit> fits(List<String> ops, List<ScalingRow> rows) {
        Map<String, ExponentFit> fits = new LinkedHashMap<>();
        for (String op : ops) {
            List<ScalingRow> m = rows.stream().filter(r -> r.op().equals(op) && r.measured()).toList();
            fits.put(op, ExponentFit.of(m.stream().map(ScalingRow::nodes).toList(),
                    m.stream().map(r -> Math.max(r.ms(), 1e-6)).toList()));
        }
        return fits;
    }

    /**
     * @param rows the rows
     * @param fits the fits of {@link #fits}
     * @param config the configuration object (see the command)
     * @return {@code {"rows": [...], "exponents": {...}, "config": {...}}}
     */
    public static ObjectNode json(List<ScalingRow> rows, Map<String, ExponentFit> fits, ObjectNode config) {
        ObjectNode root = Json.object();
        ArrayNode a = root.putArray("rows");
        for (ScalingRow r : rows) {
            ObjectNode o = a.addObject().put("op", r.op()).put("nodes", r.nodes()).put("dim", r.dim());
            putOrNull(o, "ms", r.ms());
            putOrNull(o, "peak_mb", r.peakMb());
            putOrNull(o, "op_mb", r.opMb());
            o.put("repeats", r.repeats()).put("status", r.status().id());
            ExponentFit f = fits.get(r.op());
            o.put("in_fit", r.measured() && f != null && f.sizes().contains(r.nodes()));
            if (!r.note().isEmpty()) {
                o.put("note", r.note());
            }
        }
        ObjectNode e = root.putObject("exponents");
        fits.forEach((op, f) -> {
            if (f == null) {
                e.putNull(op);
            } else {
                Json.putNumber(e, op, f.exponent());
            }
        });
        root.set("config", config);
        return root;
    }

    private static void putOrNull(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            Json.putNumber(o, key, v);
        }
    }

    /**
     * Prints the table and the exponents.
     *
     * @param out stdout
     * @param rows the rows
     * @param fits the fits
     * @param backward whether calls were forward + backward
     */
    public static void print(PrintWriter out, List<ScalingRow> rows, Map<String, ExponentFit> fits, boolean backward) {
        TextTable t = new TextTable("op", "nodes", "dim", backward ? "ms (fwd+bwd)" : "ms (fwd)", "peak_mb", "op_mb",
                "calls", "status");
        for (ScalingRow r : rows) {
            t.row(r.op(), String.format(Locale.ROOT, "%,d", r.nodes()), r.dim(),
                    r.ms() == null ? "-" : String.format(Locale.ROOT, "%,.1f", r.ms()), mb(r.peakMb()), mb(r.opMb()),
                    r.measured() ? Integer.toString(r.repeats()) : "-",
                    r.status().id() + (r.note().isEmpty() ? "" : " (" + r.note() + ")"));
        }
        t.print(out);
        out.println();
        out.println("Exponent e of ms ~ N^e (least squares on log-log):");
        TextTable e = new TextTable();
        fits.forEach((op, f) -> e.row("  " + op, f == null ? "-" : String.format(Locale.ROOT, "%.2f", f.exponent()),
                f == null ? "fewer than two sizes measured" : fitText(f)));
        e.print(out);
        out.flush();
    }

    private static String fitText(ExponentFit f) {
        String sizes = String.join(", ", f.sizes().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList());
        return (f.largeOnly() ? "over the sizes >= " + String.format(Locale.ROOT, "%,d", ExponentFit.LARGE)
                : "over all measured sizes (fewer than two >= " + String.format(Locale.ROOT, "%,d", ExponentFit.LARGE) + ")")
                + ": " + sizes;
    }

    private static String mb(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /**
     * Writes {@code results.json} and {@code scaling.png}, each atomically.
     *
     * @param dir the folder (created when missing)
     * @param json the report of {@link #json}
     * @param rows the rows
     * @param ops the operators, in series order
     * @param title the chart's title
     * @return the files written
     */
    public static List<Path> write(Path dir, ObjectNode json, List<ScalingRow> rows, List<String> ops, String title) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TesseraException("--out: cannot create " + dir + " (" + e.getMessage() + ")");
        }
        Path jsonFile = dir.resolve(JSON);
        Path png = dir.resolve(PNG);
        String text;
        try {
            text = Json.MAPPER.writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.write(jsonFile, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        writeChart(png, rows, ops, title);
        return List.of(jsonFile, png);
    }

    /** Log-log: N on x, ms on y, one series (line and markers) per operator over its measured sizes. */
    static void writeChart(Path png, List<ScalingRow> rows, List<String> ops, String title) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560).title(title).xAxisTitle("nodes N")
                .yAxisTitle("time of one call, ms").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        boolean any = false;
        for (String op : ops) {
            List<ScalingRow> m = rows.stream().filter(r -> r.op().equals(op) && r.measured()).toList();
            if (m.isEmpty()) {
                continue;
            }
            double[] x = m.stream().mapToDouble(ScalingRow::nodes).toArray();
            double[] y = m.stream().mapToDouble(r -> Math.max(r.ms(), 1e-3)).toArray();
            chart.addSeries(op, x, y).setMarker(SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            // XChart needs a series to draw axes; an empty report still gets a (blank) chart.
            chart.addSeries("no measurements", new double[] {1}, new double[] {1});
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
