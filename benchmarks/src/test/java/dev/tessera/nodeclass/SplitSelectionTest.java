package dev.tessera.nodeclass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitSelectionTest {
    private static GraphDataset dataset(String defaultSplit, String... names) {
        List<Split> splits = new ArrayList<>();
        for (String n : names) {
            splits.add(new Split(n, new int[] {0}, new int[] {1}, new int[] {2}));
        }
        return GraphDataset.builder().setName("toy").setGraph(CsrGraph.of(new long[] {0, 0, 0, 0}, new int[0], null))
                .optSplits(splits).optDefaultSplit(defaultSplit).build();
    }

    @Test
    void singleSplitIsTheDefaultOrTheNamedOne() {
        GraphDataset ds = dataset("public", "public", "geom-gcn-fold0", "geom-gcn-fold1");
        assertEquals(List.of("public"), SplitSelection.resolve(ds, null, false).names());
        assertEquals(List.of("geom-gcn-fold1"), SplitSelection.resolve(ds, "geom-gcn-fold1", false).names());
    }

    @Test
    void allSplitsIsTheOnlyFoldFamilyInNumericOrder() {
        GraphDataset ds = dataset("public", "public", "geom-gcn-fold10", "geom-gcn-fold2", "geom-gcn-fold1");
        SplitSelection s = SplitSelection.resolve(ds, null, true);
        assertEquals(List.of("geom-gcn-fold1", "geom-gcn-fold2", "geom-gcn-fold10"), s.names());
        assertEquals("geom-gcn-fold*", s.label());
    }

    @Test
    void severalFamiliesNeedASplitToChooseOne() {
        GraphDataset ds = dataset("a0", "a0", "a1", "b0", "b1");
        TesseraException e = assertThrows(TesseraException.class, () -> SplitSelection.resolve(ds, null, true));
        assertTrue(e.getMessage().startsWith("--all-splits: toy has several fold families"), e.getMessage());
        assertEquals(List.of("b0", "b1"), SplitSelection.resolve(ds, "b1", true).names());
    }

    @Test
    void unknownSplitNamesTheOptionAndTheChoices() {
        GraphDataset ds = dataset("public", "public");
        TesseraException e = assertThrows(TesseraException.class, () -> SplitSelection.resolve(ds, "fold3", false));
        assertEquals("--split: toy has no split 'fold3' (it has public)", e.getMessage());
    }
}
