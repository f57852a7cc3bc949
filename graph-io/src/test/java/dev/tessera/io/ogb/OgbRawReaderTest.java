package dev.tessera.io.ogb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Split;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetInfo;
import dev.tessera.progress.Progress;
import dev.tessera.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OgbRawReaderTest {
    @TempDir
    Path tmp;

    private GraphDataset read(Map<String, String> files) {
        return new OgbRawReader().read(TinyFolders.write(tmp.resolve("ds"), files), DatasetInfo.NONE);
    }

    @Test
    void readsTheTinyFolder() {
        GraphDataset ds = read(TinyFolders.valid());
        assertEquals("tiny", ds.name());
        assertEquals(4, ds.numNodes());
        // add_inverse_edge=true: 3 stored edges become 6 directed ones.
        CsrGraph g = ds.graph();
        assertEquals(6, g.numEdges());
        assertArrayEquals(new int[] {1}, g.neighbors(0));
        assertArrayEquals(new int[] {0, 2}, g.neighbors(1));
        assertArrayEquals(new int[] {1, 3}, g.neighbors(2));
        assertArrayEquals(new int[] {2}, g.neighbors(3));
        assertArrayEquals(new int[] {0, 2, 1, -1}, ds.labels());
        assertEquals(List.of("alpha", "beta", "gamma, delta"), ds.classNames());
        assertEquals(2, ds.numFeatures());
        assertArrayEquals(new float[] {0f, 1f, 0.5f, -2f, 1e-3f, 0.80703515f, 3f, 0f}, ds.features().toArray());
        assertEquals(List.of("public", "other"), new ArrayList<>(ds.splits().keySet()));
        assertEquals("other", ds.defaultSplitName());
        Split pub = ds.split("public");
        assertArrayEquals(new int[] {0, 1}, pub.train());
        assertArrayEquals(new int[] {2}, pub.valid());
        assertArrayEquals(new int[] {3}, pub.test());
        Split other = ds.split("other");
        assertArrayEquals(new int[] {2, 3}, other.train(), "stored 3,2: sorted ascending");
        assertArrayEquals(new int[0], other.valid());
        assertArrayEquals(new int[] {0}, other.test());
        assertEquals(Task.MULTICLASS, ds.task());
        assertEquals(Metric.ACCURACY, ds.metric());
        assertTrue(ds.hasTexts());
        assertEquals("zero", ds.texts().orElseThrow().text(0));
        assertEquals("one, \"quoted\"", ds.texts().orElseThrow().text(1));
        assertEquals("", ds.texts().orElseThrow().text(2));
        assertEquals("ogb", ds.provenance().reader());
        List<String> sources = ds.provenance().sources();
        assertTrue(sources.stream().anyMatch(s -> s.endsWith("edge.csv.gz")));
        assertTrue(sources.stream().anyMatch(s -> s.endsWith("node-feat.csv.gz")));
        assertTrue(sources.stream().anyMatch(s -> s.endsWith("info.properties")));
        assertTrue(sources.stream().anyMatch(s -> s.endsWith("other/train.csv.gz")));
    }

    @Test
    void storedEdgesAreKeptAsStoredWithoutInverse() {
        Map<String, String> f = TinyFolders.valid();
        f.put("info.properties", f.get("info.properties").replace("add_inverse_edge=true", "add_inverse_edge=false")
                .replace("num_edges=3", "num_edges=5"));
        f.put("raw/num-edge-list.csv.gz", "5\n");
        // A duplicate line and a self-loop: the duplicate collapses, the self-loop stays.
        f.put("raw/edge.csv.gz", "0,1\n1,2\n0,1\n2,2\n3,0\n");
        CsrGraph g = read(f).graph();
        assertEquals(4, g.numEdges());
        assertArrayEquals(new int[] {1}, g.neighbors(0));
        assertArrayEquals(new int[] {2}, g.neighbors(1));
        assertArrayEquals(new int[] {2}, g.neighbors(2));
        assertArrayEquals(new int[] {0}, g.neighbors(3));
        assertEquals(1, g.countSelfLoops());
    }

    @Test
    void inverseEdgesAreDeduplicated() {
        Map<String, String> f = TinyFolders.valid();
        f.put("info.properties", f.get("info.properties").replace("num_edges=3", "num_edges=5"));
        f.put("raw/num-edge-list.csv.gz", "5\n");
        // 1,0 is the reverse of 0,1 (already added as inverse); 2,2 is a self-loop whose reverse is itself.
        f.put("raw/edge.csv.gz", "0,1\n1,0\n1,2\n2,2\n0,1\n");
        CsrGraph g = read(f).graph();
        assertEquals(5, g.numEdges(), "pairs 0-1, 1-0, 1-2, 2-1, 2-2");
        assertTrue(g.hasEdge(0, 1) && g.hasEdge(1, 0) && g.hasEdge(1, 2) && g.hasEdge(2, 1) && g.hasEdge(2, 2));
        assertEquals(1, g.countSelfLoops());
    }

    @Test
    void labelsAcceptOgbFloatsAndNan() {
        Map<String, String> f = TinyFolders.valid();
        f.put("raw/node-label.csv.gz", "2.0\nnan\n0.0\n-1\n");
        assertArrayEquals(new int[] {2, -1, 0, -1}, read(f).labels());
    }

    @Test
    void withoutInfoUsesHintsThenDefaults() throws Exception {
        Map<String, String> f = TinyFolders.valid();
        f.remove("info.properties");
        f.remove("mapping/labelidx2name.csv.gz");
        f.put("raw/node-label.csv.gz", "0\n1\n1\nnan\n");
        Path dir = TinyFolders.write(tmp.resolve("ogbn_tiny"), f);
        GraphDataset ds = new OgbRawReader().read(dir, DatasetInfo.NONE);
        assertEquals("ogbn_tiny", ds.name());
        assertEquals(3, ds.graph().numEdges(), "add_inverse_edge defaults to false");
        assertEquals(List.of("0", "1"), ds.classNames(), "classes from the largest label");
        assertEquals(Task.BINARY, ds.task(), "2 classes: binary");
        assertEquals(List.of("other", "public"), new ArrayList<>(ds.splits().keySet()), "name order");
        assertEquals("public", ds.defaultSplitName());

        DatasetInfo hints = new DatasetInfo("tiny-hinted", Task.MULTICLASS, Metric.MACRO_F1, true, "other");
        GraphDataset hinted = new OgbRawReader().read(dir, hints);
        assertEquals("tiny-hinted", hinted.name());
        assertEquals(6, hinted.graph().numEdges());
        assertEquals(Task.MULTICLASS, hinted.task());
        assertEquals(Metric.MACRO_F1, hinted.metric());
        assertEquals("other", hinted.defaultSplitName());
    }

    @Test
    void infoWinsOverHints() {
        Path dir = TinyFolders.write(tmp.resolve("ds"), TinyFolders.valid());
        GraphDataset ds = new OgbRawReader().read(dir, new DatasetInfo("x", Task.BINARY, Metric.ROCAUC, false, "public"));
        assertEquals("tiny", ds.name());
        assertEquals(6, ds.graph().numEdges());
        assertEquals(Task.MULTICLASS, ds.task());
        assertEquals("other", ds.defaultSplitName());
    }

    @Test
    void readsAnOgbDownloadWithPlainFilesAndExtras() throws Exception {
        // Like ogbn-arxiv: no info.properties, split/time, extra raw files, an OGB-named mapping with its own header.
        Map<String, String> f = new LinkedHashMap<>();
        f.put("raw/num-node-list.csv", "3\n");
        f.put("raw/num-edge-list.csv.gz", "2\n");
        f.put("raw/edge.csv", "0,1\r\n2,0\r\n");
        f.put("raw/node-label.csv.gz", "1.0\n0.0\nnan\n");
        f.put("raw/node_year.csv.gz", "2010\n2011\n2012\n");
        f.put("split/time/train.csv.gz", "0\n");
        f.put("split/time/valid.csv", "1\n");
        f.put("split/time/test.csv.gz", "2\n");
        f.put("mapping/labelidx2arxivcategeory.csv.gz", "label idx,arxiv category\n0,arxiv cs na\n1,arxiv cs mm\n");
        f.put("mapping/nodeidx2paperid.csv.gz", "node idx,paper id\n0,9657784\n");
        Path dir = TinyFolders.write(tmp.resolve("ogbn_arxiv"), f);
        OgbRawReader reader = new OgbRawReader();
        assertTrue(reader.canRead(dir));
        GraphDataset ds = reader.read(dir, DatasetInfo.NONE);
        assertEquals("ogbn_arxiv", ds.name());
        assertEquals(2, ds.graph().numEdges());
        assertTrue(ds.graph().hasEdge(2, 0));
        assertArrayEquals(new int[] {1, 0, -1}, ds.labels());
        assertEquals(List.of("arxiv cs na", "arxiv cs mm"), ds.classNames());
        assertEquals("time", ds.defaultSplitName());
        assertEquals(0, ds.numFeatures());
        assertFalse(ds.hasTexts());

        // The raw folder itself: splits and mapping are found beside it.
        assertTrue(reader.canRead(dir.resolve("raw")));
        GraphDataset fromRaw = reader.read(dir.resolve("raw"), DatasetInfo.NONE);
        assertEquals("ogbn_arxiv", fromRaw.name());
        assertEquals(ds.graph(), fromRaw.graph());
        assertEquals(ds.splits(), fromRaw.splits());
    }

    @Test
    void textsFallBackToTitleAndAbstract() {
        Map<String, String> f = TinyFolders.valid();
        f.put("raw/node-text.jsonl.gz", "{\"id\": 0, \"title\": \"T0\"}\n{\"id\": 1, \"title\": \"T1\", \"abstract\": \"A1\"}\n"
                + "{\"id\": 2, \"title\": \"T2\", \"arxiv_id\": \"1\"}\n{\"id\": 3, \"text\": \"x\"}\n");
        GraphDataset ds = read(f);
        assertEquals("T0", ds.texts().orElseThrow().text(0));
        assertEquals("T1 : A1", ds.texts().orElseThrow().text(1));
        assertEquals("T2", ds.texts().orElseThrow().text(2));
    }

    @Test
    void bigFeatureFilesParseInParallelBlocksInOrder() {
        // Enough rows for many parse blocks; row r holds r and r / 8 exactly.
        int n = 40_000;
        StringBuilder feat = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int r = 0; r < n; r++) {
            feat.append(r).append(',').append(r / 8.0).append('\n');
            labels.append(r % 3).append('\n');
        }
        Map<String, String> f = TinyFolders.valid();
        f.remove("info.properties");
        f.remove("raw/node-text.jsonl.gz");
        f.put("raw/num-node-list.csv.gz", n + "\n");
        f.put("raw/node-feat.csv.gz", feat.toString());
        f.put("raw/node-label.csv.gz", labels.toString());
        GraphDataset ds = read(f);
        float[] x = ds.features().toArray();
        for (int r = 0; r < n; r++) {
            assertEquals(r, x[2 * r]);
            assertEquals((float) (r / 8.0), x[2 * r + 1]);
        }
    }

    @Test
    void readsTheShippedKarateDataset() {
        // data/datasets/karate: the OGB layout with plain .csv files, each undirected edge stored once.
        Path karate = SharedData.repositoryRoot().resolve("data/datasets/karate");
        Assumptions.assumeTrue(Files.isDirectory(karate), "the repository's data module is absent");
        GraphDataset ds = DatasetFormats.detect(karate).read(karate, DatasetInfo.NONE);
        assertEquals("karate", ds.name());
        assertEquals(34, ds.numNodes());
        assertEquals(156, ds.graph().numEdges(), "78 stored edges, both directions");
        assertEquals(34, ds.numFeatures());
        assertEquals(List.of("Mr. Hi", "Officer"), ds.classNames());
        assertEquals(Task.BINARY, ds.task());
        Split pub = ds.split("public");
        assertEquals(34, pub.train().length + pub.valid().length + pub.test().length);
    }

    @Test
    void detectedByDatasetFormats() {
        Path dir = TinyFolders.write(tmp.resolve("ds"), TinyFolders.valid());
        assertSame(OgbRawReader.class, DatasetFormats.detect(dir).getClass());
        assertSame(OgbRawReader.class, DatasetFormats.byName("ogb").getClass());
        assertEquals("ogb", new OgbRawReader().format());
        assertFalse(new OgbRawReader().canRead(tmp.resolve("ds/split")));
        assertFalse(new OgbRawReader().canRead(dir.resolve("info.properties")));
    }

    @Test
    void noSplitsIsAllowed() throws Exception {
        Map<String, String> f = TinyFolders.valid();
        f.keySet().removeIf(k -> k.startsWith("split/"));
        f.put("info.properties", f.get("info.properties").replace("splits=public,other\ndefault_split=other\n", ""));
        GraphDataset ds = read(f);
        assertTrue(ds.splits().isEmpty());
        assertNull(ds.defaultSplitName());
        assertFalse(Files.exists(tmp.resolve("ds/split")));
    }

    @Test
    void reportsEachLargeFileInBytesSummingToItsSize() throws Exception {
        // 20,000 edges of a ring: the gzip file is larger than one 64 KiB read, so it is reported in several steps.
        int n = 20_000;
        StringBuilder edges = new StringBuilder();
        StringBuilder labels = new StringBuilder();
        for (int v = 0; v < n; v++) {
            edges.append(v).append(',').append((v + 7919) % n).append('\n');
            labels.append(v % 3).append('\n');
        }
        Map<String, String> f = new LinkedHashMap<>();
        f.put("raw/num-node-list.csv.gz", n + "\n");
        f.put("raw/num-edge-list.csv.gz", n + "\n");
        f.put("raw/edge.csv.gz", edges.toString());
        f.put("raw/node-label.csv", labels.toString());
        f.put("raw/node-feat.csv.gz", labels.toString().replace("\n", ",1\n"));
        Path dir = TinyFolders.write(tmp.resolve("ds"), f);

        RecordingProgress progress = new RecordingProgress();
        GraphDataset ds = new OgbRawReader().read(dir, DatasetInfo.NONE, progress);
        assertEquals(n, ds.graph().numEdges());

        assertEquals(List.of("read edge.csv.gz", "build graph", "read node-label.csv", "read node-feat.csv.gz"),
                progress.tasks.stream().map(t -> t.name).toList());
        for (RecordingProgress.Recorded t : progress.tasks) {
            assertTrue(t.closed, t.name);
            if (t.name.startsWith("read ")) {
                long size = Files.size(dir.resolve("raw").resolve(t.name.substring(5)));
                assertEquals(size, t.total, t.name);
                assertEquals(size, t.steps.stream().mapToLong(Long::longValue).sum(), t.name);
                assertTrue(t.steps.stream().allMatch(s -> s > 0), t.name);
            } else {
                assertEquals(-1, t.total, "build graph: a one-shot task");
                assertTrue(t.steps.isEmpty());
            }
        }
        assertTrue(progress.tasks.get(0).steps.size() > 1, "edge.csv.gz read in several steps");
    }

    @Test
    void withoutProgressReadsTheSame() {
        Path dir = TinyFolders.write(tmp.resolve("ds"), TinyFolders.valid());
        RecordingProgress progress = new RecordingProgress();
        GraphDataset quiet = new OgbRawReader().read(dir, DatasetInfo.NONE);
        GraphDataset reported = new OgbRawReader().read(dir, DatasetInfo.NONE, progress);
        assertEquals(quiet.graph().numEdges(), reported.graph().numEdges());
        assertArrayEquals(quiet.labels(), reported.labels());
        assertArrayEquals(quiet.features().toArray(), reported.features().toArray());
        assertEquals(4, progress.tasks.size(), "edges, graph, labels, features; not the small count and split files");
    }

    /** Records every task started, with its steps. */
    private static final class RecordingProgress implements Progress {
        final List<Recorded> tasks = new ArrayList<>();

        @Override
        public Progress.Task start(String name, long total, String unit) {
            Recorded r = new Recorded(name, total);
            tasks.add(r);
            return r;
        }

        static final class Recorded implements Progress.Task {
            final String name;
            final long total;
            final List<Long> steps = new ArrayList<>();
            boolean closed;

            Recorded(String name, long total) {
                this.name = name;
                this.total = total;
            }

            @Override
            public void step(long n) {
                assertFalse(closed, name + ": stepped after close");
                steps.add(n);
            }

            @Override
            public void message(String text) {
            }

            @Override
            public void close() {
                closed = true;
            }
        }
    }
}
