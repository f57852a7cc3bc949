package dev.tessera.io.planetoid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.ogb.OgbRawReader;
import dev.tessera.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The original Planetoid pickles ({@code data/_formats/planetoid}) read by {@link PlanetoidReader} must give
 * exactly the converted OGB-layout folders ({@code data/cora}, {@code data/citeseer}) read by
 * {@link OgbRawReader}: same N, same edge set, bit-identical features, same labels, same public split, same task
 * and metric. Skipped without the shared data.
 */
class PlanetoidSharedDataTest {
    @ParameterizedTest
    @ValueSource(strings = {"cora", "citeseer"})
    void equalsTheConvertedFolder(String name) {
        Path pickles = SharedData.require("data/_formats/planetoid");
        Path folder = SharedData.require("data/" + name);
        GraphDataset ds = new PlanetoidReader().read(pickles.resolve("ind." + name + ".graph"), DatasetInfo.NONE);
        GraphDataset expected = new OgbRawReader().read(folder, DatasetInfo.NONE);

        assertEquals(name, ds.name());
        assertEquals(expected.numNodes(), ds.numNodes());
        assertEquals(expected.graph().numEdges(), ds.graph().numEdges());
        assertEquals(expected.graph(), ds.graph());
        assertEquals(expected.numFeatures(), ds.numFeatures());
        // NodeFeatures.equals compares every value bitwise.
        assertEquals(expected.features(), ds.features());
        assertArrayEquals(expected.labels(), ds.labels());
        assertEquals(expected.numClasses(), ds.numClasses());
        Split pub = expected.split("public");
        assertEquals(pub, ds.split("public"));
        assertEquals(expected.task(), ds.task());
        assertEquals(expected.metric(), ds.metric());
    }
}
