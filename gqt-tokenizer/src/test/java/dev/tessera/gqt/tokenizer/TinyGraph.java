package dev.tessera.gqt.tokenizer;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two communities of {@code n/2} nodes: a ring inside each plus chords i ↔ i+3, one bridge; features are a community
 * pattern plus Gaussian noise, so the self-supervised losses have something to learn.
 */
final class TinyGraph {
    private TinyGraph() {}

    static GraphDataset of(int n, int features, long seed) {
        return of(n, features, seed, false);
    }

    /**
     * @param binary bag-of-words-like features instead: each node has 2 of its community's columns set to 1 and
     *               one random column, the rest 0 (sparse, so the encoder's sparse input path runs)
     */
    static GraphDataset of(int n, int features, long seed, boolean binary) {
        int half = n / 2;
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adj.add(new ArrayList<>());
        }
        for (int c = 0; c < 2; c++) {
            int base = c * half;
            for (int i = 0; i < half; i++) {
                link(adj, base + i, base + (i + 1) % half);
                link(adj, base + i, base + (i + 3) % half);
            }
        }
        link(adj, 0, half);
        long[] rows = new long[n + 1];
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            adj.get(i).stream().distinct().sorted().forEach(cols::add);
            rows[i + 1] = cols.size();
        }
        int[] colArray = cols.stream().mapToInt(Integer::intValue).toArray();
        Random r = new Random(seed);
        float[] x = new float[n * features];
        for (int i = 0; i < n; i++) {
            int c = i < half ? 0 : 1;
            if (binary) {
                for (int t = 0; t < 2; t++) {
                    x[i * features + 2 * r.nextInt(features / 2) + c] = 1f;
                }
                x[i * features + r.nextInt(features)] = 1f;
                continue;
            }
            for (int j = 0; j < features; j++) {
                float signal = (j % 2 == c) ? 1f : 0f;
                x[i * features + j] = signal + (float) (0.3 * r.nextGaussian());
            }
        }
        return GraphDataset.builder().setName("tiny").setGraph(CsrGraph.of(rows, colArray, null))
            .optFeatures(NodeFeatures.of(x, n, features)).build();
    }

    private static void link(List<List<Integer>> adj, int a, int b) {
        if (a != b) {
            adj.get(a).add(b);
            adj.get(b).add(a);
        }
    }
}
