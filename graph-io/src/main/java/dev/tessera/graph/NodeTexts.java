package dev.tessera.graph;

import java.util.List;
import java.util.function.Supplier;

/**
 * Raw texts of the nodes of a text-attributed graph (titles, abstracts). Reading them can be expensive, so
 * datasets hold them lazily: {@link #lazy(int, Supplier)} reads on first access and keeps the result.
 */
public interface NodeTexts {
    /** @return N, the number of nodes */
    int size();

    /**
     * @param node a node
     * @return its text (empty when the node has none)
     */
    String text(int node);

    /**
     * @param texts one text per node
     * @return texts held in memory
     */
    static NodeTexts of(List<String> texts) {
        List<String> copy = List.copyOf(texts);
        return new NodeTexts() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public String text(int node) {
                return copy.get(node);
            }
        };
    }

    /**
     * @param size N, known without reading the texts
     * @param loader reads all texts; called at most once, on first access
     * @return texts read on first use
     */
    static NodeTexts lazy(int size, Supplier<List<String>> loader) {
        return new NodeTexts() {
            private volatile List<String> texts;

            @Override
            public int size() {
                return size;
            }

            @Override
            public String text(int node) {
                List<String> t = texts;
                if (t == null) {
                    synchronized (this) {
                        if (texts == null) {
                            texts = List.copyOf(loader.get());
                        }
                        t = texts;
                    }
                }
                return t.get(node);
            }
        };
    }
}
