package dev.tessera.lm.classify;

import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import dev.tessera.lm.tokenizer.CorpusTokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node features from node texts, for text-attributed graphs that ship none (arxiv-2023): TF-IDF over the F words
 * that occur in the most texts. Texts are normalised and split as {@link CorpusTokenizer} does (lowercase, white
 * space and punctuation), words of one character (mostly punctuation) are skipped, and the vocabulary is the F
 * words of highest document frequency df(w) among those in at least {@code minDocs} texts (ties: alphabetical).
 * Row v, column w: {@code tf(v, w) · (ln((1 + N) / (1 + df(w))) + 1)} (scikit-learn's smooth idf), then the row is
 * L2-normalised (an empty row stays zero). Uses every node's text and no label, so it leaks nothing.
 * Shapes: [N, F] dense, F ≤ {@code maxFeatures}.
 */
public final class TextFeatures {
    /** Default vocabulary size F (Cora's bag of words has 1,433 words). */
    public static final int DEFAULT_MAX_FEATURES = 2000;
    /** Default least document frequency of a word. */
    public static final int DEFAULT_MIN_DOCS = 2;

    private TextFeatures() {
    }

    /**
     * @param texts every node's text
     * @param maxFeatures F, the most words kept
     * @param minDocs the least number of texts a word must occur in
     * @return [N, F] TF-IDF features, rows L2-normalised
     */
    public static NodeFeatures tfidf(NodeTexts texts, int maxFeatures, int minDocs) {
        if (maxFeatures < 1 || minDocs < 1) {
            throw new IllegalArgumentException("maxFeatures and minDocs must be >= 1");
        }
        int n = texts.size();
        List<List<String>> words = new ArrayList<>(n);
        Map<String, Integer> df = new HashMap<>();
        for (int v = 0; v < n; v++) {
            List<String> w = new ArrayList<>();
            for (String t : CorpusTokenizer.preTokenize(CorpusTokenizer.normalize(texts.text(v)))) {
                if (t.codePointCount(0, t.length()) > 1) {
                    w.add(t);
                }
            }
            words.add(w);
            for (String t : new HashSet<>(w)) {
                df.merge(t, 1, Integer::sum);
            }
        }
        List<String> vocab = df.entrySet().stream().filter(e -> e.getValue() >= minDocs)
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(maxFeatures).map(Map.Entry::getKey).toList();
        int f = Math.max(1, vocab.size());
        Map<String, Integer> index = new HashMap<>();
        double[] idf = new double[f];
        for (int j = 0; j < vocab.size(); j++) {
            index.put(vocab.get(j), j);
            idf[j] = Math.log((1.0 + n) / (1.0 + df.get(vocab.get(j)))) + 1;
        }
        float[] x = new float[Math.multiplyExact(n, f)];
        double[] row = new double[f];
        for (int v = 0; v < n; v++) {
            java.util.Arrays.fill(row, 0);
            Set<Integer> used = new HashSet<>();
            for (String t : words.get(v)) {
                Integer j = index.get(t);
                if (j != null) {
                    row[j] += idf[j];
                    used.add(j);
                }
            }
            double norm = 0;
            for (int j : used) {
                norm += row[j] * row[j];
            }
            if (norm > 0) {
                double inv = 1 / Math.sqrt(norm);
                for (int j : used) {
                    x[v * f + j] = (float) (row[j] * inv);
                }
            }
        }
        return NodeFeatures.of(x, n, f);
    }
}
