package dev.tessera.cache;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.DatasetReader;
import dev.tessera.io.TextLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test format: a folder with {@code edges.txt} (lines {@code u v}), or a single {@code .edges} file. Nodes are
 * 0..max id; node v has label v % 2, features [v, -v, 0.5], text "node v"; split {@code public}: even nodes train,
 * odd nodes test. Counts its reads so tests can tell a cache hit from a parse.
 */
final class ToyReader implements DatasetReader {
    int reads;

    @Override
    public String format() {
        return "toy";
    }

    @Override
    public boolean canRead(Path path) {
        return Files.isRegularFile(path.resolve("edges.txt")) || path.toString().endsWith(".edges");
    }

    @Override
    public GraphDataset read(Path path, DatasetInfo hints) {
        reads++;
        Path file = Files.isDirectory(path) ? path.resolve("edges.txt") : path;
        List<int[]> edges = new ArrayList<>();
        int n = 0;
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                String[] p = line.trim().split("\\s+");
                int u = Integer.parseInt(p[0]);
                int v = Integer.parseInt(p[1]);
                edges.add(new int[] {u, v});
                n = Math.max(n, Math.max(u, v) + 1);
            }
        }
        CsrBuilder b = new CsrBuilder(n);
        edges.forEach(e -> b.addEdge(e[0], e[1]));
        float[] x = new float[n * 3];
        int[] labels = new int[n];
        List<String> texts = new ArrayList<>();
        List<Integer> even = new ArrayList<>();
        List<Integer> odd = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            x[3 * v] = v;
            x[3 * v + 1] = -v;
            x[3 * v + 2] = 0.5f;
            labels[v] = v % 2;
            texts.add("node " + v);
            (v % 2 == 0 ? even : odd).add(v);
        }
        return GraphDataset.builder().setName(hints.name() != null ? hints.name() : "toy").setGraph(b.build())
                .optFeatures(NodeFeatures.of(x, n, 3)).optLabels(labels, List.of("even", "odd"))
                .optSplit(new Split("public", even.stream().mapToInt(Integer::intValue).toArray(), new int[0],
                        odd.stream().mapToInt(Integer::intValue).toArray()))
                .optTexts(NodeTexts.lazy(n, () -> texts))
                .optProvenance(Provenance.of("toy", List.of(file.toString()))).build();
    }
}
