package dev.tessera.pe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class LaplacianPeTest {
    private static final LaplacianPe.Method DENSE = LaplacianPe.Method.DENSE;
    private static final LaplacianPe.Method ITERATIVE = LaplacianPe.Method.ITERATIVE;

    private static LaplacianPe.Result lap(CsrGraph g, int k, LaplacianPe.Method m) {
        LaplacianPe.Result r = LaplacianPe.builder().setK(k).optMethod(m).optTolerance(1e-9).optThreads(2).build().compute(g);
        assertEquals(m, r.method());
        return r;
    }

    private static double[] column(LaplacianPe.Result r, int j) {
        double[] c = new double[r.numNodes()];
        for (int v = 0; v < c.length; v++) {
            c[v] = r.get(v, j);
        }
        return c;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] unit(double[] a) {
        double n = Math.sqrt(dot(a, a));
        double[] u = a.clone();
        for (int i = 0; i < u.length; i++) {
            u[i] /= n;
        }
        return u;
    }

    /** Norm of the projection of unit v onto the span of the orthonormal basis. */
    private static double projection(double[] v, double[]... basis) {
        double s = 0;
        for (double[] b : basis) {
            double d = dot(v, b);
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The entry of largest magnitude is positive (the sign convention). */
    private static void assertSignConvention(double[] v, String what) {
        double big = 0;
        int at = -1;
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) > big * (1 + 1e-4)) {
                big = Math.abs(v[i]);
                at = i;
            }
        }
        assertTrue(v[at] > 0, what + ": largest entry " + v[at] + " at " + at);
    }

    @Test
    void pathMatchesTheAnalyticSpectrum() {
        // P_n: eigenvalues 1 - cos(pi j / (n-1)), eigenvectors D^1/2 cos(pi j i / (n-1)).
        int n = 12;
        CsrGraph g = PeGraphs.path(n);
        for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
            LaplacianPe.Result r = lap(g, 5, m);
            assertEquals(1, r.trivial());
            for (int j = 1; j <= 5; j++) {
                double theta = Math.PI * j / (n - 1);
                assertEquals(1 - Math.cos(theta), r.eigenvalues()[j - 1], 1e-9, m + " eigenvalue " + j);
                double[] u = new double[n];
                for (int i = 0; i < n; i++) {
                    u[i] = Math.sqrt(g.degree(i)) * Math.cos(theta * i);
                }
                double[] v = column(r, j - 1);
                assertEquals(1, Math.abs(dot(v, unit(u))), 1e-6, m + " eigenvector " + j);
                assertSignConvention(v, m + " eigenvector " + j);
                assertTrue(r.residuals()[j - 1] < 1e-8, m + " residual " + r.residuals()[j - 1]);
            }
        }
    }

    @Test
    void cycleMatchesTheAnalyticSpectrumUpToRotation() {
        // C_n: eigenvalues 1 - cos(2 pi j / n), each twice, eigenspace span{cos, sin}(2 pi j i / n).
        int n = 12;
        CsrGraph g = PeGraphs.cycle(n);
        for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
            LaplacianPe.Result r = lap(g, 4, m);
            for (int c = 0; c < 4; c++) {
                int j = 1 + c / 2;
                double theta = 2 * Math.PI * j / n;
                assertEquals(1 - Math.cos(theta), r.eigenvalues()[c], 1e-9, m + " eigenvalue " + c);
                double[] cos = new double[n];
                double[] sin = new double[n];
                for (int i = 0; i < n; i++) {
                    cos[i] = Math.cos(theta * i);
                    sin[i] = Math.sin(theta * i);
                }
                double[] v = column(r, c);
                assertEquals(1, projection(v, unit(cos), unit(sin)), 1e-6, m + " eigenvector " + c);
                assertSignConvention(v, m + " eigenvector " + c);
            }
            assertEquals(0, dot(column(r, 0), column(r, 1)), 1e-6, m + ": the pair is orthogonal");
        }
    }

    @Test
    void disconnectedGraphLeavesOutEveryComponentsTrivialVector() {
        // Path 0-1-2-3-4, triangle 5-6-7, isolated 8: spectra {0, 0.29, 1, 1.71, 2}, {0, 1.5, 1.5}, {1} (PyG's
        // L_vv = 1 at an isolated node). Non-trivial, sorted: 0.29, 1, 1, 1.5, 1.5, 1.71, 2.
        CsrGraph g = PeGraphs.undirected(9, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 5);
        double[] expected = {1 - Math.sqrt(0.5), 1, 1, 1.5, 1.5, 1 + Math.sqrt(0.5), 2};
        LaplacianPe.Result all = lap(g, 7, DENSE);
        assertEquals(2, all.trivial());
        assertArrayEquals(expected, all.eigenvalues(), 1e-9);
        for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
            LaplacianPe.Result r = lap(g, 3, m);
            assertArrayEquals(Arrays.copyOf(expected, 3), r.eigenvalues(), 1e-9, m.toString());
            // The smallest belongs to the path alone; eigenvalue 1 is spanned by the path's middle vector and e_8.
            double[] v0 = column(r, 0);
            for (int i = 5; i < 9; i++) {
                assertEquals(0, v0[i], 1e-7, m + ": entry " + i + " of the path's eigenvector");
            }
            double[] e8 = new double[9];
            e8[8] = 1;
            double[] mid = unit(new double[] {1, 0, -Math.sqrt(2), 0, 1, 0, 0, 0, 0});
            assertEquals(1, projection(column(r, 1), e8, mid), 1e-6, m.toString());
            assertEquals(1, projection(column(r, 2), e8, mid), 1e-6, m.toString());
        }
        TesseraException e = assertThrows(TesseraException.class, () -> lap(g, 8, DENSE));
        assertTrue(e.getMessage().contains("7 non-trivial eigenvectors"), e.getMessage());
    }

    @Test
    void completeAndStarGraphs() {
        // K5: every non-trivial eigenvalue is 5/4 (any vector orthogonal to 1 is an eigenvector). Star with five
        // leaves: 1 four times (leaf differences) and 2 (bipartite), the top of the spectrum.
        CsrGraph star = PeGraphs.undirected(6, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5);
        for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
            assertArrayEquals(new double[] {1.25, 1.25, 1.25, 1.25}, lap(PeGraphs.complete(5), 4, m).eigenvalues(), 1e-9);
            LaplacianPe.Result r = lap(star, 5, m);
            assertArrayEquals(new double[] {1, 1, 1, 1, 2}, r.eigenvalues(), 1e-9, m.toString());
            double[] top = column(r, 4); // D^1/2 times (+1 at the centre, -1 at the leaves), normalized
            assertEquals(Math.sqrt(0.5), top[0], 1e-6, m.toString());
            for (int i = 1; i < 6; i++) {
                assertEquals(-Math.sqrt(0.1), top[i], 1e-6, m.toString());
            }
        }
    }

    @Test
    void weightsEnterTheLaplacianAndSelfLoopsDoNot() {
        CsrGraph g = PeGraphs.random(80, 200, true, true, 0, 21);
        // Reference: commons-math on L built here, its trivial eigenvalues (zeros) dropped.
        double[][] a = PeGraphs.dense(g);
        int n = a.length;
        double[] d = new double[n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                d[u] += a[u][v];
            }
        }
        double[][] l = new double[n][n];
        for (int u = 0; u < n; u++) {
            for (int v = 0; v < n; v++) {
                double s = d[u] > 0 && d[v] > 0 ? a[u][v] / Math.sqrt(d[u] * d[v]) : 0;
                l[u][v] = (u == v ? 1 : 0) - s;
            }
        }
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(l)).getRealEigenvalues().clone();
        Arrays.sort(ev);
        int zeros = 0;
        while (ev[zeros] < 1e-9) {
            zeros++;
        }
        // The same graph with a self-loop on every node: PyG's get_laplacian drops them, and so does LaplacianPe.
        CsrBuilder withLoops = new CsrBuilder(n).optWeighted();
        for (int u = 0; u < n; u++) {
            withLoops.addEdge(u, u, 5f);
            for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                withLoops.addEdge(u, g.target(e), g.weight(e));
            }
        }
        for (CsrGraph graph : new CsrGraph[] {g, withLoops.build()}) {
            for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
                LaplacianPe.Result r = lap(graph, 6, m);
                assertEquals(zeros, r.trivial());
                assertArrayEquals(Arrays.copyOfRange(ev, zeros, zeros + 6), r.eigenvalues(), 1e-9, m.toString());
            }
        }
        LaplacianPe.Result unweighted = LaplacianPe.builder().setK(6).optUseWeights(false).build().compute(g);
        assertTrue(Math.abs(unweighted.eigenvalues()[0] - ev[zeros]) > 1e-4, "weights change the spectrum");
    }

    /** A random graph of about average degree 8, a path component and isolated nodes. */
    private static CsrGraph mixedGraph(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int core = n - 10;
        CsrBuilder b = new CsrBuilder(n);
        for (int i = 0; i < 4 * core; i++) {
            int u = rnd.nextInt(core);
            int v = rnd.nextInt(core);
            if (u != v) {
                b.addUndirectedEdge(u, v);
            }
        }
        for (int i = core; i < core + 4; i++) {
            b.addUndirectedEdge(i, i + 1); // a path of five nodes; the last five nodes stay isolated
        }
        return b.build();
    }

    @Test
    void iterativeAgreesWithDenseOnARandomGraph() {
        int k = 10;
        CsrGraph g = mixedGraph(1500, 31);
        LaplacianPe.Result dense = lap(g, k + 1, DENSE);
        LaplacianPe.Result iter = lap(g, k, ITERATIVE);
        assertEquals(dense.trivial(), iter.trivial());
        double[][] denseVecs = new double[k][];
        double[][] iterVecs = new double[k][];
        for (int j = 0; j < k; j++) {
            assertEquals(dense.eigenvalues()[j], iter.eigenvalues()[j], 1e-9, "eigenvalue " + j);
            assertTrue(iter.residuals()[j] <= 1e-9, "residual " + j + ": " + iter.residuals()[j]);
            denseVecs[j] = column(dense, j);
            iterVecs[j] = column(iter, j);
        }
        assertTrue(dense.eigenvalues()[k] - dense.eigenvalues()[k - 1] > 1e-6, "a gap after the k-th eigenvalue");
        // Each eigenvector lies in the span of the other method's vectors of (numerically) the same eigenvalue.
        for (int j = 0; j < k; j++) {
            int lo = j;
            int hi = j;
            while (lo > 0 && dense.eigenvalues()[j] - dense.eigenvalues()[lo - 1] < 1e-6) {
                lo--;
            }
            while (hi + 1 < k && dense.eigenvalues()[hi + 1] - dense.eigenvalues()[j] < 1e-6) {
                hi++;
            }
            assertEquals(1, projection(denseVecs[j], Arrays.copyOfRange(iterVecs, lo, hi + 1)), 1e-5, "dense " + j);
            assertEquals(1, projection(iterVecs[j], Arrays.copyOfRange(denseVecs, lo, hi + 1)), 1e-5, "iterative " + j);
            if (lo == hi) {
                assertArrayEquals(denseVecs[j], iterVecs[j], 1e-5, "same sign convention, eigenvector " + j);
            }
        }
    }

    @Test
    void iterativeResidualsOnALargerRandomGraph() {
        CsrGraph g = mixedGraph(4000, 41);
        LaplacianPe.Result r = LaplacianPe.builder().setK(8).optMethod(ITERATIVE).optTolerance(1e-7).build().compute(g);
        // Recompute ||L v - lambda v|| from the float32 output with a Laplacian built here.
        int n = g.numNodes();
        double[] d = new double[n];
        for (int u = 0; u < n; u++) {
            d[u] = g.degree(u);
        }
        for (int j = 0; j < 8; j++) {
            double[] v = column(r, j);
            double res = 0;
            for (int u = 0; u < n; u++) {
                double s = v[u];
                for (long e = g.rowStart(u); e < g.rowEnd(u); e++) {
                    int w = g.target(e);
                    s -= v[w] / Math.sqrt(d[u] * d[w]);
                }
                res += Math.pow(s - r.eigenvalues()[j] * v[u], 2);
            }
            assertTrue(Math.sqrt(res) < 1e-5, "residual of " + j + ": " + Math.sqrt(res));
            assertTrue(r.residuals()[j] <= 1e-7);
            for (int i = 0; i <= j; i++) {
                assertEquals(i == j ? 1 : 0, dot(v, column(r, i)), 1e-5, "orthonormal " + i + ", " + j);
            }
            assertTrue(j == 0 || r.eigenvalues()[j] >= r.eigenvalues()[j - 1]);
        }
    }

    @Test
    void deterministicGivenTheSeedWhateverTheThreads() {
        CsrGraph g = mixedGraph(600, 51);
        for (LaplacianPe.Method m : new LaplacianPe.Method[] {DENSE, ITERATIVE}) {
            LaplacianPe.Builder b = LaplacianPe.builder().setK(5).optMethod(m).optSeed(7);
            assertArrayEquals(b.optThreads(1).build().compute(g).values(), b.optThreads(3).build().compute(g).values(),
                    m.toString());
        }
    }

    @Test
    void autoIsDenseForSmallGraphs() {
        CsrGraph g = PeGraphs.cycle(LaplacianPe.DEFAULT_DENSE_MAX_NODES);
        assertEquals(DENSE, LaplacianPe.builder().setK(2).build().compute(g).method());
        assertEquals(ITERATIVE, LaplacianPe.builder().setK(2).build().compute(PeGraphs.cycle(LaplacianPe.DEFAULT_DENSE_MAX_NODES + 1)).method());
        assertEquals(ITERATIVE, LaplacianPe.builder().setK(2).optDenseMaxNodes(29).build().compute(PeGraphs.cycle(30)).method());
    }

    @Test
    void badInputIsAOneLineUserError() {
        for (int k : new int[] {0, -1}) {
            TesseraException e = assertThrows(TesseraException.class, () -> LaplacianPe.builder().setK(k));
            assertTrue(e.getMessage().startsWith("LaplacianPe: k must be at least 1"), e.getMessage());
        }
        CsrGraph c5 = PeGraphs.cycle(5);
        for (int k : new int[] {5, 6}) {
            TesseraException e = assertThrows(TesseraException.class,
                    () -> LaplacianPe.builder().setK(k).build().compute(c5));
            assertTrue(e.getMessage().contains("less than the number of nodes N = 5"), e.getMessage());
        }
        TesseraException directed = assertThrows(TesseraException.class,
                () -> LaplacianPe.builder().setK(1).build().compute(PeGraphs.directed(3, 0, 1, 1, 2, 2, 1)));
        assertTrue(directed.getMessage().contains("0->1") && directed.getMessage().contains("ToUndirected"),
                directed.getMessage());
        TesseraException slow = assertThrows(TesseraException.class, () -> LaplacianPe.builder().setK(4)
                .optMethod(ITERATIVE).optMaxIterations(1).optTolerance(1e-14).build().compute(mixedGraph(300, 61)));
        assertTrue(slow.getMessage().contains("optMaxIterations"), slow.getMessage());
        for (TesseraException e : new TesseraException[] {directed, slow}) {
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(TesseraException.class, () -> LaplacianPe.builder().optTolerance(0));
        assertThrows(TesseraException.class, () -> LaplacianPe.builder().optMaxIterations(0));
        assertThrows(IllegalStateException.class, () -> LaplacianPe.builder().build());
    }
}
