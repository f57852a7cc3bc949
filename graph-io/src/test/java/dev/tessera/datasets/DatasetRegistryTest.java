package dev.tessera.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetRegistryTest {
    private static final String HEADER = "name,format,binary_layout,url,files,sha256,metric,task,default_split,"
            + "add_inverse_edge,num_nodes,num_classes,description\n";

    private final DatasetRegistry registry = DatasetRegistry.load();

    @Test
    void shippedRegistryListsTheNamedDatasets() {
        assertEquals(List.of("cora", "citeseer", "pubmed", "roman-empire", "amazon-ratings", "minesweeper", "tolokers",
                "questions", "chameleon-filtered", "squirrel-filtered", "texas", "cornell", "wisconsin", "ogbn-arxiv",
                "ogbn-products", "ogbn-papers100M", "karate"), registry.names());
    }

    @Test
    void everyEntryHasAKnownFormatMetricTaskAndSplit() {
        for (RegistryEntry e : registry.entries()) {
            assertTrue(DatasetRegistry.FORMATS.contains(e.format()), e.name());
            assertNotNull(e.metric(), e.name());
            assertNotNull(e.task(), e.name());
            assertFalse(e.defaultSplit().isBlank(), e.name());
            assertTrue(e.numNodes() > 0 && e.numClasses() >= 2, e.name());
            assertEquals(e.files().size(), e.sha256().size(), e.name());
            assertTrue(e.url().endsWith("/"), e.name() + ": base URL must end in /");
            assertFalse(e.description().isBlank(), e.name());
            // Binary tasks are exactly the two-class ones.
            assertEquals(e.task() == Task.BINARY, e.numClasses() == 2, e.name());
        }
    }

    @Test
    void planetoidEntriesListEightFilesAndPinOnlyKnownChecksums() {
        RegistryEntry cora = registry.get("cora");
        assertEquals("planetoid", cora.format());
        assertEquals(8, cora.files().size());
        assertEquals("ind.cora.test.index", cora.files().get(7));
        for (int i = 0; i < 8; i++) {
            assertNotNull(cora.pinnedSha256(i), cora.files().get(i));
        }
        RegistryEntry pubmed = registry.get("pubmed");
        for (int i = 0; i < 8; i++) {
            assertNull(pubmed.pinnedSha256(i), "no original pubmed file was at hand, so nothing may be pinned");
        }
        assertNotNull(registry.get("texas").pinnedSha256(0));
        assertNull(registry.get("tolokers").pinnedSha256(0));
        assertEquals("chameleon_filtered.npz", registry.get("chameleon-filtered").files().getFirst());
    }

    @Test
    void ogbFactsFollowOgbMasterCsv() {
        RegistryEntry arxiv = registry.get("ogbn-arxiv");
        assertEquals(new DatasetInfo("ogbn-arxiv", Task.MULTICLASS, Metric.ACCURACY, false, "time"), arxiv.hints());
        assertEquals(List.of("arxiv.zip"), arxiv.files());
        assertTrue(arxiv.zipped());
        assertEquals(new DatasetInfo("ogbn-products", Task.MULTICLASS, Metric.ACCURACY, true, "sales_ranking"),
                registry.hints("ogbn-products"));
        RegistryEntry papers = registry.get("ogbn-papers100M");
        assertTrue(papers.binaryLayout());
        assertFalse(arxiv.binaryLayout());
        assertEquals("time", papers.defaultSplit());
    }

    @Test
    void namesResolveWithOgbStyleAliases() {
        assertSame(registry.get("ogbn-arxiv"), registry.find("ogbn_arxiv").orElseThrow());
        assertSame(registry.get("ogbn-arxiv"), registry.find("arxiv").orElseThrow());
        assertSame(registry.get("ogbn-papers100M"), registry.find("ogbn_papers100m").orElseThrow());
        assertSame(registry.get("ogbn-papers100M"), registry.find("papers100M").orElseThrow());
        assertSame(registry.get("chameleon-filtered"), registry.find("chameleon_filtered").orElseThrow());
        assertSame(registry.get("roman-empire"), registry.find("Roman-Empire").orElseThrow());
        assertSame(registry.get("cora"), registry.find(" Cora ").orElseThrow());
        assertTrue(registry.find("flickr").isEmpty());
        TesseraException e = assertThrows(TesseraException.class, () -> registry.get("flickr"));
        assertTrue(e.getMessage().startsWith("unknown dataset 'flickr' (known: cora, citeseer,"), e.getMessage());
    }

    @Test
    void hintsComeFromTheEntryAndAreEmptyForUnknownNames() {
        assertEquals(new DatasetInfo("minesweeper", Task.BINARY, Metric.ROCAUC, true, "fold0"), registry.hints("minesweeper"));
        assertEquals(new DatasetInfo("cora", Task.MULTICLASS, Metric.ACCURACY, false, "public"), registry.hints("CORA"));
        assertEquals(new DatasetInfo("karate", Task.BINARY, Metric.ACCURACY, true, "public"), registry.hints("karate"));
        assertSame(DatasetInfo.NONE, registry.hints("/some/folder"));
    }

    @Test
    void shippedEntryListsResourcesThatExist() throws Exception {
        RegistryEntry karate = registry.get("karate");
        assertTrue(karate.shipped());
        assertFalse(registry.get("cora").shipped());
        for (String f : karate.files()) {
            String resource = karate.url().substring(RegistryEntry.CLASSPATH.length()) + f;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
                assertNotNull(in, resource);
            }
        }
    }

    @Test
    void quotedFieldsAndPartialChecksumsParse() {
        String sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        DatasetRegistry r = DatasetRegistry.parse("t.csv", "# comment\n\n" + HEADER
                + "x_y,npz,false,http://h/,a;b,;" + sha.toUpperCase() + ",rocauc,binary,fold0,true,5,2,\"says \"\"hi\"\", twice\"\n");
        RegistryEntry e = r.get("x-y");
        assertEquals(List.of("a", "b"), e.files());
        assertNull(e.pinnedSha256(0));
        assertEquals(sha, e.pinnedSha256(1));
        assertEquals("says \"hi\", twice", e.description());
        assertEquals(5, e.numNodes());
    }

    @Test
    void malformedRowsNameTheFileAndLine() {
        assertMessage("t.csv:3: expected 13 fields, found 3", HEADER + "\nx,npz,false\n");
        assertMessage("t.csv:2: x: unknown format 'pickle' (known: npz, ogb, planetoid)",
                HEADER + "x,pickle,false,http://h/,a,,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: 2 files but 1 sha256 values",
                HEADER + "x,npz,false,http://h/,a;b,abc,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: sha256 'abc' is not 64 hex digits",
                HEADER + "x,npz,false,http://h/,a,abc,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: unknown metric 'mse' (expected accuracy, rocauc or macro-f1)",
                HEADER + "x,npz,false,http://h/,a,,mse,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: add_inverse_edge must be true or false, not 'yes'",
                HEADER + "x,npz,false,http://h/,a,,accuracy,multiclass,s,yes,5,2,d\n");
        assertMessage("t.csv:2: x: bad file name '../a' (relative, no '..')",
                HEADER + "x,npz,false,http://h/,../a,,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:3: dataset 'X' is listed twice", HEADER
                + "x,npz,false,http://h/,a,,accuracy,multiclass,s,false,5,2,d\n"
                + "X,npz,false,http://h/,a,,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: url 'ftp://h/' must start with http://, https:// or classpath:",
                HEADER + "x,npz,false,ftp://h/,a,,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: base url 'http://h' must end in /",
                HEADER + "x,npz,false,http://h,a,,accuracy,multiclass,s,false,5,2,d\n");
        assertMessage("t.csv:2: x: empty default_split",
                HEADER + "x,npz,false,http://h/,a,,accuracy,multiclass, ,false,5,2,d\n");
        assertMessage("t.csv:1: header lacks column 'sha256'", "name,format,binary_layout,url,files\n");
        assertMessage("t.csv:2: unterminated double quote",
                HEADER + "x,npz,false,http://h/,a,,accuracy,multiclass,s,false,5,2,\"d\n");
    }

    private static void assertMessage(String expected, String text) {
        TesseraException e = assertThrows(TesseraException.class, () -> DatasetRegistry.parse("t.csv", text));
        assertEquals(expected, e.getMessage());
    }
}
