package dev.tessera.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighborSamplerTest {
    /** 0->1, 0->2, 1->3, 2->3, 3->4, 4->5: a diamond with a tail. */
    private static CsrGraph diamond() {
        return new CsrBuilder(6).addEdge(0, 1).addEdge(0, 2).addEdge(1, 3).addEdge(2, 3).addEdge(3, 4)
                .addEdge(4, 5).build();
    }

    /** Centre 0 and leaves 1..d, edges both ways. */
    private static CsrGraph star(int d) {
        CsrBuilder b = new CsrBuilder(d + 1);
        for (int leaf = 1; leaf <= d; leaf++) {
            b.addUndirectedEdge(0, leaf);
        }
        return b.build();
    }

    /** A random directed graph with out-degrees up to 2·avg, weights = 1000·src + dst (so an edge names itself). */
    private static CsrGraph randomDirected(int n, int avg, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        CsrBuilder b = new CsrBuilder(n);
        for (int u = 0; u < n; u++) {
            int d = r.nextInt(2 * avg + 1);
            for (int i = 0; i < d; i++) {
                int v = r.nextInt(n);
                b.addEdge(u, v, 1000f * u + v);
            }
        }
        return b.build();
    }

    private static NeighborSampler.Builder on(CsrGraph g, int... fanouts) {
        return NeighborSampler.builder().setGraph(g).setFanouts(fanouts);
    }

    @Test
    void fanoutAtLeastDegreeGivesTheWholeOutNeighbourhoodInHopOrder() {
        SampledBatch b = on(diamond(), -1, 5).optDirection(Direction.OUT).build().sample(new int[] {0});
        // Hop 1 takes row 0 in stored order (1, 2); hop 2 reaches 3 from 1 and again from 2; 4 is three hops away.
        assertArrayEquals(new int[] {0, 1, 2, 3}, b.originalIds());
        assertArrayEquals(new int[] {0, 1, 3, 4}, b.hopOffsets());
        assertEquals(1, b.numSeeds());
        assertEquals(2, b.numHops());
        CsrGraph expected = new CsrBuilder(4).addEdge(0, 1).addEdge(0, 2).addEdge(1, 3).addEdge(2, 3).build();
        assertEquals(expected, b.graph());
    }

    @Test
    void inDirectionWalksEdgesBackwardsAndKeepsTheirOrientation() {
        SampledBatch b = on(diamond(), 5, 5).build().sample(new int[] {3});
        // In-neighbours of 3 are 1 and 2; of 1 and of 2, node 0.
        assertArrayEquals(new int[] {3, 1, 2, 0}, b.originalIds());
        assertArrayEquals(new int[] {0, 1, 3, 4}, b.hopOffsets());
        // Original edges 0->1, 0->2, 1->3, 2->3 in local ids (0 is local 3, 3 is local 0).
        CsrGraph expected = new CsrBuilder(4).addEdge(3, 1).addEdge(3, 2).addEdge(1, 0).addEdge(2, 0).build();
        assertEquals(expected, b.graph());
        SampledBatch out = on(diamond(), 5, 5).optDirection(Direction.OUT).build().sample(new int[] {3});
        assertArrayEquals(new int[] {3, 4, 5}, out.originalIds());
    }

    @Test
    void fanoutZeroSamplesNothingButTheInducedGraphStillLinksTheSeeds() {
        NeighborSampler induced = on(diamond(), 0, 3).optDirection(Direction.OUT).build();
        SampledBatch b = induced.sample(new int[] {1, 0});
        assertArrayEquals(new int[] {1, 0}, b.originalIds());
        assertArrayEquals(new int[] {0, 2, 2, 2}, b.hopOffsets());
        assertEquals(new CsrBuilder(2).addEdge(1, 0).build(), b.graph());
        SampledBatch s = on(diamond(), 0, 3).optDirection(Direction.OUT).optSubgraphEdges(SubgraphEdges.SAMPLED)
                .build().sample(new int[] {1, 0});
        assertEquals(0, s.graph().numEdges());
        assertEquals(2, s.graph().numNodes());
    }

    @Test
    void starWithFanoutTwoGivesExactlyTwoLeaves() {
        NeighborSampler sampler = on(star(10), 2).build();
        for (int i = 0; i < 50; i++) {
            SampledBatch b = sampler.sample(new int[] {0}, 0, i);
            int[] ids = b.originalIds();
            assertEquals(3, ids.length);
            assertEquals(0, ids[0]);
            assertTrue(ids[1] >= 1 && ids[2] >= 1 && ids[1] != ids[2], Arrays.toString(ids));
            assertEquals(4, b.graph().numEdges()); // centre <-> each leaf; leaves are not linked
        }
    }

    @Test
    void largeFanoutDrawsDistinctNeighbours() {
        // 60 of 100 takes Floyd's hash-set path.
        NeighborSampler sampler = on(star(100), 60).build();
        for (int i = 0; i < 20; i++) {
            SampledBatch b = sampler.sample(new int[] {0}, 3, i);
            assertEquals(61, b.numNodes());
            assertEquals(61, Arrays.stream(b.originalIds()).distinct().count());
        }
    }

    @Test
    void inducedBatchesHoldExactlyTheOriginalEdgesAmongSampledNodes() {
        CsrGraph g = randomDirected(200, 4, 11);
        for (Direction dir : Direction.values()) {
            NeighborSampler sampler = on(g, 3, 2).optDirection(dir).optSeed(5).build();
            for (int i = 0; i < 20; i++) {
                int[] seeds = {i, 199 - i, 100 + i};
                SampledBatch b = sampler.sample(seeds, 1, i);
                assertArrayEquals(seeds, Arrays.copyOf(b.originalIds(), 3));
                int[] ids = b.originalIds();
                int[] local = new int[g.numNodes()];
                Arrays.fill(local, -1);
                for (int j = 0; j < ids.length; j++) {
                    assertEquals(-1, local[ids[j]], "node " + ids[j] + " sampled twice");
                    local[ids[j]] = j;
                }
                long inside = 0;
                for (int j = 0; j < ids.length; j++) {
                    for (int t : g.neighbors(ids[j])) {
                        if (local[t] >= 0) {
                            inside++;
                            assertTrue(b.graph().hasEdge(j, local[t]), "original edge " + ids[j] + "->" + t + " missing");
                        }
                    }
                }
                assertEquals(inside, b.graph().numEdges());
                for (int j = 0; j < ids.length; j++) {
                    for (long e = b.graph().rowStart(j); e < b.graph().rowEnd(j); e++) {
                        int t = b.graph().target(e);
                        assertEquals(1000f * ids[j] + ids[t], b.graph().weight(e), "edge weight follows the edge");
                    }
                }
            }
        }
    }

    @Test
    void sampledEdgesAreOriginalEdgesWithinTheFanouts() {
        CsrGraph g = randomDirected(200, 6, 12);
        for (Direction dir : Direction.values()) {
            NeighborSampler sampler = on(g, 4, 2).optDirection(dir).optSubgraphEdges(SubgraphEdges.SAMPLED).build();
            for (int i = 0; i < 20; i++) {
                SampledBatch b = sampler.sample(new int[] {i, i + 50}, 0, i);
                int[] ids = b.originalIds();
                int[] hops = b.hopOffsets();
                assertTrue(hops[2] - hops[1] <= 2 * 4);
                assertTrue(hops[3] - hops[2] <= (hops[2] - hops[1]) * 2);
                assertTrue(b.graph().numEdges() <= 2 * 4 + (hops[2] - hops[1]) * 2);
                Set<Long> seen = new HashSet<>();
                for (int j = 0; j < ids.length; j++) {
                    for (long e = b.graph().rowStart(j); e < b.graph().rowEnd(j); e++) {
                        int t = b.graph().target(e);
                        assertTrue(g.hasEdge(ids[j], ids[t]), "edge " + ids[j] + "->" + ids[t] + " not in the graph");
                        assertEquals(1000f * ids[j] + ids[t], b.graph().weight(e));
                        assertTrue(seen.add(((long) j << 32) | t), "edge drawn twice");
                    }
                }
                // Every non-seed node was reached by a drawn edge.
                int[] reached = new int[ids.length];
                for (int j = 0; j < ids.length; j++) {
                    for (long e = b.graph().rowStart(j); e < b.graph().rowEnd(j); e++) {
                        reached[dir == Direction.IN ? j : b.graph().target(e)]++;
                    }
                }
                for (int j = b.numSeeds(); j < ids.length; j++) {
                    assertTrue(reached[j] > 0, "node " + ids[j] + " has no drawn edge");
                }
            }
        }
    }

    @Test
    void featuresAndLabelsAreGatheredInLocalOrder() {
        GraphDataset ds = SbmGenerator.builder().setNumNodes(120).setNumClasses(3).setAverageDegree(6)
                .optNumFeatures(5).optSeed(3).build().generate();
        NeighborSampler sampler = NeighborSampler.builder().setDataset(ds).setFanouts(3, 3).optSeed(9).build();
        SampledBatch b = sampler.sample(new int[] {7, 3, 90});
        assertArrayEquals(new int[] {7, 3, 90}, b.seedIds());
        assertEquals(b.numNodes(), b.features().rows());
        assertEquals(5, b.features().cols());
        for (int i = 0; i < b.numNodes(); i++) {
            assertArrayEquals(ds.features().row(b.originalId(i)), b.features().row(i));
            assertEquals(ds.labels()[b.originalId(i)], b.labels()[i]);
        }
        assertArrayEquals(new int[] {ds.labels()[7], ds.labels()[3], ds.labels()[90]}, b.seedLabels());
        assertTrue(b.numNodes() > 3, "an SBM node of degree about 6 has neighbours");
    }

    @Test
    void withoutFeaturesOrLabelsBatchesHaveNoneAndUnlabelled() {
        SampledBatch b = on(star(4), -1).build().sample(new int[] {2});
        assertArrayEquals(new int[] {2, 0}, b.originalIds());
        assertEquals(0, b.features().cols());
        assertArrayEquals(new int[] {-1, -1}, b.labels());
    }

    @Test
    void sameSeedEpochAndIndexGiveTheSameBatchAnotherSeedAnother() {
        CsrGraph g = randomDirected(300, 8, 4);
        int[] seeds = {5, 17, 230};
        SampledBatch a = on(g, 3, 3).optSeed(1).build().sample(seeds, 2, 7);
        SampledBatch again = on(g, 3, 3).optSeed(1).build().sample(seeds, 2, 7);
        assertArrayEquals(a.originalIds(), again.originalIds());
        assertEquals(a.graph(), again.graph());
        assertFalse(Arrays.equals(a.originalIds(), on(g, 3, 3).optSeed(2).build().sample(seeds, 2, 7).originalIds()));
        assertFalse(Arrays.equals(a.originalIds(), on(g, 3, 3).optSeed(1).build().sample(seeds, 2, 8).originalIds()));
        assertNotEquals(NeighborSampler.streamSeed(1, 0, 1), NeighborSampler.streamSeed(1, 1, 0));
    }

    @Test
    void eachLeafOfAStarIsDrawnWithFrequencyNearKOverD() {
        for (int[] kd : new int[][] {{5, 20}, {40, 100}}) {
            int k = kd[0];
            int d = kd[1];
            NeighborSampler sampler = on(star(d), k).optSeed(kd[1]).build();
            int draws = 3000;
            int[] count = new int[d + 1];
            for (int i = 0; i < draws; i++) {
                for (int id : sampler.sample(new int[] {0}, 0, i).originalIds()) {
                    count[id]++;
                }
            }
            assertEquals(draws, count[0]);
            double p = (double) k / d;
            // Standard deviation of each frequency is at most 0.009; allow about 7 of them.
            for (int leaf = 1; leaf <= d; leaf++) {
                double freq = (double) count[leaf] / draws;
                assertEquals(p, freq, 0.06, "leaf " + leaf + " of " + d + " drawn " + count[leaf] + " times");
            }
        }
    }

    @Test
    void noSeedsGiveAnEmptyBatch() {
        SampledBatch b = on(star(3), 2, 2).build().sample(new int[0]);
        assertEquals(0, b.numNodes());
        assertEquals(0, b.numSeeds());
        assertEquals(0, b.graph().numNodes());
        assertArrayEquals(new int[] {0, 0, 0, 0}, b.hopOffsets());
    }

    @Test
    void badSeedsAndSettingsAreRejected() {
        NeighborSampler sampler = on(star(3), 2).build();
        TesseraException dup = assertThrows(TesseraException.class, () -> sampler.sample(new int[] {1, 2, 1}));
        assertTrue(dup.getMessage().contains("seed node 1 listed twice"), dup.getMessage());
        TesseraException range = assertThrows(TesseraException.class, () -> sampler.sample(new int[] {0, 4}));
        assertTrue(range.getMessage().contains("out of range [0, 4)"), range.getMessage());
        // The failed calls leave the reused id map clean.
        assertEquals(3, sampler.sample(new int[] {1, 2}).numNodes());
        assertThrows(IllegalArgumentException.class, () -> on(star(3), 2, -2).build());
        assertThrows(IllegalArgumentException.class, () -> NeighborSampler.builder().setFanouts(1).build());
        assertThrows(IllegalArgumentException.class, () -> NeighborSampler.builder().setGraph(star(3)).build());
        assertThrows(IllegalArgumentException.class,
                () -> on(star(3), 1).optFeatures(NodeFeatures.of(new float[3], 3, 1)).build());
        assertThrows(IllegalArgumentException.class, () -> on(star(3), 1).optLabels(new int[5]).build());
    }
}
