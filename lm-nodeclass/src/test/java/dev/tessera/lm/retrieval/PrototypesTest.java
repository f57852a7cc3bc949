package dev.tessera.lm.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import dev.tessera.lm.pruning.PruningGnn;
import dev.tessera.lm.pruning.TrainedGnn;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrototypesTest {
    // 6 nodes, 2 classes; embeddings in 2-D.
    private static final float[] P = {
        0.9f, 0.1f, // 0 -> class 0, confidence .9
        0.6f, 0.4f, // 1 -> class 0, .6
        0.2f, 0.8f, // 2 -> class 1, .8
        0.3f, 0.7f, // 3 -> class 1, .7 (but a training node of class 0: conf .3)
        0.05f, 0.95f, // 4 -> class 1, .95
        0.7f, 0.3f, // 5 -> class 0, .7
    };
    private static final float[] E = {
        1, 0,
        0, 1,
        1, 1,
        -1, 0,
        1, -1,
        0.6f, 0.8f,
    };

    @Test
    void poolsAreTheMostConfidentPerClassTrainingNodesWithTheirTrueClass() {
        Prototypes p = Prototypes.builder().setProbabilities(P, 2).setEmbeddings(E, 2)
                .setTraining(new int[] {3}, new int[] {0}).optPerClass(3).build();
        // Class 0: 0 (.9), 5 (.7), 1 (.6), 3 (.3, its true class); top 3.
        assertArrayEquals(new int[] {0, 5, 1}, p.ofClass(0));
        // Class 1: 4 (.95), 2 (.8); node 3 is not predicted-class-1 any more (its true class is 0).
        assertArrayEquals(new int[] {4, 2}, p.ofClass(1));
        assertEquals(0, p.label(5));
        assertEquals(-1, p.label(3));
    }

    @Test
    void perTargetOnePrototypePerCandidateClassMostSimilarNeverItself() {
        Prototypes p = Prototypes.builder().setProbabilities(P, 2).setEmbeddings(E, 2)
                .setTraining(new int[0], new int[0]).optPerClass(3).build();
        // Target 1 (0,1): class 0 pool {0, 5, 1}: itself excluded, cos(5)=.8 > cos(0)=0 -> 5; class 1 pool
        // {4, 2, 3}: cos(2)=.71 best. Listed in the candidates' order.
        List<Prototypes.Prototype> r = p.forTarget(1, new int[] {1, 0});
        assertEquals(2, r.size());
        assertEquals(2, r.get(0).node());
        assertEquals(1, r.get(0).label());
        assertEquals(5, r.get(1).node());
        assertEquals(0, r.get(1).label());
        assertEquals(0.8f, r.get(1).similarity(), 1e-6);
        // Target 0 (1,0): class 0 -> 5 (cos .6) since 0 is itself; only class 0 asked.
        assertEquals(List.of(new Prototypes.Prototype(5, 0, p.forTarget(0, new int[] {0}).get(0).similarity())),
                p.forTarget(0, new int[] {0}));
        assertEquals(5, p.forTarget(0, new int[] {0}).get(0).node());
    }

    @Test
    void prototypesNeverDependOnValidationOrTestLabels() {
        GraphDataset ds = dataset(11);
        Split split = ds.defaultSplit();
        int[] changed = ds.labels().clone();
        for (int[] part : new int[][] {split.valid(), split.test()}) {
            for (int v : part) {
                changed[v] = (changed[v] + 1) % 3;
            }
        }
        GraphDataset other = ds.toBuilder().optLabels(changed, ds.classNames()).build();
        PruningGnn pruner = PruningGnn.builder().optEpochs(30).optHidden(16).optSeed(4).build();
        TrainedGnn a = pruner.train(ds, split);
        TrainedGnn b = pruner.train(other, split);
        assertArrayEquals(a.probabilities(), b.probabilities());
        assertArrayEquals(a.embeddings(), b.embeddings());
        Prototypes pa = Prototypes.of(a, 5);
        Prototypes pb = Prototypes.of(b, 5);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(pa.ofClass(c), pb.ofClass(c));
        }
        for (int v = 0; v < ds.numNodes(); v++) {
            assertEquals(pa.forTarget(v, new int[] {2, 0, 1}), pb.forTarget(v, new int[] {2, 0, 1}));
        }
        assertNotEquals(a.testAccuracy(), b.testAccuracy(), "the test labels did change");
    }

    /** 90 nodes in 3 planted classes: noisy one-hot features, edges mostly within a class; 5 train nodes per class. */
    static GraphDataset dataset(long seed) {
        int n = 90;
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[n];
        float[] x = new float[n * 6];
        for (int v = 0; v < n; v++) {
            y[v] = v % 3;
            for (int j = 0; j < 6; j++) {
                x[v * 6 + j] = (float) r.nextDouble(0, 0.5) + (j % 3 == y[v] ? 0.5f : 0f);
            }
        }
        CsrBuilder b = new CsrBuilder(n);
        for (int i = 0; i < 300; i++) {
            int u = r.nextInt(n);
            int v = r.nextDouble() < 0.8 ? (u + 3 * (1 + r.nextInt(n / 3 - 1))) % n : r.nextInt(n);
            if (u != v) {
                b.addUndirectedEdge(u, v);
            }
        }
        int[] train = new int[15];
        int[] valid = new int[15];
        int[] test = new int[60];
        for (int v = 0; v < n; v++) {
            if (v < 15) {
                train[v] = v;
            } else if (v < 30) {
                valid[v - 15] = v;
            } else {
                test[v - 30] = v;
            }
        }
        return GraphDataset.builder().setName("planted").setGraph(b.build()).optFeatures(NodeFeatures.of(x, n, 6))
                .optLabels(y, List.of("a", "b", "c")).optSplit(new Split("public", train, valid, test)).build();
    }
}
