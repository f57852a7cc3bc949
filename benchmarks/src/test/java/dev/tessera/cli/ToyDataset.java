package dev.tessera.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A six-node dataset in the OGB raw layout, written by hand so that every statistic is known: 7 stored edges
 * (0-1 and 1-2 both ways, a self-loop on 2, 3->1, 0->5), node 4 isolated, labels [0, 0, 1, -1, 1, 1], 3 features,
 * split {@code public} = 2 / 1 / 2 nodes, texts for every node.
 */
final class ToyDataset {
    private ToyDataset() {
    }

    static Path write(Path dir) throws IOException {
        write(dir, "raw/num-node-list.csv", "6\n");
        write(dir, "raw/num-edge-list.csv", "7\n");
        write(dir, "raw/edge.csv", "0,1\n1,0\n1,2\n2,1\n2,2\n3,1\n0,5\n");
        write(dir, "raw/node-label.csv", "0\n0\n1\n-1\n1\n1\n");
        write(dir, "raw/node-feat.csv", "1,0,0\n0,1,0\n0,0,1\n1,1,0\n0,1,1\n1,0,1\n");
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            texts.append("{\"id\": ").append(i).append(", \"text\": \"node ").append(i).append("\"}\n");
        }
        write(dir, "raw/node-text.jsonl", texts.toString());
        write(dir, "split/public/train.csv", "0\n2\n");
        write(dir, "split/public/valid.csv", "1\n");
        write(dir, "split/public/test.csv", "4\n5\n");
        write(dir, "mapping/labelidx2name.csv", "idx,name\n0,red\n1,blue\n");
        write(dir, "info.properties", "name=toy\ntask=multiclass\nmetric=accuracy\ndefault_split=public\n");
        return dir;
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
