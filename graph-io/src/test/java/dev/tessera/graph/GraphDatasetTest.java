package dev.tessera.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GraphDatasetTest {
    private static final CsrGraph PATH = new CsrBuilder(3).addUndirectedEdge(0, 1).addUndirectedEdge(1, 2).build();

    @Test
    void defaultsFollowFromTheParts() {
        GraphDataset ds = GraphDataset.builder().setName("p").setGraph(PATH).optLabels(new int[] {0, 1, -1}, null)
                .optSplit(new Split("fold0", new int[] {0}, new int[] {1}, new int[] {2}))
                .optSplit(new Split("public", new int[] {1}, new int[] {0}, new int[] {2})).build();
        assertEquals(2, ds.numClasses());
        assertEquals(List.of("0", "1"), ds.classNames());
        assertEquals(Task.BINARY, ds.task());
        assertEquals(Metric.ROCAUC, ds.metric());
        assertEquals("public", ds.defaultSplitName(), "public wins over the first split");
        assertEquals(0, ds.numFeatures());
        assertFalse(ds.hasTexts());
        assertEquals("memory", ds.provenance().reader());
    }

    @Test
    void missingSplitNamesTheSplitsThereAre() {
        GraphDataset ds = GraphDataset.builder().setName("p").setGraph(PATH)
                .optSplit(new Split("fold0", new int[] {0}, new int[] {1}, new int[] {2})).build();
        TesseraException e = assertThrows(TesseraException.class, () -> ds.split("public"));
        assertTrue(e.getMessage().contains("fold0"), e.getMessage());
        GraphDataset none = GraphDataset.builder().setName("q").setGraph(PATH).build();
        assertThrows(TesseraException.class, none::defaultSplit);
    }

    @Test
    void inconsistentPartsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> GraphDataset.builder().setName("p").setGraph(PATH).optLabels(new int[] {0, 1}, null).build());
        assertThrows(IllegalArgumentException.class, () -> GraphDataset.builder().setName("p").setGraph(PATH)
                .optFeatures(NodeFeatures.of(new float[4], 2, 2)).build());
        assertThrows(IllegalArgumentException.class, () -> GraphDataset.builder().setName("p").setGraph(PATH)
                .optSplit(new Split("s", new int[] {3}, new int[0], new int[0])).build());
        assertThrows(IllegalArgumentException.class, () -> GraphDataset.builder().setName("p").setGraph(PATH)
                .optLabels(new int[] {0, 2, 1}, List.of("a", "b")).build());
    }

    @Test
    void textsAreLoadedOnceAndOnlyWhenRead() {
        AtomicInteger loads = new AtomicInteger();
        NodeTexts texts = NodeTexts.lazy(3, () -> {
            loads.incrementAndGet();
            return List.of("a", "b", "c");
        });
        GraphDataset ds = GraphDataset.builder().setName("p").setGraph(PATH).optTexts(texts).build();
        assertEquals(0, loads.get());
        assertEquals("b", ds.texts().orElseThrow().text(1));
        assertEquals("c", ds.texts().orElseThrow().text(2));
        assertEquals(1, loads.get());
    }

    @Test
    void toBuilderDerivesAChangedCopy() {
        GraphDataset ds = GraphDataset.builder().setName("p").setGraph(PATH).build();
        GraphDataset renamed = ds.toBuilder().setName("q").optProvenance(ds.provenance().withTransform("x")).build();
        assertEquals("q", renamed.name());
        assertEquals(List.of("x"), renamed.provenance().transforms());
        assertEquals("p", ds.name());
    }

    @Test
    void metricAndTaskParseTheirIdentifiers() {
        assertEquals(Metric.ROCAUC, Metric.parse("rocauc"));
        assertEquals(Metric.ACCURACY, Metric.parse("acc"));
        assertEquals(Task.MULTICLASS, Task.parse("multiclass"));
        assertThrows(TesseraException.class, () -> Metric.parse("mse"));
    }
}
