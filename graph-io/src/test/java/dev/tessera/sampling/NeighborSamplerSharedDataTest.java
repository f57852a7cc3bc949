package dev.tessera.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.ogb.OgbRawReader;
import dev.tessera.testing.SharedData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sampling a real dense graph: tolokers (11,758 nodes, 1,038,000 directed edges, hubs of degree in the thousands). */
class NeighborSamplerSharedDataTest {
    @Test
    void tolokersBatchesAreInducedAndCoverTheTrainingFold() {
        GraphDataset ds = new OgbRawReader().read(SharedData.require("data/tolokers"), DatasetInfo.NONE);
        CsrGraph g = ds.graph();
        int[] train = ds.split("fold0").train();
        NeighborSampler sampler = NeighborSampler.builder().setDataset(ds).setFanouts(10, 5).optSeed(1)
                .optThreads(2).build();
        int[] seen = new int[g.numNodes()];
        int[] local = new int[g.numNodes()];
        Arrays.fill(local, -1);
        try (BatchIterator it = sampler.batches(train, 512, 0)) {
            while (it.hasNext()) {
                SampledBatch b = it.next();
                for (int s : b.seedIds()) {
                    seen[s]++;
                }
                int[] hops = b.hopOffsets();
                assertTrue(hops[2] - hops[1] <= 10 * hops[1]);
                assertTrue(hops[3] - hops[2] <= 5 * (hops[2] - hops[1]));
                if (b.index() >= 2) {
                    continue; // the full induced check scans a million edges per batch; two batches suffice
                }
                int[] ids = b.originalIds();
                for (int j = 0; j < ids.length; j++) {
                    local[ids[j]] = j;
                }
                long inside = 0;
                for (int j = 0; j < ids.length; j++) {
                    for (long e = g.rowStart(ids[j]); e < g.rowEnd(ids[j]); e++) {
                        int t = local[g.target(e)];
                        if (t >= 0) {
                            inside++;
                            assertTrue(b.graph().hasEdge(j, t));
                        }
                    }
                    assertEquals(ds.labels()[ids[j]], b.labels()[j]);
                    assertArrayEquals(ds.features().row(ids[j]), b.features().row(j));
                }
                assertEquals(inside, b.graph().numEdges());
                for (int id : ids) {
                    local[id] = -1;
                }
            }
        }
        for (int v : train) {
            assertEquals(1, seen[v], "training node " + v);
            seen[v] = 0;
        }
        assertEquals(0, Arrays.stream(seen).sum(), "only training nodes seed batches");
    }
}
