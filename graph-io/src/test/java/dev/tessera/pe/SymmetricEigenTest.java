package dev.tessera.pe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The hand-written dense solver against commons-math, on matrices with distinct and with repeated eigenvalues. */
class SymmetricEigenTest {
    private static double[][] randomSymmetric(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = r.nextDouble() * 2 - 1;
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        return a;
    }

    /** Q diag(spectrum) Q^T with a random orthogonal Q. */
    private static double[][] withSpectrum(double[] spectrum, long seed) {
        int n = spectrum.length;
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(randomSymmetric(n, seed))).getQ();
        RealMatrix d = new Array2DRowRealMatrix(n, n);
        for (int i = 0; i < n; i++) {
            d.setEntry(i, i, spectrum[i]);
        }
        double[][] a = q.multiply(d).multiply(q.transpose()).getData();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = s;
                a[j][i] = s;
            }
        }
        return a;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static void check(double[][] a, int m, String what) {
        int n = a.length;
        double[] reference = new EigenDecomposition(new Array2DRowRealMatrix(a)).getRealEigenvalues().clone();
        Arrays.sort(reference);
        double norm = Math.max(Math.abs(reference[0]), Math.abs(reference[n - 1]));
        SymmetricEigen.Eigenpairs e = SymmetricEigen.smallest(copy(a), m, 1, 2);
        for (int i = 0; i < m; i++) {
            assertEquals(reference[i], e.values()[i], 1e-11 * norm, what + ": eigenvalue " + i);
            double[] x = e.vectors()[i];
            double res = 0;
            for (int r = 0; r < n; r++) {
                double s = 0;
                for (int c = 0; c < n; c++) {
                    s += a[r][c] * x[c];
                }
                res += Math.pow(s - e.values()[i] * x[r], 2);
            }
            assertTrue(Math.sqrt(res) <= 1e-10 * norm, what + ": residual of " + i + " is " + Math.sqrt(res));
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += x[r] * e.vectors()[j][r];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-10, what + ": vectors " + i + ", " + j);
            }
        }
    }

    @Test
    void smallestEigenpairsOfRandomMatrices() {
        check(new double[][] {{3}}, 1, "1x1");
        check(new double[][] {{2, 1}, {1, 2}}, 2, "2x2");
        check(randomSymmetric(3, 1), 3, "3x3");
        check(randomSymmetric(50, 2), 50, "50x50");
        check(randomSymmetric(300, 3), 12, "300x300");
    }

    @Test
    void repeatedAndClusteredEigenvalues() {
        double[] spectrum = new double[60];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = i < 4 ? 0.5 : i < 7 ? 1 : i < 9 ? 1 + 1e-9 * i : 2 + i;
        }
        check(withSpectrum(spectrum, 4), 12, "repeated");
    }

    @Test
    void blockDiagonalMatrixSplits() {
        // Two identical blocks: every eigenvalue twice, and T splits into independent parts.
        double[][] b = randomSymmetric(20, 5);
        double[][] a = new double[40][40];
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 20; j++) {
                a[i][j] = b[i][j];
                a[20 + i][20 + j] = b[i][j];
            }
        }
        check(a, 10, "blocks");
    }

    @Test
    void resultDoesNotDependOnTheThreads() {
        double[][] a = randomSymmetric(400, 6);
        SymmetricEigen.Eigenpairs one = SymmetricEigen.smallest(copy(a), 5, 9, 1);
        SymmetricEigen.Eigenpairs three = SymmetricEigen.smallest(copy(a), 5, 9, 3);
        assertArrayEquals(one.values(), three.values());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(one.vectors()[i], three.vectors()[i]);
        }
    }
}
