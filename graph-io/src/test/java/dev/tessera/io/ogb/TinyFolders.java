package dev.tessera.io.ogb;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes tiny hand-made OGB folders for tests: files ending in {@code .gz} are gzip-compressed. */
final class TinyFolders {
    private TinyFolders() {
    }

    /**
     * A valid 4-node folder: edges 0-1, 1-2, 2-3 stored once (add_inverse_edge=true), 2 features, 3 classes with
     * node 3 unlabelled, splits {@code public} and {@code other}, a class-name mapping and texts.
     *
     * @return relative path to content; change or remove entries to make a bad folder
     */
    static Map<String, String> valid() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("raw/num-node-list.csv.gz", "4\n");
        f.put("raw/num-edge-list.csv.gz", "3\n");
        f.put("raw/edge.csv.gz", "0,1\n1,2\n2,3\n");
        f.put("raw/node-label.csv.gz", "0\n2\n1\n-1\n");
        f.put("raw/node-feat.csv.gz", "0,1\n0.5,-2\n1e-3,0.80703515\n3,0\n");
        f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": \"zero\"}\n{\"id\": 1, \"text\": \"one, \\\"quoted\\\"\"}\n"
                + "{\"id\": 2, \"text\": \"\"}\n{\"id\": 3, \"text\": \"three\"}\n");
        f.put("split/public/train.csv.gz", "0\n1\n");
        f.put("split/public/valid.csv.gz", "2\n");
        f.put("split/public/test.csv.gz", "3\n");
        f.put("split/other/train.csv.gz", "3\n2\n");
        f.put("split/other/valid.csv.gz", "");
        f.put("split/other/test.csv.gz", "0\n");
        f.put("mapping/labelidx2name.csv.gz", "idx,name\n0,alpha\n1,beta\n2,\"gamma, delta\"\n");
        f.put("info.properties", "name=tiny\nnum_nodes=4\nnum_edges=3\nnum_features=2\nnum_classes=3\n"
                + "edges_symmetric_as_stored=false\nadd_inverse_edge=true\nhas_node_feat=true\nhas_node_text=true\n"
                + "splits=public,other\ndefault_split=other\ntask=multiclass\nmetric=accuracy\n");
        return f;
    }

    /**
     * @param dir the folder to fill (created)
     * @param files relative path to content
     * @return {@code dir}
     */
    static Path write(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path p = dir.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                if (e.getKey().endsWith(".gz")) {
                    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                        out.write(bytes);
                    }
                } else {
                    Files.write(p, bytes);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
