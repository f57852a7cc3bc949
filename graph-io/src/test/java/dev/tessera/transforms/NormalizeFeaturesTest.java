package dev.tessera.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizeFeaturesTest {
    private static final float[] X = {1, 3, 0, 0, 2, 2, -1, 3};
    private static final float[] EXPECTED = {0.25f, 0.75f, 0, 0, 0.5f, 0.5f, -0.5f, 1.5f};

    @Test
    void rowsSumToOneZeroRowsLeftAlone() {
        NodeFeatures y = NormalizeFeatures.normalize(NodeFeatures.of(X.clone(), 4, 2));
        assertArrayEquals(EXPECTED, y.toArray(), 1e-7f);
    }

    @Test
    void segmentFeatures() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(ValueLayout.JAVA_FLOAT, X.length);
            MemorySegment.copy(X, 0, seg, ValueLayout.JAVA_FLOAT, 0, X.length);
            NodeFeatures y = NormalizeFeatures.normalize(NodeFeatures.of(seg, 4, 2));
            assertArrayEquals(EXPECTED, y.toArray(), 1e-7f);
        }
    }

    @Test
    void inputUntouchedAndNoFeaturesIsNoOp() {
        float[] x = X.clone();
        NormalizeFeatures.normalize(NodeFeatures.of(x, 4, 2));
        assertArrayEquals(X, x);
        NodeFeatures none = NodeFeatures.none(3);
        assertSame(none, NormalizeFeatures.normalize(none));
    }

    @Test
    void applyRecords() {
        GraphDataset ds = GraphDataset.builder().setName("t").setGraph(new CsrBuilder(4).build())
                .optFeatures(NodeFeatures.of(X.clone(), 4, 2)).build();
        GraphDataset out = new NormalizeFeatures().apply(ds);
        assertArrayEquals(EXPECTED, out.features().toArray(), 1e-7f);
        assertEquals(List.of("normalize-features"), out.provenance().transforms());
    }
}
