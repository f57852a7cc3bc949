package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives one TesseraException line naming the file and, where there is one, the line. */
class OgbRawReaderErrorsTest {
    @TempDir
    Path tmp;

    /** Reads the valid tiny folder changed by {@code change}; returns the one-line message. */
    private String fail(Consumer<Map<String, String>> change) {
        Map<String, String> f = TinyFolders.valid();
        change.accept(f);
        Path dir;
        try {
            dir = TinyFolders.write(Files.createTempDirectory(tmp, "ds"), f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TesseraException e = assertThrows(TesseraException.class, () -> {
            GraphDataset ds = new OgbRawReader().read(dir, DatasetInfo.NONE);
            // Texts are lazy: bad text lines surface on first access.
            ds.texts().ifPresent(t -> t.text(0));
        });
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    private static void assertAt(String message, String file, int line, String what) {
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(message.contains(where), "expected '" + where + "' in: " + message);
        assertTrue(message.contains(what), "expected '" + what + "' in: " + message);
    }

    @Test
    void wrongColumnCountInEdges() {
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1,2,0\n2,3\n")), "raw/edge.csv.gz", 2, "expected 2 columns");
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1\n2,3\n")), "raw/edge.csv.gz", 2, "found 1");
    }

    @Test
    void wrongColumnCountInLabels() {
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n1,2\n1\n0\n")), "raw/node-label.csv.gz", 2, "expected 1 column");
    }

    @Test
    void nonNumericValues() {
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1,2\n2,x\n")), "raw/edge.csv.gz", 3, "not an integer: 'x'");
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n1\nabc\n0\n")), "raw/node-label.csv.gz", 3, "not a number");
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n1.5\n1\n0\n")), "raw/node-label.csv.gz", 2, "not an integer");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n0.5,abc\n1,1\n3,0\n")), "raw/node-feat.csv.gz", 2, "column 2: not a number");
        assertAt(fail(f -> f.put("raw/num-node-list.csv.gz", "four\n")), "raw/num-node-list.csv.gz", 1, "not an integer");
        assertAt(fail(f -> f.put("split/public/valid.csv.gz", "2.5\n")), "split/public/valid.csv.gz", 1, "not an integer");
    }

    @Test
    void nodeIdOutOfRange() {
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1,4\n2,3\n")), "raw/edge.csv.gz", 2, "node id 4 out of range [0, 4)");
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n-1,2\n2,3\n")), "raw/edge.csv.gz", 2, "node id -1 out of range");
        assertAt(fail(f -> f.put("split/public/test.csv.gz", "3\n9\n")), "split/public/test.csv.gz", 2, "node id 9 out of range");
    }

    @Test
    void edgeCountDisagreesWithNumEdgeList() {
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1,2\n")), "raw/edge.csv.gz", 0, "2 edge lines, but num-edge-list.csv.gz says 3");
        assertAt(fail(f -> f.put("raw/edge.csv.gz", "0,1\n1,2\n2,3\n3,0\n")), "raw/edge.csv.gz", 4, "more edge lines than the 3");
    }

    @Test
    void labelRowsOtherThanN() {
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n1\n1\n")), "raw/node-label.csv.gz", 0, "3 rows, expected 4");
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n1\n1\n0\n0\n")), "raw/node-label.csv.gz", 5, "more rows than the 4 nodes");
    }

