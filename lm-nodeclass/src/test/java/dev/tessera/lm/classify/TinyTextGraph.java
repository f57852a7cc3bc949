package dev.tessera.lm.classify;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.graph.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * A 30-node text-attributed graph: 3 classes of 10 nodes (node v has class v % 3), each node linked to the next
 * two nodes of its class (a ring per class) and, for a little noise, node v to node v + 1 when both are below 6.
 * Texts draw words of their class's vocabulary; no features (so the pipeline builds TF-IDF ones). Split: 4
 * training nodes per class (nodes 0..11), 9 validation (12..20), 9 test (21..29).
 */
final class TinyTextGraph {
    static final List<String> CLASS_NAMES = List.of("Neural_Networks", "Genetic_Algorithms", "Theory");
    private static final String[][] WORDS = {
        {"neural", "network", "layers", "backpropagation", "deep", "units"},
        {"genetic", "mutation", "crossover", "population", "evolution", "fitness"},
        {"bounds", "proof", "theorem", "complexity", "learnability", "sample"}};

    private TinyTextGraph() {
    }

    static GraphDataset dataset(int[] labels) {
        int n = 30;
        CsrBuilder b = new CsrBuilder(n);
        for (int v = 0; v < n; v++) {
            for (int step = 1; step <= 2; step++) {
                int u = (v + 3 * step) % n;
                b.addUndirectedEdge(v, u);
            }
        }
        for (int v = 0; v < 5; v++) {
            b.addUndirectedEdge(v, v + 1);
        }
        List<String> texts = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            String[] w = WORDS[v % 3];
            texts.add("a study of " + w[v % 6] + " and " + w[(v + 1) % 6] + " with " + w[(v + 3) % 6]);
        }
        int[] train = range(0, 12);
        return GraphDataset.builder().setName("tiny-text").setGraph(b.build())
                .optFeatures(NodeFeatures.none(n)).optLabels(labels, CLASS_NAMES)
                .optSplit(new Split("public", train, range(12, 21), range(21, 30))).optTexts(NodeTexts.of(texts))
                .build();
    }

    static int[] trueLabels() {
        int[] y = new int[30];
        for (int v = 0; v < 30; v++) {
            y[v] = v % 3;
        }
        return y;
    }

    static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
