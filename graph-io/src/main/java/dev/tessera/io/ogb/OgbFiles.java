package dev.tessera.io.ogb;

/** File and folder names of the OGB node-property raw layout (without {@code .gz}), shared by reader and writer. */
final class OgbFiles {
    static final String RAW = "raw";
    static final String SPLIT = "split";
    static final String MAPPING = "mapping";
    static final String INFO = "info.properties";
    static final String NUM_NODES = "num-node-list.csv";
    static final String NUM_EDGES = "num-edge-list.csv";
    static final String EDGE = "edge.csv";
    static final String LABEL = "node-label.csv";
    static final String FEAT = "node-feat.csv";
    static final String TEXT = "node-text.jsonl";
    static final String MAPPING_FILE = "labelidx2name.csv";

    private OgbFiles() {
    }
}
