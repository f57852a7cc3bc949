package dev.tessera.nodeclass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes a benchmark grid's results: {@code results.json} (every experiment with its runs and configuration),
 * {@code results.csv} (one row per experiment) and {@code results.png} (test metric per dataset and model, with
 * ± std error bars). Each file is written to a temporary name and renamed, so a failed run leaves no half file.
 */
public final class ResultFiles {
    /** The JSON file's name. */
    public static final String JSON = "results.json";
    /** The CSV file's name. */
    public static final String CSV = "results.csv";
    /** The chart's name. */
    public static final String PNG = "results.png";

    private ResultFiles() {
    }

    /**
     * @param dir the output folder (created when missing)
     * @param results the experiments
     * @param header run-level information (command, versions, machine) stored beside the results
     * @return the files written
     */
    public static List<Path> write(Path dir, List<ExperimentResult> results, ObjectNode header) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TesseraException(dir + ": cannot create the output folder (" + e.getMessage() + ")");
        }
        Path json = dir.resolve(JSON);
        Path csv = dir.resolve(CSV);
        Path png = dir.resolve(PNG);
        writeString(json, json(results, header));
        writeString(csv, csv(results));
        writeChart(png, results);
        return List.of(json, csv, png);
    }

    /**
     * @param results the experiments
     * @param header run-level information
     * @return {@code {"header": {...}, "results": [experiment objects with runs]}}
     */
    static String json(List<ExperimentResult> results, ObjectNode header) {
        ObjectNode root = Json.object();
        root.set("header", header);
        ArrayNode a = root.putArray("results");
        for (ExperimentResult r : results) {
            a.add(r.toJson(true));
        }
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param results the experiments
     * @return CSV with a header row; one row per experiment
     */
    static String csv(List<ExperimentResult> results) {
        StringBuilder sb = new StringBuilder(
                "dataset,split,model,metric,seeds,runs,test_mean,test_std,val_mean,val_std,epoch_ms_mean,eval_ms_mean,total_s\n");
        for (ExperimentResult r : results) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%.3f%n",
                    r.dataset(), r.split(), r.model(), r.metric(), r.seeds(), r.runs().size(), r.test().mean(),
                    r.test().std(), r.val().mean(), r.val().std(), r.epochMsMean(), r.evalMsMean(), r.totalSeconds()));
        }
        return sb.toString();
    }

    private static void writeString(Path file, String text) {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A grouped bar chart: datasets on the x axis, one bar per model, test mean with ± std error bars. */
    static void writeChart(Path png, List<ExperimentResult> results) {
        System.setProperty("java.awt.headless", "true");
        List<String> datasets = results.stream().map(ExperimentResult::dataset).distinct().toList();
        List<String> models = results.stream().map(ExperimentResult::model).distinct().toList();
        int bars = datasets.size() * Math.max(1, models.size());
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(640, 200 + 70 * bars)).height(480)
                .title("Node classification: test score (mean ± std over runs)")
                .xAxisTitle("dataset (metric)").yAxisTitle("test score").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setErrorBarsColorSeriesColor(false);
        List<String> labels = datasets.stream().map(d -> d + " (" + results.stream().filter(r -> r.dataset().equals(d))
                .findFirst().orElseThrow().metric() + ")").toList();
        for (String m : models) {
            double[] y = new double[datasets.size()];
            double[] err = new double[datasets.size()];
            for (int i = 0; i < datasets.size(); i++) {
                String d = datasets.get(i);
                ExperimentResult r = results.stream().filter(x -> x.dataset().equals(d) && x.model().equals(m))
                        .findFirst().orElse(null);
                y[i] = r == null ? 0 : r.test().mean();
                err[i] = r == null ? 0 : r.test().std();
            }
            chart.addSeries(m, labels, toList(y), toList(err));
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static List<Double> toList(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
