package dev.tessera.pe;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The k smallest eigenpairs of a symmetric operator A with spectrum in {@code [0, upper]}, restricted to the
 * orthogonal complement of a known invariant subspace (deflated), by Chebyshev-filtered subspace iteration (Zhou
 * &amp; Saad, "Self-consistent-field calculations using Chebyshev-filtered subspace iteration", J. Comput. Phys.
 * 219, 2006; the scaled three-term filter of their Algorithm 3.2).
 *
 * <p>Block X of b orthonormal Ritz vectors with Ritz values {@code theta_1 <= .. <= theta_b}. Each iteration
 * applies the degree-m Chebyshev polynomial of A that is bounded by 1 on {@code [theta_b, upper]} (the unwanted
 * part of the spectrum) and scaled to 1 at {@code theta_1}, so it amplifies the wanted end by
 * {@code T_m(1 + 2 (theta_b - lambda) / (upper - theta_b))}; the deflated subspace is projected out after every
 * product (its eigenvalues lie below theta_1, where the filter grows fastest). Then the block is re-orthonormalized
 * (SVQB, Stathopoulos &amp; Wu, SIAM J. Sci. Comput. 23(6), 2002, twice; lost directions refilled with random
 * ones) and rotated by Rayleigh-Ritz (a b x b symmetric eigenproblem, commons-math). The degree is the largest in
 * {@code [MIN_DEGREE, MAX_DEGREE]} whose amplification from {@code theta_b} to {@code theta_1} stays below
 * {@link #MAX_AMPLIFICATION}, so the filtered columns stay numerically independent. Stops when the first k
 * residual norms {@code ||A x - theta x||} are at most the tolerance, or after the iteration cap (filter + Ritz
 * steps).
 *
 * <p>Against LOBPCG this moves the work from dense block operations (O(N b^2) per step) to sparse products
 * (O(E b) per degree): on the normalized Laplacians of Cora and of random graphs it converged 5-8 times faster.
 *
 * <p>Deterministic: start vectors come from the seed, and every parallel loop (operator per column, products
 * over fixed row chunks summed in chunk order) gives the same bits whatever the thread count.
 */
final class ChebyshevSubspace {
    static final int MIN_DEGREE = 8;
    static final int MAX_DEGREE = 64;
    static final double MAX_AMPLIFICATION = 1e4;
    private static final int CHUNK = 4096;
    private static final double DROP = 1e-12;

    private ChebyshevSubspace() {
    }

    /** y = A x; called concurrently for different columns. */
    interface Operator {
        void apply(double[] x, double[] y);
    }

    /** x &lt;- x - Z Z^T x for the deflated orthonormal Z; called concurrently for different columns. */
    interface Projector {
        void project(double[] x);
    }

    /**
     * @param values the k smallest Ritz values, ascending
     * @param vectors [k][N] orthonormal Ritz vectors
     * @param residuals [k] residual norms {@code ||A x - theta x||}
     * @param iterations filter and Ritz steps run
     * @param converged whether every residual is within the tolerance
     */
    record Output(double[] values, double[][] vectors, double[] residuals, int iterations, boolean converged) {
    }

    /**
     * @param n the dimension N
     * @param op the operator A (symmetric, spectrum in [0, upper])
     * @param deflation projection off the subspace to leave out (A-invariant)
     * @param k eigenpairs wanted, &gt;= 1
     * @param block block size b, in {@code [k, N - dim Z]}
     * @param upper an upper bound of A's spectrum
     * @param tol residual-norm tolerance
     * @param maxIterations iteration cap
     * @param seed seed of the start vectors
     * @param threads threads
     * @return the k smallest eigenpairs found
     */
    static Output smallest(int n, Operator op, Projector deflation, int k, int block, double upper, double tol,
            int maxIterations, long seed, int threads) {
        try (Pool pool = new Pool(threads, "chebyshev")) {
            return new Run(n, op, deflation, pool).solve(k, block, upper, tol, maxIterations, seed);
        }
    }

    /** One solve: the operator, the deflation and the block kernels. */
    private static final class Run {
        private final int n;
        private final Operator op;
        private final Projector deflation;
        private final Pool pool;

        Run(int n, Operator op, Projector deflation, Pool pool) {
            this.n = n;
            this.op = op;
            this.deflation = deflation;
            this.pool = pool;
        }

        Output solve(int k, int b, double upper, double tol, int maxIterations, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] x = fill(new double[0][], b, rnd);
            double[][] ax = apply(x);
            double[] theta = new double[b];
            double[][][] rr = rayleighRitz(x, ax, theta);
            x = rr[0];
            ax = rr[1];
            double[] res = new double[b];
            int it = 0;
            boolean converged;
            while (true) {
                residuals(x, ax, theta, res);
                converged = true;
                for (int i = 0; i < k; i++) {
                    converged &= res[i] <= tol;
                }
                if (converged || it >= maxIterations) {
                    break;
                }
                it++;
                double low = theta[0];
                double cut = theta[b - 1];
                double[][] y = filter(x, ax, degree(low, cut, upper), low, cut, upper);
                x = fill(y, b, rnd);
                ax = apply(x);
                rr = rayleighRitz(x, ax, theta);
                x = rr[0];
                ax = rr[1];
            }
            return new Output(Arrays.copyOf(theta, k), Arrays.copyOf(x, k), Arrays.copyOf(res, k), it, converged);
        }

        /**
         * An orthonormal, deflated basis of b columns: span(y) orthonormalized, plus seeded random columns for any
         * direction lost (the start, or a rank drop).
         */
        private double[][] fill(double[][] y, int b, SplittableRandom rnd) {
            double[][] q = y.length == 0 ? y : orthonormalize(project(y), null);
            for (int attempt = 0; q.length < b; attempt++) {
                if (attempt == 8) {
                    throw new IllegalStateException("cannot complete a basis of " + b + " vectors: the deflated space is smaller");
                }
                double[][] extra = new double[b - q.length][n];
                for (double[] col : extra) {
                    for (int i = 0; i < n; i++) {
                        col[i] = rnd.nextDouble() - 0.5;
                    }
                }
                double[][] more = orthonormalize(project(extra), q.length == 0 ? null : q);
                double[][] all = Arrays.copyOf(q, q.length + more.length);
                System.arraycopy(more, 0, all, q.length, more.length);
                q = all;
            }
            return q;
        }

        /**
         * The filter degree: the largest in [MIN_DEGREE, MAX_DEGREE] with {@code T_m(1 + 2 (cut - low) /
         * (upper - cut)) <= MAX_AMPLIFICATION}.
         */
        private static int degree(double low, double cut, double upper) {
            double t = 1 + 2 * Math.max(0, cut - low) / Math.max(upper - cut, Double.MIN_NORMAL);
            double acosh = Math.log(t + Math.sqrt(t * t - 1));
            double m = acosh > 0 ? Math.log(2 * MAX_AMPLIFICATION) / acosh : MAX_DEGREE;
            return (int) Math.max(MIN_DEGREE, Math.min(MAX_DEGREE, Math.floor(m)));
        }

        /**
         * The scaled Chebyshev filter of degree m, bounded by 1 on [cut, upper] and 1 at low, applied to the
         * columns of x0 (with ax0 = A x0); deflated after every product.
         */
        private double[][] filter(double[][] x0, double[][] ax0, int m, double low, double cut, double upper) {
            double e = (upper - cut) / 2;
            double c = (upper + cut) / 2;
            double sigma1 = e / (low - c);
            int b = x0.length;
            double[][] y = new double[b][];
            pool.forEach(b, j -> {
                double[] out = new double[n];
                double[] a = ax0[j];
                double[] xx = x0[j];
                double f = sigma1 / e;
                for (int i = 0; i < n; i++) {
                    out[i] = (a[i] - c * xx[i]) * f;
                }
                deflation.project(out);
                y[j] = out;
            });
            double sigma = sigma1;
            double[][] prev = x0;
            double[][] cur = y;
            for (int d = 2; d <= m; d++) {
                double sigmaNew = 1 / (2 / sigma1 - sigma);
                double f1 = 2 * sigmaNew / e;
                double f2 = sigma * sigmaNew;
                double[][] p = prev;
                double[][] yy = cur;
                double[][] next = new double[b][];
                pool.forEach(b, j -> {
                    double[] out = new double[n];
                    op.apply(yy[j], out);
                    double[] yj = yy[j];
                    double[] pj = p[j];
                    for (int i = 0; i < n; i++) {
                        out[i] = f1 * (out[i] - c * yj[i]) - f2 * pj[i];
                    }
                    deflation.project(out);
                    next[j] = out;
                });
                prev = cur;
                cur = next;
                sigma = sigmaNew;
            }
            return cur;
        }

        /** The column norms of A X - X diag(theta), into res. */
        private void residuals(double[][] x, double[][] ax, double[] theta, double[] res) {
            pool.forEach(x.length, j -> {
                double[] xj = x[j];
                double[] axj = ax[j];
                double t = theta[j];
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double v = axj[i] - t * xj[i];
                    s += v * v;
                }
                res[j] = Math.sqrt(s);
            });
        }

        /** Rotates X (orthonormal) to the Ritz vectors of A in span(X); theta gets the Ritz values. */
        private double[][][] rayleighRitz(double[][] x, double[][] ax, double[] theta) {
            double[][] h = gram(x, ax);
            int m = x.length;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < i; j++) {
                    double s = 0.5 * (h[i][j] + h[j][i]);
                    h[i][j] = s;
                    h[j][i] = s;
                }
            }
            double[] mu = new double[m];
            double[][] c = eigenSorted(h, mu);
            System.arraycopy(mu, 0, theta, 0, m);
            return new double[][][] {combine(x, c, null, null, m), combine(ax, c, null, null, m)};
        }

        private double[][] apply(double[][] x) {
            double[][] y = new double[x.length][];
            pool.forEach(x.length, j -> {
                double[] out = new double[n];
                op.apply(x[j], out);
                y[j] = out;
            });
            return y;
        }

        /** Deflates the columns in place; returns them. */
        private double[][] project(double[][] x) {
            pool.forEach(x.length, j -> deflation.project(x[j]));
            return x;
        }

        /**
         * An orthonormal basis of span(v) minus span(x) (x orthonormal or null): two rounds of
         * {@code v <- v - x (x^T v)} then SVQB. New arrays; the input columns are left alone.
         */
        private double[][] orthonormalize(double[][] v, double[][] x) {
            double[][] q = v;
            for (int round = 0; round < 2 && q.length > 0; round++) {
                if (x != null) {
                    double[][] c = gram(x, q);
                    for (double[] row : c) {
                        for (int j = 0; j < row.length; j++) {
                            row[j] = -row[j];
                        }
                    }
                    q = combine(q, identity(q.length), x, c, q.length);
                }
                q = svqb(q);
            }
            return q;
        }

        /** SVQB: Q D V Lambda^-1/2 from the eigenpairs of the scaled Gram matrix, dropping tiny directions. */
        private double[][] svqb(double[][] q) {
            int m = q.length;
            if (m == 0) {
                return q;
            }
            double[][] g = gram(q, q);
            double[] scale = new double[m];
            double maxDiag = 0;
            for (int i = 0; i < m; i++) {
                maxDiag = Math.max(maxDiag, g[i][i]);
            }
            if (!(maxDiag > 0)) {
                return new double[0][];
            }
            for (int i = 0; i < m; i++) {
                // A column of (relatively) zero norm carries nothing: weight it out.
                scale[i] = g[i][i] > DROP * DROP * maxDiag ? 1 / Math.sqrt(g[i][i]) : 0;
            }
            double[][] s = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = 0.5 * (g[i][j] + g[j][i]) * scale[i] * scale[j];
                    s[i][j] = v;
                    s[j][i] = v;
                }
            }
            double[] lambda = new double[m];
            double[][] vecs = eigenSorted(s, lambda);
            double top = lambda[m - 1];
            int keep = 0;
            for (int j = 0; j < m; j++) {
                if (lambda[j] > DROP * top) {
                    keep++;
                }
            }
            double[][] c = new double[m][keep];
            int col = 0;
            for (int j = m - keep; j < m; j++) {
                double f = 1 / Math.sqrt(lambda[j]);
                for (int i = 0; i < m; i++) {
                    c[i][col] = scale[i] * vecs[i][j] * f;
                }
                col++;
            }
            return combine(q, c, null, null, keep);
        }

        /** [a.length][b.length] inner products, summed over fixed row chunks in chunk order. */
        double[][] gram(double[][] a, double[][] b) {
            int ma = a.length;
            int mb = b.length;
            int chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
            double[][][] partial = new double[chunks][][];
            pool.forEach(chunks, ch -> {
                int lo = ch * CHUNK;
                int hi = Math.min(n, lo + CHUNK);
                double[][] g = new double[ma][mb];
                for (int i = 0; i < ma; i++) {
                    double[] ai = a[i];
                    for (int j = 0; j < mb; j++) {
                        double[] bj = b[j];
                        double s0 = 0;
                        double s1 = 0;
                        int r = lo;
                        for (; r + 1 < hi; r += 2) {
                            s0 += ai[r] * bj[r];
                            s1 += ai[r + 1] * bj[r + 1];
                        }
                        if (r < hi) {
                            s0 += ai[r] * bj[r];
                        }
                        g[i][j] = s0 + s1;
                    }
                }
                partial[ch] = g;
            });
            double[][] out = new double[ma][mb];
            for (double[][] g : partial) {
                for (int i = 0; i < ma; i++) {
                    for (int j = 0; j < mb; j++) {
                        out[i][j] += g[i][j];
                    }
                }
            }
            return out;
        }

        /** cols columns: a ca + b cb (b, cb may be null), over fixed row chunks. */
        double[][] combine(double[][] a, double[][] ca, double[][] b, double[][] cb, int cols) {
            double[][] out = new double[cols][n];
            int chunks = Math.max(1, (n + CHUNK - 1) / CHUNK);
            pool.forEach(chunks, ch -> {
                int lo = ch * CHUNK;
                int hi = Math.min(n, lo + CHUNK);
                for (int j = 0; j < cols; j++) {
                    double[] o = out[j];
                    for (int p = 0; p < a.length; p++) {
                        double f = ca[p][j];
                        if (f != 0) {
                            double[] ap = a[p];
                            for (int r = lo; r < hi; r++) {
                                o[r] += f * ap[r];
                            }
                        }
                    }
                    if (b != null) {
                        for (int p = 0; p < b.length; p++) {
                            double f = cb[p][j];
                            if (f != 0) {
                                double[] bp = b[p];
                                for (int r = lo; r < hi; r++) {
                                    o[r] += f * bp[r];
                                }
                            }
                        }
                    }
                }
            });
            return out;
        }
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    /**
     * Eigenpairs of a small symmetric matrix, ascending: values into {@code values}, eigenvectors as the columns
     * of the returned [m][m] matrix.
     */
    static double[][] eigenSorted(double[][] g, double[] values) {
        int m = g.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(g, true));
        double[] ev = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(ev[i], ev[j]));
        double[][] out = new double[m][m];
        for (int j = 0; j < m; j++) {
            int src = order[j];
            values[j] = ev[src];
            for (int i = 0; i < m; i++) {
                out[i][j] = v.getEntry(i, src);
            }
        }
        return out;
    }
}
