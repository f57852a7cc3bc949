package dev.tessera.io.edgelist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeListReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (name.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(bytes);
            }
        } else {
            Files.write(p, bytes);
        }
        return p;
    }

    /** Edges as "u>v" or "u>v:w", row by row. */
    private static String edges(CsrGraph g) {
        StringJoiner j = new StringJoiner(" ");
        for (int u = 0; u < g.numNodes(); u++) {
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                j.add(u + ">" + g.target(e) + (g.isWeighted() ? ":" + g.weight(e) : ""));
            }
        }
        return j.toString();
    }

    private static GraphDataset read(Path p) {
        return new EdgeListReader().read(p, DatasetInfo.NONE);
    }

    private TesseraException fails(EdgeListReader reader, Path p) {
        return assertThrows(TesseraException.class, () -> reader.read(p, DatasetInfo.NONE));
    }

    private void assertError(Path p, int line, String what, TesseraException e) {
        String prefix = line > 0 ? p + ":" + line + ": " : p + ": ";
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected '" + prefix + "...', got: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), () -> "expected '" + what + "' in: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void commaWithHeader() throws IOException {
        Path p = write("toy.csv", "source,target\n0,1\n1,2\n2,0\n");
        GraphDataset ds = read(p);
        assertEquals("toy", ds.name());
        assertEquals(3, ds.numNodes());
        assertFalse(ds.graph().isWeighted());
        assertEquals("0>1 1>2 2>0", edges(ds.graph()));
        assertEquals("edgelist", ds.provenance().reader());
        assertEquals(List.of(p.toString()), ds.provenance().sources());
        assertTrue(ds.splits().isEmpty());
        assertEquals(0, ds.numFeatures());
    }

    @Test
    void tabWithWeightsCommentsAndBlankLines() throws IOException {
        Path p = write("w.tsv", "# a comment\n% another\n0\t1\t0.5\n\n2\t0\t2\n  # indented comment\n1\t2\t-3e0\n");
        CsrGraph g = read(p).graph();
        assertTrue(g.isWeighted());
        assertEquals("0>1:0.5 1>2:-3.0 2>0:2.0", edges(g));
    }

    @Test
    void whitespaceRunsAndHeaderWithSpaces() throws IOException {
        Path p = write("s.txt", "from to\n0   3\n3 \t 1\n");
        assertEquals("0>3 3>1", edges(read(p).graph()));
        assertEquals(4, read(p).numNodes());
    }

    @Test
    void commaFieldsAreTrimmed() throws IOException {
        assertEquals("0>1 1>0", edges(read(write("t.csv", "0 , 1\n1,0\n")).graph()));
    }

    @Test
    void gzipAndOtherExtensions() throws IOException {
        assertEquals("0>1 1>2", edges(read(write("g.edges.gz", "0 1\n1 2\n")).graph()));
        assertEquals("1>0", edges(read(write("h.el", "1 0\n")).graph()));
        assertEquals("g", read(dir.resolve("g.edges.gz")).name());
    }

    @Test
    void explicitNodeCountKeepsIsolatedNodes() throws IOException {
        Path p = write("n.csv", "0,1\n");
        GraphDataset ds = EdgeListReader.builder().optNumNodes(4).build().read(p, DatasetInfo.NONE);
        assertEquals(4, ds.numNodes());
        assertEquals(0, ds.graph().degree(3));
    }

    @Test
    void duplicatesDroppedKeepingFirstWeight() throws IOException {
        Path p = write("d.csv", "0,1,5\n0,1,7\n");
        assertEquals("0>1:5.0", edges(read(p).graph()));
    }

    @Test
    void undirectedAddsReversesListedDirectionWins() throws IOException {
        Path p = write("u.csv", "0,1,2\n1,0,3\n1,2,4\n2,2,1\n");
        GraphDataset ds = EdgeListReader.builder().optUndirected(true).build().read(p, DatasetInfo.NONE);
        assertEquals("0>1:2.0 1>0:3.0 1>2:4.0 2>1:4.0 2>2:1.0", edges(ds.graph()));
    }

    @Test
    void hintsNameTaskAndInverseEdges() throws IOException {
        Path p = write("x.csv", "0,1\n");
        GraphDataset ds = new EdgeListReader().read(p, new DatasetInfo("named", Task.BINARY, null, true, null));
        assertEquals("named", ds.name());
        assertEquals(Task.BINARY, ds.task());
        assertEquals("0>1 1>0", edges(ds.graph()));
    }

    @Test
    void sidecarsFoundBesideEdgeFile() throws IOException {
        Path p = write("cora.csv", "0,1\n1,2\n");
        Path f = write("cora.features.csv", "x,y\n1,2\n3,4\n5.5,6\n");
        Path l = write("cora.labels.csv", "0\n-1\n1\n");
        GraphDataset ds = read(p);
        assertEquals(2, ds.numFeatures());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5.5f, 6}, ds.features().toArray());
        assertArrayEquals(new int[] {0, -1, 1}, ds.labels());
        assertEquals(2, ds.numClasses());
        assertEquals(List.of(p.toString(), f.toString(), l.toString()), ds.provenance().sources());
    }

    @Test
    void sidecarsWithOtherExtensionAndGzip() throws IOException {
        Path p = write("g.tsv", "0\t1\n");
        write("g.features.txt.gz", "0.5 1\n2 3\n");
        write("g.labels.tsv", "node\tlabel\n1\t2\n");
        GraphDataset ds = read(p);
        assertArrayEquals(new float[] {0.5f, 1, 2, 3}, ds.features().toArray());
        assertArrayEquals(new int[] {-1, 2}, ds.labels());
    }

    @Test
    void labelPairsWithEmptyAndMissing() throws IOException {
        Path p = write("p.csv", "0,1\n2,3\n");
        write("p.labels.csv", "3,1\n0,\n1,0\n");
        assertArrayEquals(new int[] {-1, 0, -1, 1}, read(p).labels());
    }

    @Test
    void labelPerLineWithEmptyLines() throws IOException {
        Path p = write("q.csv", "0,1\n2,3\n");
        write("q.labels.txt", "\n2\n# comment line is not a node\n\n0\n");
        assertArrayEquals(new int[] {-1, 2, -1, 0}, read(p).labels());
    }

    @Test
    void explicitFeatureAndLabelFiles() throws IOException {
        Path p = write("e.csv", "0,1\n");
        write("e.features.csv", "9,9\n9,9\n");
        Path sub = Files.createDirectories(dir.resolve("other"));
        Path f = Files.writeString(sub.resolve("feat.txt"), "1\n2\n");
        Path l = Files.writeString(sub.resolve("lab.txt"), "1\n0\n");
        GraphDataset ds = EdgeListReader.builder().optFeatures(f).optLabels(l).build().read(p, DatasetInfo.NONE);
        assertArrayEquals(new float[] {1, 2}, ds.features().toArray());
        assertArrayEquals(new int[] {1, 0}, ds.labels());
    }

    @Test
    void detectionAndRegistration() throws IOException {
        Path p = write("a.csv", "0,1\n");
        Path f = write("a.features.csv", "1\n2\n");
        Path gz = write("b.txt.gz", "0 1\n");
        Path other = write("c.json", "{}");
        EdgeListReader r = new EdgeListReader();
        assertTrue(r.canRead(p));
        assertTrue(r.canRead(gz));
        assertFalse(r.canRead(f));
        assertFalse(r.canRead(other));
        assertFalse(r.canRead(dir));
        assertInstanceOf(EdgeListReader.class, DatasetFormats.detect(p));
        assertEquals("edgelist", DatasetFormats.byName("edgelist").format());
    }

    @Test
    void emptyFileGivesEmptyGraph() throws IOException {
        GraphDataset ds = read(write("empty.csv", "# nothing\n"));
        assertEquals(0, ds.numNodes());
    }

    // ---- errors: one line naming the file and the line ----

    @Test
    void wrongColumnCount() throws IOException {
        Path p = write("c1.csv", "0,1\n0,1,2\n");
        assertError(p, 2, "expected 2 comma-separated columns", fails(new EdgeListReader(), p));
        Path q = write("c2.csv", "# c\n7\n");
        assertError(q, 2, "expected 2 or 3", fails(new EdgeListReader(), q));
        Path r = write("c3.txt", "0 1 2 3\n");
        assertError(r, 1, "found 4", fails(new EdgeListReader(), r));
    }

    @Test
    void delimiterIsEnforced() throws IOException {
        Path p = write("mix.txt", "0,1\n1\t2\n");
        assertError(p, 2, "comma-separated", fails(new EdgeListReader(), p));
        Path q = write("mix2.tsv", "0\t1\n1 2\n");
        assertError(q, 2, "tab-separated", fails(new EdgeListReader(), q));
    }

    @Test
    void nonNumericId() throws IOException {
        Path p = write("nn.csv", "0,1\n0,x\n");
        assertError(p, 2, "non-numeric node id 'x'", fails(new EdgeListReader(), p));
        Path q = write("nn2.csv", "0,1\n1.5,2\n");
        assertError(q, 2, "non-numeric node id '1.5'", fails(new EdgeListReader(), q));
    }

    @Test
    void negativeId() throws IOException {
        Path p = write("neg.txt", "0 1\n-1 2\n");
        assertError(p, 2, "negative node id -1", fails(new EdgeListReader(), p));
    }

    @Test
    void idAtOrAboveGivenNodeCount() throws IOException {
        Path p = write("big.txt", "0 1\n1 2\n");
        assertError(p, 2, "node id 2 out of range for 2 nodes", fails(EdgeListReader.builder().optNumNodes(2).build(), p));
    }

    @Test
    void nonFiniteWeight() throws IOException {
        Path p = write("nan.txt", "0 1 1\n1 0 NaN\n");
        assertError(p, 2, "non-finite weight", fails(new EdgeListReader(), p));
        Path q = write("inf.txt", "0 1 Infinity\n");
        assertError(q, 1, "non-finite weight", fails(new EdgeListReader(), q));
        Path r = write("bad.txt", "0 1 heavy\n");
        assertError(r, 1, "non-numeric weight 'heavy'", fails(new EdgeListReader(), r));
    }

    @Test
    void nonFiniteFeature() throws IOException {
        Path p = write("nf.csv", "0,1\n");
        Path f = write("nf.features.csv", "1,2\nNaN,0\n");
        assertError(f, 2, "non-finite feature value", fails(new EdgeListReader(), p));
    }

    @Test
    void raggedFeatureRows() throws IOException {
        Path p = write("rg.csv", "0,1\n");
        Path f = write("rg.features.txt", "1 2\n3\n");
        assertError(f, 2, "ragged feature rows", fails(new EdgeListReader(), p));
    }

    @Test
    void featureRowCountDisagrees() throws IOException {
        Path p = write("fr.csv", "0,1\n1,2\n");
        Path f = write("fr.features.csv", "1\n2\n");
        assertError(f, 2, "has 2 feature rows, the graph has 3 nodes", fails(new EdgeListReader(), p));
        Files.writeString(f, "1\n2\n3\n4\n");
        assertError(f, 4, "more feature rows than the graph's 3 nodes", fails(new EdgeListReader(), p));
    }

    @Test
    void labelRowCountDisagrees() throws IOException {
        Path p = write("lr.csv", "0,1\n1,2\n");
        Path l = write("lr.labels.csv", "0\n1\n");
        assertError(l, 2, "has 2 label rows, the graph has 3 nodes", fails(new EdgeListReader(), p));
        Files.writeString(l, "0\n1\n0\n1\n");
        assertError(l, 4, "more label rows", fails(new EdgeListReader(), p));
    }

    @Test
    void badLabels() throws IOException {
        Path p = write("bl.csv", "0,1\n");
        Path l = write("bl.labels.csv", "0,1\n5,0\n");
        assertError(l, 2, "node id 5 out of range for 2 nodes", fails(new EdgeListReader(), p));
        Files.writeString(l, "0,1\n0,0\n");
        assertError(l, 2, "node 0 is labelled twice", fails(new EdgeListReader(), p));
        Files.writeString(l, "0\n-2\n");
        assertError(l, 2, "negative label -2", fails(new EdgeListReader(), p));
        Files.writeString(l, "0\ncat\n");
        assertError(l, 2, "non-numeric label 'cat'", fails(new EdgeListReader(), p));
    }

    @Test
    void truncatedGzip() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append(i).append(' ').append(i + 1).append('\n');
        }
        Path p = write("t.csv.gz", sb.toString());
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        assertError(p, 0, "truncated gzip", fails(new EdgeListReader(), p));
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("absent.csv");
        assertError(p, 0, "file not found", fails(new EdgeListReader(), p));
    }
}
