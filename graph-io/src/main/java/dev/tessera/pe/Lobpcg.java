package dev.tessera.pe;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The k smallest eigenpairs of a symmetric operator restricted to the orthogonal complement of a known invariant
 * subspace, by LOBPCG (Knyazev, "Toward the Optimal Preconditioned Eigensolver: Locally Optimal Block
 * Preconditioned Conjugate Gradient Method", SIAM J. Sci. Comput. 23(2), 2001), without preconditioner.
 *
 * <p>Each iteration: Ritz vectors X (b columns) and values theta, residuals {@code R = A X - X diag(theta)}; the
 * search space {@code [X, W, P]} with W the residuals of the columns not yet converged (soft locking) and P the
 * previous step's directions; W and P are projected off the deflated subspace, orthogonalized against X and
 * orthonormalized by SVQB (Stathopoulos &amp; Wu, SIAM J. Sci. Comput. 23(6), 2002), twice, dropping
 * numerically dependent directions, so that Rayleigh-Ritz is a standard symmetric eigenproblem of size at most
 * 3b (Hetmaniuk &amp; Lehoucq, "Basis selection in LOBPCG", J. Comput. Phys. 218, 2006), solved by
 * commons-math. Stops when the first k residual norms are at most the tolerance, or after the iteration cap.
 * X is re-orthonormalized every {@link #RESTART} iterations against drift.
 *
 * <p>Deterministic: start vectors come from the seed, and every parallel loop (operator per column, products
 * over fixed row chunks summed in chunk order) gives the same bits whatever the thread count.
 */
final class Lobpcg {
    static final int RESTART = 50;
    private static final int CHUNK = 4096;
    private static final double DROP = 1e-12;

    private Lobpcg() {
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
     * @param iterations iterations run
     * @param converged whether every residual is within the tolerance
     */
    record Output(double[] values, double[][] vectors, double[] residuals, int iterations, boolean converged) {
    }

    /**
     * @param n the dimension N
     * @param op the operator A (symmetric)
     * @param deflation projection off the subspace to leave out (A-invariant)
     * @param k eigenpairs wanted, &gt;= 1
     * @param block block size b, in {@code [k, N - dim Z]}
     * @param tol residual-norm tolerance
     * @param maxIterations iteration cap
     * @param seed seed of the start vectors
     * @param threads threads
     * @return the k smallest eigenpairs found
     */
    static Output smallest(int n, Operator op, Projector deflation, int k, int block, double tol, int maxIterations,
            long seed, int threads) {
        try (Pool pool = new Pool(threads, "lobpcg")) {
            return new Run(n, op, deflation, pool).solve(k, block, tol, maxIterations, seed);
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

        Output solve(int k, int b, double tol, int maxIterations, long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] x = new double[b][n];
            for (double[] col : x) {
                for (int i = 0; i < n; i++) {
                    col[i] = rnd.nextDouble() - 0.5;
                }
            }
            project(x);
            x = orthonormalize(x, null);
            if (x.length < k) {
                throw new IllegalStateException("start block has rank " + x.length + " < " + k);
            }
            double[][] ax = apply(x);
            double[] theta = new double[x.length];
            double[][][] rr = rayleighRitz(x, ax, theta);
            x = rr[0];
            ax = rr[1];
            double[][] p = null;
            double[] res = new double[x.length];
            int it = 0;
            boolean converged = false;
            while (true) {
                double[][] r = residuals(x, ax, theta, res);
                converged = true;
                for (int i = 0; i < k; i++) {
                    converged &= res[i] <= tol;
                }
                if (converged || it >= maxIterations) {
                    break;
                }
                it++;
                int[] active = activeColumns(res, tol);
                double[][] w = new double[active.length + (p == null ? 0 : active.length)][];
                for (int a = 0; a < active.length; a++) {
                    w[a] = r[active[a]];
                    if (p != null) {
                        w[active.length + a] = p[active[a]];
                    }
                }
                project(w);
                double[][] q = orthonormalize(w, x);
                if (q.length == 0) {
                    break; // nothing new to search: stagnation
                }
                double[][] aq = apply(q);
                int bx = x.length;
                int bq = q.length;
                double[][] xaq = gram(x, aq);
                double[][] qaq = gram(q, aq);
                double[][] g = new double[bx + bq][bx + bq];
                for (int i = 0; i < bx; i++) {
                    g[i][i] = theta[i];
                    for (int j = 0; j < bq; j++) {
                        g[i][bx + j] = xaq[i][j];
                        g[bx + j][i] = xaq[i][j];
                    }
                }
                for (int i = 0; i < bq; i++) {
                    for (int j = 0; j <= i; j++) {
                        double s = 0.5 * (qaq[i][j] + qaq[j][i]);
                        g[bx + i][bx + j] = s;
                        g[bx + j][bx + i] = s;
                    }
                }
                double[] mu = new double[bx + bq];
                double[][] c = eigenSorted(g, mu);
                double[][] cx = new double[bx][bx];
                double[][] cq = new double[bq][bx];
                for (int j = 0; j < bx; j++) {
                    for (int i = 0; i < bx; i++) {
                        cx[i][j] = c[i][j];
                    }
                    for (int i = 0; i < bq; i++) {
                        cq[i][j] = c[bx + i][j];
                    }
                    theta[j] = mu[j];
                }
                p = combine(q, cq, null, null, bx);
                double[][] nx = combine(x, cx, q, cq, bx);
                double[][] nax = combine(ax, cx, aq, cq, bx);
                x = nx;
                ax = nax;
                if (it % RESTART == 0) {
                    project(x);
                    double[][] ox = orthonormalize(x, null);
                    if (ox.length == bx) {
                        x = ox;
                        ax = apply(x);
                        rr = rayleighRitz(x, ax, theta);
                        x = rr[0];
                        ax = rr[1];
                    }
                }
            }
            double[][] vectors = Arrays.copyOf(x, k);
            return new Output(Arrays.copyOf(theta, k), vectors, Arrays.copyOf(res, k), it, converged);
        }

        /** Columns whose residual is above the tolerance; all columns if none (so that the search continues). */
        private int[] activeColumns(double[] res, double tol) {
            int count = 0;
            for (double v : res) {
                if (v > tol) {
                    count++;
                }
            }
            int[] active = new int[count == 0 ? res.length : count];
            int a = 0;
            for (int i = 0; i < res.length; i++) {
                if (count == 0 || res[i] > tol) {
                    active[a++] = i;
                }
            }
            return active;
        }

        /** R = A X - X diag(theta), with the column norms in res. */
        private double[][] residuals(double[][] x, double[][] ax, double[] theta, double[] res) {
            double[][] r = new double[x.length][];
            pool.forEach(x.length, j -> {
                double[] out = new double[n];
                double[] xj = x[j];
                double[] axj = ax[j];
                double t = theta[j];
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double v = axj[i] - t * xj[i];
                    out[i] = v;
                    s += v * v;
                }
                r[j] = out;
                res[j] = Math.sqrt(s);
            });
            return r;
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

        private void project(double[][] x) {
            pool.forEach(x.length, j -> deflation.project(x[j]));
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
