package dev.tessera.gqt.rvq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.TesseraException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualVectorQuantizerTest {

    private static final int D = 4;

    /** The 8 corners of {±5}⁴ with an even number of minus signs: pairwise at least 10·√2 apart. */
    private static float[][] centres() {
        float[][] out = new float[8][];
        int k = 0;
        for (int mask = 0; mask < 16; mask++) {
            if (Integer.bitCount(mask) % 2 != 0) {
                continue;
            }
            float[] c = new float[D];
            for (int j = 0; j < D; j++) {
                c[j] = ((mask >> j) & 1) == 1 ? -5f : 5f;
            }
            out[k++] = c;
        }
        return out;
    }

    /** {@code perCentre} points around each centre with standard deviation {@code sigma}, interleaved. */
    private static float[] mixture(float[][] centres, int perCentre, double sigma, long seed) {
        Random r = new Random(seed);
        float[] x = new float[centres.length * perCentre * D];
        for (int i = 0; i < perCentre; i++) {
            for (int c = 0; c < centres.length; c++) {
                int row = i * centres.length + c;
                for (int j = 0; j < D; j++) {
                    x[row * D + j] = (float) (centres[c][j] + sigma * r.nextGaussian());
                }
            }
        }
        return x;
    }

    private static float[] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static ResidualVectorQuantizer.Builder builder(int levels, int codes) {
        return ResidualVectorQuantizer.builder().setLevels(levels).setCodebookSize(codes).setDim(D);
    }

    private static RvqOutput quantize(NDManager m, ResidualVectorQuantizer rvq, float[] x, boolean update) {
        return rvq.quantize(m.create(x, new Shape(x.length / D, D)), update);
    }

    @Test
    void kmeansAndEmaRecoverWellSeparatedCentres() {
        float[][] centres = centres();
        ResidualVectorQuantizer rvq = builder(1, 8).optSeed(3).build();
        try (NDManager m = NDManager.newBaseManager()) {
            RvqStats last = null;
            for (int step = 0; step < 5; step++) {
                last = quantize(m, rvq, mixture(centres, 100, 0.3, 100 + step), true).stats();
            }
            assertEquals(1.0, last.usage()[0], 0.0);
            assertEquals(8.0, last.perplexity()[0], 1e-6, "each code takes exactly one centre's 100 points");
            float[] book = rvq.state().codebooks()[0];
            boolean[] taken = new boolean[8];
            for (float[] c : centres) {
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int code = 0; code < 8; code++) {
                    double dist = KMeans.squaredDistance(c, 0, book, code * D, D);
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = code;
                    }
                }
                assertFalse(taken[best], "two centres matched the same code");
                taken[best] = true;
                assertTrue(Math.sqrt(bestDist) < 0.15, "centre " + Arrays.toString(c) + " off by " + Math.sqrt(bestDist));
            }
        }
    }

    @Test
    void secondLevelReducesReconstructionErrorAndOutputsMatchHandComputation() {
        float[] x = gaussian(400, D, 11);
        double beta = 0.25;
        ResidualVectorQuantizer rvq = builder(2, 8).optCommitmentWeight(beta).optSeed(5).build();
        try (NDManager m = NDManager.newBaseManager()) {
            quantize(m, rvq, x, true);
            // Frozen call: the codebooks in state() are the ones used for the assignment.
            NDArray z = m.create(x, new Shape(400, D));
            z.setRequiresGradient(true);
            RvqOutput out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = rvq.quantize(z, false);
                gc.backward(out.commitmentLoss());
            }
            double[] err = out.stats().reconstructionError();
            assertTrue(err[1] < err[0], "level 2 error " + err[1] + " not below level 1 error " + err[0]);

            float[][] books = rvq.state().codebooks();
            int[] tokens = out.tokens().toIntArray();
            assertArrayEquals(new long[] {400, 2}, out.tokens().getShape().getShape());
            float[] quantized = out.quantized().toFloatArray();
            double[] handErr = new double[2];
            float[] handGrad = new float[x.length];
            for (int i = 0; i < 400; i++) {
                float[] prefix = new float[D];
                for (int k = 0; k < 2; k++) {
                    int code = tokens[i * 2 + k];
                    // The residual of level k must be nearest to its chosen code.
                    float[] residual = new float[D];
                    for (int j = 0; j < D; j++) {
                        residual[j] = x[i * D + j] - prefix[j];
                    }
                    double chosen = KMeans.squaredDistance(residual, 0, books[k], code * D, D);
                    for (int c = 0; c < 8; c++) {
                        assertTrue(chosen <= KMeans.squaredDistance(residual, 0, books[k], c * D, D) + 1e-5);
                    }
                    for (int j = 0; j < D; j++) {
                        prefix[j] += books[k][code * D + j];
                        double diff = x[i * D + j] - prefix[j];
                        handErr[k] += diff * diff / (400.0 * D);
                        handGrad[i * D + j] += (float) (beta * 2 * diff / (400.0 * D));
                    }
                }
                for (int j = 0; j < D; j++) {
                    assertEquals(prefix[j], quantized[i * D + j], 1e-5);
                }
            }
            assertArrayEquals(handErr, err, 1e-6);
            assertEquals(beta * (handErr[0] + handErr[1]), out.commitmentLoss().getFloat(), 1e-5);
            float[] grad = z.getGradient().toFloatArray();
            for (int i = 0; i < grad.length; i++) {
                assertEquals(handGrad[i], grad[i], 1e-7 + 1e-4 * Math.abs(handGrad[i]));
            }
        }
    }

    @Test
    void deadCodesAreReseededAndUsedAgain() {
        float[][] centres = centres();
        float[] x = mixture(centres, 100, 0.3, 21);
        ResidualVectorQuantizer rvq = builder(1, 8).optSeed(9).build();
        try (NDManager m = NDManager.newBaseManager()) {
            quantize(m, rvq, x, true);
            RvqState s = rvq.state();
            float[][] books = s.codebooks();
            float[][] sums = s.embedSums();
            float[][] sizes = s.clusterSizes();
            for (int code = 0; code < 2; code++) {
                for (int j = 0; j < D; j++) {
                    books[0][code * D + j] = 1000f;
                    sums[0][code * D + j] = 1000f * sizes[0][code];
                }
            }
            rvq.restore(new RvqState(books, sizes, sums, true));
            assertEquals(6.0 / 8, quantize(m, rvq, x, false).stats().usage()[0], 0.0, "far codes are never chosen");

            int replaced = 0;
            RvqStats last = null;
            for (int step = 0; step < 80; step++) {
                last = quantize(m, rvq, x, true).stats();
                replaced += last.replacedCodes()[0];
            }
            assertTrue(replaced >= 2, "replaced " + replaced);
            assertEquals(1.0, last.usage()[0], 0.0);
            float[] after = rvq.state().codebooks()[0];
            for (int code = 0; code < 2; code++) {
                for (int j = 0; j < D; j++) {
                    assertTrue(Math.abs(after[code * D + j]) < 10, "code " + code + " still far away");
                }
            }
        }
    }

    @Test
    void deadCodeReplacementOffKeepsUnusedCodes() {
        float[] x = mixture(centres(), 100, 0.3, 21);
        ResidualVectorQuantizer rvq = builder(1, 8).optDeadCodeThreshold(0).optSeed(9).build();
        try (NDManager m = NDManager.newBaseManager()) {
            quantize(m, rvq, x, true);
            RvqState s = rvq.state();
            float[][] books = s.codebooks();
            float[][] sums = s.embedSums();
            float[][] sizes = s.clusterSizes();
            for (int j = 0; j < D; j++) {
                books[0][j] = 1000f;
                sums[0][j] = 1000f * sizes[0][0];
            }
            rvq.restore(new RvqState(books, sizes, sums, true));
            RvqStats last = null;
            for (int step = 0; step < 80; step++) {
                last = quantize(m, rvq, x, true).stats();
                assertEquals(0, last.replacedCodes()[0]);
            }
            assertEquals(7.0 / 8, last.usage()[0], 0.0);
        }
    }

    @Test
    void straightThroughGradientIsTheIdentity() {
        float[] x = gaussian(50, D, 4);
        float[] w = gaussian(50, D, 8);
        ResidualVectorQuantizer rvq = builder(2, 4).optSeed(1).build();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(x, new Shape(50, D));
            z.setRequiresGradient(true);
            NDArray weights = m.create(w, new Shape(50, D));
            RvqOutput out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = rvq.quantize(z, true);
                gc.backward(out.output().mul(weights).sum());
            }
            assertArrayEquals(w, z.getGradient().toFloatArray(), 0f);
            assertArrayEquals(out.quantized().toFloatArray(), out.output().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void codebooksChangeOnlyWithUpdate() {
        ResidualVectorQuantizer rvq = builder(2, 8).optSeed(2).build();
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalStateException.class, () -> quantize(m, rvq, gaussian(64, D, 1), false));
            assertFalse(rvq.isInitialized());
            quantize(m, rvq, gaussian(256, D, 1), true);
            RvqState before = rvq.state();
            for (int step = 0; step < 3; step++) {
                RvqOutput out = quantize(m, rvq, gaussian(256, D, 10 + step), false);
                assertFalse(out.stats().updated());
            }
            RvqState frozen = rvq.state();
            assertTrue(Arrays.deepEquals(before.codebooks(), frozen.codebooks()));
            assertTrue(Arrays.deepEquals(before.clusterSizes(), frozen.clusterSizes()));
            assertTrue(Arrays.deepEquals(before.embedSums(), frozen.embedSums()));

            assertTrue(quantize(m, rvq, gaussian(256, D, 20), true).stats().updated());
            RvqState updated = rvq.state();
            assertFalse(Arrays.deepEquals(before.codebooks(), updated.codebooks()));
            assertFalse(Arrays.deepEquals(before.clusterSizes(), updated.clusterSizes()));
        }
    }

    @Test
    void sameSeedGivesSameTokensAndBlockingDoesNotMatter() {
        ResidualVectorQuantizer a = builder(3, 16).optSeed(7).build();
        ResidualVectorQuantizer b = builder(3, 16).optSeed(7).build();
        // One row per distance block: the memory-bounded path must agree with the default blocking.
        ResidualVectorQuantizer c = builder(3, 16).optSeed(7).optMaxBlockElements(1).build();
        ResidualVectorQuantizer other = builder(3, 16).optSeed(8).build();
        try (NDManager m = NDManager.newBaseManager()) {
            boolean anyDifferent = false;
            for (int step = 0; step < 3; step++) {
                float[] x = gaussian(300, D, 30 + step);
                int[] ta = quantize(m, a, x, true).tokens().toIntArray();
                assertArrayEquals(ta, quantize(m, b, x, true).tokens().toIntArray());
                assertArrayEquals(ta, quantize(m, c, x, true).tokens().toIntArray());
                anyDifferent |= !Arrays.equals(ta, quantize(m, other, x, true).tokens().toIntArray());
            }
            assertTrue(Arrays.deepEquals(a.state().codebooks(), b.state().codebooks()));
            assertTrue(Arrays.deepEquals(a.state().codebooks(), c.state().codebooks()));
            assertTrue(anyDifferent, "the seed has no effect");
        }
    }

    @Test
    void codebooksTensorHasShapeLevelsCodesDim() {
        ResidualVectorQuantizer rvq = builder(2, 8).build();
        try (NDManager m = NDManager.newBaseManager()) {
            quantize(m, rvq, gaussian(64, D, 3), true);
            NDArray books = rvq.codebooks(m);
            assertEquals(new Shape(2, 8, D), books.getShape());
            float[] flat = books.toFloatArray();
            float[][] state = rvq.state().codebooks();
            assertArrayEquals(state[1], Arrays.copyOfRange(flat, 8 * D, 16 * D));
        }
    }

    @Test
    void builderRejectsBadOptions() {
        TesseraException e = assertThrows(TesseraException.class,
            () -> ResidualVectorQuantizer.builder().setCodebookSize(8).setDim(4).build());
        assertTrue(e.getMessage().contains("levels"), e.getMessage());
        assertThrows(TesseraException.class, () -> builder(1, 8).optDecay(1.0).build());
        assertThrows(TesseraException.class, () -> builder(1, 8).optDeadCodeThreshold(-1).build());
        assertNotEquals(0, builder(1, 8).build().configJson().length());
    }
}
