package dev.tessera.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.generate.SbmGenerator;
import dev.tessera.graph.GraphDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {
    private static final GraphDataset DS = SbmGenerator.builder().setNumNodes(500).setNumClasses(4)
            .setAverageDegree(8).optNumFeatures(3).optSeed(2).build().generate();

    private static NeighborSampler sampler(long seed, int threads) {
        return NeighborSampler.builder().setDataset(DS).setFanouts(4, 3).optSeed(seed).optThreads(threads).build();
    }

    private static List<SampledBatch> epoch(NeighborSampler sampler, int[] nodes, int batchSize, long epoch) {
        List<SampledBatch> out = new ArrayList<>();
        try (BatchIterator it = sampler.batches(nodes, batchSize, epoch)) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static void assertSameBatches(List<SampledBatch> a, List<SampledBatch> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(i, b.get(i).index());
            assertArrayEquals(a.get(i).originalIds(), b.get(i).originalIds());
            assertArrayEquals(a.get(i).hopOffsets(), b.get(i).hopOffsets());
            assertEquals(a.get(i).graph(), b.get(i).graph());
            assertEquals(a.get(i).features(), b.get(i).features());
            assertArrayEquals(a.get(i).labels(), b.get(i).labels());
        }
    }

    @Test
    void everyTrainingNodeSeedsExactlyOneBatchPerEpoch() {
        int[] train = DS.defaultSplit().train();
        NeighborSampler sampler = sampler(3, 2);
        int[] previousOrder = null;
        for (int e = 0; e < 3; e++) {
            List<SampledBatch> batches = epoch(sampler, train, 64, e);
            assertEquals((train.length + 63) / 64, batches.size());
            int[] count = new int[DS.numNodes()];
            int[] order = new int[train.length];
            int k = 0;
            for (int i = 0; i < batches.size(); i++) {
                SampledBatch b = batches.get(i);
                assertEquals(e, b.epoch());
                assertEquals(i < batches.size() - 1 ? 64 : train.length - 64 * (batches.size() - 1), b.numSeeds());
                for (int s : b.seedIds()) {
                    count[s]++;
                    order[k++] = s;
                }
            }
            int[] expected = new int[DS.numNodes()];
            for (int v : train) {
                expected[v] = 1;
            }
            assertArrayEquals(expected, count);
            assertArrayEquals(sampler.shuffled(train, e), order);
            assertFalse(Arrays.equals(train, order), "epoch order is shuffled");
            assertFalse(Arrays.equals(previousOrder, order), "each epoch has its own order");
            previousOrder = order;
        }
    }

    @Test
    void batchesDoNotDependOnThreadCountOrRun() {
        int[] train = DS.defaultSplit().train();
        List<SampledBatch> serial = epoch(sampler(7, 0), train, 50, 1);
        assertSameBatches(serial, epoch(sampler(7, 1), train, 50, 1));
        assertSameBatches(serial, epoch(sampler(7, 4), train, 50, 1));
        assertSameBatches(serial, epoch(sampler(7, 4), train, 50, 1));
        // The same sampler used again, its workspaces now recycled, still agrees.
        NeighborSampler reused = sampler(7, 4);
        epoch(reused, train, 50, 0);
        assertSameBatches(serial, epoch(reused, train, 50, 1));
        List<SampledBatch> other = epoch(sampler(8, 4), train, 50, 1);
        assertFalse(Arrays.equals(serial.get(0).originalIds(), other.get(0).originalIds()));
    }

    @Test
    void unshuffledBatchesFollowTheGivenOrder() {
        int[] nodes = {9, 4, 250, 3, 77};
        try (BatchIterator it = sampler(1, 2).batches(nodes, 2, 0, false)) {
            assertEquals(3, it.numBatches());
            assertArrayEquals(new int[] {9, 4}, it.next().seedIds());
            assertArrayEquals(new int[] {250, 3}, it.next().seedIds());
            assertArrayEquals(new int[] {77}, it.next().seedIds());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void closingEarlyEndsTheEpoch() {
        BatchIterator it = sampler(1, 2).batches(DS.defaultSplit().train(), 10, 0);
        assertTrue(it.numBatches() > 5);
        assertEquals(10, it.next().numSeeds());
        it.close();
        assertFalse(it.hasNext());
        it.close();
    }

    @Test
    void emptyNodeListHasNoBatches() {
        try (BatchIterator it = sampler(1, 2).batches(new int[0], 8, 0)) {
            assertEquals(0, it.numBatches());
            assertFalse(it.hasNext());
        }
    }

    @Test
    void badNodeListsAreRejected() {
        NeighborSampler s = sampler(1, 1);
        TesseraException dup = assertThrows(TesseraException.class, () -> s.batches(new int[] {1, 2, 1}, 2, 0));
        assertTrue(dup.getMessage().contains("training node 1 listed twice"), dup.getMessage());
        TesseraException range = assertThrows(TesseraException.class, () -> s.batches(new int[] {1, 500}, 2, 0));
        assertTrue(range.getMessage().contains("out of range [0, 500)"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.batches(new int[] {1}, 0, 0));
    }
}