    @Test
    void featureRowsOtherThanN() {
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1,1\n1,1\n")), "raw/node-feat.csv.gz", 0, "3 rows, expected 4");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1,1\n1,1\n1,1\n1,1\n")), "raw/node-feat.csv.gz", 5, "more rows than the 4 nodes");
    }

    @Test
    void infoDisagreesWithCounts() {
        assertAt(fail(f -> f.put("info.properties", f.get("info.properties").replace("num_nodes=4", "num_nodes=5"))),
                "info.properties", 0, "num_nodes=5 disagrees with num-node-list.csv.gz (4)");
        assertAt(fail(f -> f.put("info.properties", f.get("info.properties").replace("num_features=2", "num_features=3"))),
                "raw/node-feat.csv.gz", 1, "2 columns, but info.properties says num_features=3");
        assertAt(fail(f -> f.put("info.properties", f.get("info.properties").replace("add_inverse_edge=true", "add_inverse_edge=yes"))),
                "info.properties", 0, "add_inverse_edge=yes is not true or false");
        assertAt(fail(f -> f.put("info.properties", f.get("info.properties").replace("task=multiclass", "task=regression"))),
                "info.properties", 0, "task: unknown task");
        assertAt(fail(f -> f.put("info.properties", f.get("info.properties").replace("default_split=other", "default_split=nope"))),
                "split", 0, "default split 'nope' not found");
    }

    @Test
    void nanOrInfiniteFeature() {
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1,1\n1,NaN\n3,0\n")), "raw/node-feat.csv.gz", 3, "column 2: NaN or infinite");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1,1\nnan,1\n3,0\n")), "raw/node-feat.csv.gz", 3, "column 1: NaN or infinite");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n-Infinity,1\n1,1\n3,0\n")), "raw/node-feat.csv.gz", 2, "NaN or infinite");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1e39,1\n1,1\n3,0\n")), "raw/node-feat.csv.gz", 2, "NaN or infinite");
    }

    @Test
    void raggedFeatureRows() {
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1\n1,1\n3,0\n")), "raw/node-feat.csv.gz", 2, "ragged row: 1 columns, expected 2");
        assertAt(fail(f -> f.put("raw/node-feat.csv.gz", "0,1\n1,1\n1,1,1\n3,0\n")), "raw/node-feat.csv.gz", 3, "ragged row: 3 columns, expected 2");
    }

    @Test
    void duplicateIdWithinASplitPart() {
        assertAt(fail(f -> f.put("split/public/train.csv.gz", "0\n1\n0\n")), "split/public/train.csv.gz", 3, "node 0 appears twice");
    }

    @Test
    void overlappingSplitParts() {
        assertAt(fail(f -> f.put("split/other/test.csv.gz", "0\n3\n")), "split/other/test.csv.gz", 2, "node 3 is in both train and test");
    }

    @Test
    void labelOutsideTheClasses() {
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n3\n1\n0\n")), "raw/node-label.csv.gz", 2, "label 3 outside [-1, 3)");
        assertAt(fail(f -> f.put("raw/node-label.csv.gz", "0\n-2\n1\n0\n")), "raw/node-label.csv.gz", 2, "label -2 outside");
    }

    @Test
    void firstBadLineIsReportedAcrossParallelBlocks() {
        // 200000 lines span several parse blocks; lines 150000 and 60000 are bad: the earlier one is reported.
        int e = 200_000;
        StringBuilder edges = new StringBuilder();
        for (int i = 1; i <= e; i++) {
            edges.append(i == 60_000 ? "0,x" : i == 150_000 ? "0,9" : (i % 4) + "," + ((i + 1) % 4)).append('\n');
        }
        String m = fail(f -> {
            f.put("raw/edge.csv.gz", edges.toString());
            f.put("raw/num-edge-list.csv.gz", e + "\n");
            f.put("info.properties", f.get("info.properties").replace("num_edges=3", "num_edges=" + e));
        });
        assertAt(m, "raw/edge.csv.gz", 60_000, "not an integer: 'x'");
    }

    @Test
    void truncatedGzip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 2000; i++) {
                gz.write((i % 4 + "," + (i + 1) % 4 + "\n").getBytes());
            }
        }
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 12);
        Map<String, String> f = TinyFolders.valid();
        f.put("raw/num-edge-list.csv.gz", "2000\n");
        f.put("info.properties", f.get("info.properties").replace("num_edges=3", "num_edges=2000"));
        Path dir = TinyFolders.write(tmp.resolve("ds"), f);
        Files.write(dir.resolve("raw/edge.csv.gz"), cut);
        TesseraException e = assertThrows(TesseraException.class, () -> new OgbRawReader().read(dir, DatasetInfo.NONE));
        assertAt(e.getMessage(), "raw/edge.csv.gz", 0, "truncated gzip stream");
    }

    @Test
    void missingRequiredFiles() {
        for (String name : new String[] {"raw/num-node-list.csv.gz", "raw/num-edge-list.csv.gz", "raw/node-label.csv.gz",
            "raw/edge.csv.gz", "split/public/valid.csv.gz"}) {
            assertAt(fail(f -> f.remove(name)), name, 0, "required file not found");
        }
        // info.properties says the dataset has features and texts: their absence is an error, not "no features".
        assertAt(fail(f -> f.remove("raw/node-feat.csv.gz")), "raw/node-feat.csv.gz", 0, "required file not found");
        assertAt(fail(f -> f.remove("raw/node-text.jsonl.gz")), "raw/node-text.jsonl.gz", 0, "required file not found");
    }

    @Test
    void malformedTextLine() {
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": \"a\"}\n{\"id\": 1, \"text\": \"b\n"
                + "{\"id\": 2, \"text\": \"c\"}\n{\"id\": 3, \"text\": \"d\"}\n")), "raw/node-text.jsonl.gz", 2, "malformed JSON");
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": \"a\"}\n[1]\n")), "raw/node-text.jsonl.gz", 2,
                "expected a JSON object");
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": 5}\n")), "raw/node-text.jsonl.gz", 1,
                "\"text\" is not a string");
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": \"a\"}\n")), "raw/node-text.jsonl.gz", 0,
                "1 lines, expected 4");
    }

    @Test
    void wrongIdInTextLine() {
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n"
                + "{\"id\": 1, \"text\": \"c\"}\n{\"id\": 3, \"text\": \"d\"}\n")), "raw/node-text.jsonl.gz", 2, "\"id\" is 2, expected 1");
        assertAt(fail(f -> f.put("raw/node-text.jsonl.gz", "{\"text\": \"a\"}\n")), "raw/node-text.jsonl.gz", 1,
                "missing or non-integer \"id\"");
    }

    @Test
    void textsAreCheckedOnlyWhenLoaded() {
        Map<String, String> f = TinyFolders.valid();
        f.put("raw/node-text.jsonl.gz", "not json\n");
        GraphDataset ds = new OgbRawReader().read(TinyFolders.write(tmp.resolve("ds"), f), DatasetInfo.NONE);
        assertEquals(4, ds.texts().orElseThrow().size());
        TesseraException e = assertThrows(TesseraException.class, () -> ds.texts().orElseThrow().text(3));
        assertAt(e.getMessage(), "raw/node-text.jsonl.gz", 1, "malformed JSON");
    }

    @Test
    void badMapping() {
        assertAt(fail(f -> f.put("mapping/labelidx2name.csv.gz", "idx,name\n0,a\n2,b\n1,c\n")), "mapping/labelidx2name.csv.gz", 3,
                "class index 2, expected 1");
        assertAt(fail(f -> f.put("mapping/labelidx2name.csv.gz", "idx,name\n0,a\n1,b\n")), "mapping/labelidx2name.csv.gz", 0,
                "2 class names, but info.properties says num_classes=3");
    }

    @Test
    void notAnOgbFolder() {
        TesseraException e = assertThrows(TesseraException.class,
                () -> new OgbRawReader().read(Files.createDirectories(tmp.resolve("empty")), DatasetInfo.NONE));
        assertAt(e.getMessage(), "raw/edge.csv.gz", 0, "required file not found");
    }
}
