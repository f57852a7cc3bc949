package dev.tessera.io.planetoid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.TextLines;
import dev.tessera.testing.SharedData;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The original Planetoid pickles ({@code data/_formats/planetoid}) read by {@link PlanetoidReader} must give
 * exactly the converted OGB-layout folders ({@code data/cora}, {@code data/citeseer}): same N, same edge set,
 * bit-identical features, same labels, same public split. The OGB files are read here with a few lines of
 * {@link TextLines}. Skipped without the shared data.
 */
class PlanetoidSharedDataTest {
    @ParameterizedTest
    @ValueSource(strings = {"cora", "citeseer"})
    void equalsTheConvertedFolder(String name) {
        Path pickles = SharedData.require("data/_formats/planetoid");
        Path ogb = SharedData.require("data/" + name);
        GraphDataset ds = new PlanetoidReader().read(pickles.resolve("ind." + name + ".graph"), DatasetInfo.NONE);

        int n = ints(ogb.resolve("raw/num-node-list.csv.gz"))[0];
        assertEquals(n, ds.numNodes());
        assertEquals(name, ds.name());

        CsrBuilder b = new CsrBuilder(n);
        try (TextLines lines = TextLines.open(ogb.resolve("raw/edge.csv.gz"))) {
            for (String line; (line = lines.next()) != null; ) {
                String[] p = line.split(",");
                b.addEdge(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
        }
        CsrGraph expected = b.build();
        assertEquals(ints(ogb.resolve("raw/num-edge-list.csv.gz"))[0], ds.graph().numEdges());
        assertEquals(expected, ds.graph());

        int f = ds.numFeatures();
        try (TextLines lines = TextLines.open(ogb.resolve("raw/node-feat.csv.gz"))) {
            int v = 0;
            for (String line; (line = lines.next()) != null; v++) {
                String[] p = line.split(",");
                assertEquals(f, p.length, "feature width, node " + v);
                for (int j = 0; j < f; j++) {
                    float x = ds.features().get(v, j);
                    if (Float.floatToRawIntBits(Float.parseFloat(p[j])) != Float.floatToRawIntBits(x)) {
                        assertEquals(p[j], Float.toString(x), "feature (" + v + ", " + j + ")");
                    }
                }
            }
            assertEquals(n, v);
        }

        assertArrayEquals(ints(ogb.resolve("raw/node-label.csv.gz")), ds.labels());
        Split pub = ds.split("public");
        assertArrayEquals(ints(ogb.resolve("split/public/train.csv.gz")), pub.train());
        assertArrayEquals(ints(ogb.resolve("split/public/valid.csv.gz")), pub.valid());
        assertArrayEquals(ints(ogb.resolve("split/public/test.csv.gz")), pub.test());
    }

    private static int[] ints(Path file) {
        IntArrayList out = new IntArrayList();
        try (TextLines lines = TextLines.open(file)) {
            for (String line; (line = lines.next()) != null; ) {
                out.add(Integer.parseInt(line.trim()));
            }
        }
        return out.toIntArray();
    }
}
