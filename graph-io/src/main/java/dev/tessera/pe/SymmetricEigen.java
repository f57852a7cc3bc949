package dev.tessera.pe;

import java.util.SplittableRandom;

/**
 * The m smallest eigenpairs of a dense symmetric matrix: Householder reduction to tridiagonal form
 * {@code A = Q T Q^T}, the m smallest eigenvalues of T by bisection on Sturm counts, their eigenvectors of T by
 * inverse iteration (re-orthogonalized within clusters of close eigenvalues, as LAPACK's {@code dstein}), and
 * {@code x = Q y} by applying the reflectors. Time about {@code 4/3 N^3} for the reduction plus O(m N^2);
 * memory the matrix itself (overwritten).
 *
 * <p>Hand-written because commons-math's {@code EigenDecomposition}, which computes every eigenvector with
 * column-strided loops, took over three minutes for N = 2000 where this takes seconds: the reduction here runs
 * over contiguous rows, fuses each step's update with the next step's matrix-vector product (one pass over the
 * matrix per step), and spreads rows over threads (each row's arithmetic is the same whatever the thread count,
 * so the result is too).
 */
final class SymmetricEigen {
    private static final double EPS = Math.ulp(1.0);
    private static final int INVERSE_ITERATIONS = 5;
    private static final int MIN_ROWS_PER_TASK = 64;

    private SymmetricEigen() {
    }

    /**
     * @param values the m smallest eigenvalues, ascending
     * @param vectors [m][N]: unit eigenvectors, {@code vectors[i]} belongs to {@code values[i]}
     */
    record Eigenpairs(double[] values, double[][] vectors) {
    }

    /**
     * @param a a symmetric matrix, [N][N] rows (both triangles filled); overwritten
     * @param m how many of the smallest eigenpairs, in {@code [1, N]}
     * @param seed seed of the inverse iteration's start vectors
     * @param threads threads for the reduction, &gt;= 1
     * @return the m smallest eigenpairs
     */
    static Eigenpairs smallest(double[][] a, int m, long seed, int threads) {
        int n = a.length;
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("m must be in [1, " + n + "]: " + m);
        }
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] beta = new double[n];
        tridiagonalize(a, d, e, beta, threads);
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
        }
        scale = Math.max(scale, Double.MIN_NORMAL);
        // Negligible off-diagonals split T into blocks; zeroing them makes the blocks exactly independent.
        for (int i = 0; i < n - 1; i++) {
            if (Math.abs(e[i]) <= EPS * (Math.abs(d[i]) + Math.abs(d[i + 1]))) {
                e[i] = 0;
            }
        }
        double[] values = new double[m];
        for (int i = 0; i < m; i++) {
            values[i] = bisect(d, e, i, scale);
        }
        double[][] vectors = inverseIteration(d, e, values, scale, seed);
        for (double[] y : vectors) {
            applyReflectors(a, beta, y);
        }
        return new Eigenpairs(values, vectors);
    }

    /**
     * Householder reduction: step j maps row j's tail {@code x = A[j][j+1..]} to {@code alpha e_1} with
     * {@code H = I - beta v v^T}, and updates the trailing block {@code A <- H A H = A - v w^T - w v^T}, with
     * {@code p = beta A v} and {@code w = p - (beta/2)(p^T v) v}. The reflector {@code v} is kept in row j.
     */
    static void tridiagonalize(double[][] a, double[] d, double[] e, double[] beta, int threads) {
        int n = a.length;
        if (n == 1) {
            d[0] = a[0][0];
            return;
        }
        double[] p = new double[n];
        double[] w = new double[n];
        try (Rows rows = new Rows(threads)) {
            // Reflector of row 0 and p = A22 v for it; later steps get p from the fused pass.
            if (n > 2) {
                beta[0] = reflector(a[0], 1, n, e, 0);
                double[] v0 = a[0];
                rows.run(1, n, (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        p[r] = dot(a[r], v0, 1, n);
                    }
                });
            }
            for (int j = 0; j < n - 2; j++) {
                d[j] = a[j][j];
                double b = beta[j];
                double[] v = a[j];
                int s = j + 1;
                double pv = 0;
                for (int c = s; c < n; c++) {
                    p[c] *= b;
                    pv += p[c] * v[c];
                }
                double k = 0.5 * b * pv;
                for (int c = s; c < n; c++) {
                    w[c] = p[c] - k * v[c];
                }
                // Row j+1 first: it gives the next reflector, which the pass over the other rows needs.
                update(a[s], v, w, v[s], w[s], s, n);
                int next = s + 1;
                if (next < n - 1) {
                    beta[s] = reflector(a[s], next, n, e, s);
                    double[] vn = a[s];
                    rows.run(next, n, (lo, hi) -> {
                        for (int r = lo; r < hi; r++) {
                            double[] row = a[r];
                            // Column s of these rows is row s's tail (symmetry), read no more: start at next.
                            update(row, v, w, v[r], w[r], next, n);
                            p[r] = dot(row, vn, next, n);
                        }
                    });
                } else {
                    update(a[next], v, w, v[next], w[next], next, n);
                    e[s] = a[s][next];
                }
            }
            d[n - 2] = a[n - 2][n - 2];
            d[n - 1] = a[n - 1][n - 1];
            if (n == 2) {
                e[0] = a[0][1];
            }
        }
    }

    /** row[c] -= vr w[c] + wr v[c] for c in [from, to). */
    private static void update(double[] row, double[] v, double[] w, double vr, double wr, int from, int to) {
        for (int c = from; c < to; c++) {
            row[c] -= vr * w[c] + wr * v[c];
        }
    }

    private static double dot(double[] x, double[] y, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int c = from;
        for (; c + 3 < to; c += 4) {
            s0 += x[c] * y[c];
            s1 += x[c + 1] * y[c + 1];
            s2 += x[c + 2] * y[c + 2];
            s3 += x[c + 3] * y[c + 3];
        }
        for (; c < to; c++) {
            s0 += x[c] * y[c];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Turns {@code row[from..to)} into the Householder vector v with {@code H row = alpha e_1}, stores alpha in
     * {@code e[at]}, and returns beta (0 when the tail below the first entry is already zero).
     */
    private static double reflector(double[] row, int from, int to, double[] e, int at) {
        double x0 = row[from];
        double tail = 0;
        double big = 0;
        for (int c = from + 1; c < to; c++) {
            big = Math.max(big, Math.abs(row[c]));
        }
        if (big == 0) {
            e[at] = x0;
            for (int c = from; c < to; c++) {
                row[c] = 0;
            }
            return 0;
        }
        // Scaled norm: no overflow or underflow for extreme entries.
        double sc = Math.max(big, Math.abs(x0));
        for (int c = from + 1; c < to; c++) {
            double t = row[c] / sc;
            tail += t * t;
        }
        double x0s = x0 / sc;
        double norm = sc * Math.sqrt(x0s * x0s + tail);
        double alpha = x0 >= 0 ? -norm : norm;
        row[from] = x0 - alpha;
        e[at] = alpha;
        // v^T v = (x0 - alpha)^2 + |tail|^2 = 2 norm (norm + |x0|), so beta = 1 / (norm (norm + |x0|)).
        return 1.0 / (norm * (norm + Math.abs(x0)));
    }

    /** x <- H_0 H_1 ... H_{n-3} x. */
    private static void applyReflectors(double[][] a, double[] beta, double[] x) {
        int n = a.length;
        for (int j = n - 3; j >= 0; j--) {
            double b = beta[j];
            if (b == 0) {
                continue;
            }
            double[] v = a[j];
            double s = b * dot(v, x, j + 1, n);
            for (int c = j + 1; c < n; c++) {
                x[c] -= s * v[c];
            }
        }
    }

    /** Number of eigenvalues of T below x (Sturm sequence; a zero pivot is nudged as in LAPACK's dstebz). */
    static int countBelow(double[] d, double[] e, double x, double pivmin) {
        int count = 0;
        double q = d[0] - x;
        if (Math.abs(q) < pivmin) {
            q = -pivmin;
        }
        if (q < 0) {
            count++;
        }
        for (int i = 1; i < d.length; i++) {
            q = d[i] - x - e[i - 1] * e[i - 1] / q;
            if (Math.abs(q) < pivmin) {
                q = -pivmin;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    /** The i-th smallest eigenvalue of T (0-based), by bisection inside the Gershgorin interval. */
    private static double bisect(double[] d, double[] e, int i, double scale) {
        int n = d.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double maxE2 = 0;
        for (int r = 0; r < n; r++) {
            double off = (r > 0 ? Math.abs(e[r - 1]) : 0) + (r < n - 1 ? Math.abs(e[r]) : 0);
            lo = Math.min(lo, d[r] - off);
            hi = Math.max(hi, d[r] + off);
            if (r < n - 1) {
                maxE2 = Math.max(maxE2, e[r] * e[r]);
            }
        }
        double pivmin = Double.MIN_NORMAL * Math.max(1, maxE2);
        lo -= 2 * EPS * scale + pivmin;
        hi += 2 * EPS * scale + pivmin;
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + pivmin || mid == lo || mid == hi) {
                break;
            }
            if (countBelow(d, e, mid, pivmin) > i) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Eigenvectors of T for the given ascending eigenvalues: a few solves of {@code (T - lambda I) y = b} from
     * a seeded random start, each followed by Gram-Schmidt against the vectors already found in the same
     * cluster (eigenvalues closer than {@code 1e-3 ||T||}, LAPACK's rule). Equal eigenvalues are separated by a
     * few ulps so that each solve is well defined.
     */
    private static double[][] inverseIteration(double[] d, double[] e, double[] values, double scale, long seed) {
        int n = d.length;
        int m = values.length;
        double[][] y = new double[m][];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] shifts = values.clone();
        double clusterGap = 1e-3 * scale;
        int clusterStart = 0;
        double[] dl = new double[n];
        double[] dd = new double[n];
        double[] du = new double[n];
        double[] du2 = new double[n];
        boolean[] swap = new boolean[n];
        for (int j = 0; j < m; j++) {
            if (j > 0) {
                if (shifts[j] - shifts[j - 1] > clusterGap) {
                    clusterStart = j;
                }
                double sep = 10 * EPS * Math.max(Math.abs(shifts[j]), scale);
                if (shifts[j] - shifts[j - 1] < sep) {
                    shifts[j] = shifts[j - 1] + sep;
                }
            }
            factor(d, e, shifts[j], scale, dl, dd, du, du2, swap);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble() - 0.5;
            }
            normalize(x);
            for (int it = 0; it < INVERSE_ITERATIONS; it++) {
                solve(dl, dd, du, du2, swap, x);
                for (int pass = 0; pass < 2; pass++) {
                    for (int q = clusterStart; q < j; q++) {
                        double s = 0;
                        for (int i = 0; i < n; i++) {
                            s += y[q][i] * x[i];
                        }
                        for (int i = 0; i < n; i++) {
                            x[i] -= s * y[q][i];
                        }
                    }
                }
                if (!normalize(x)) {
                    // Start over from a fresh vector (the solve annihilated it: rare, in exact degeneracy).
                    for (int i = 0; i < n; i++) {
                        x[i] = rnd.nextDouble() - 0.5;
                    }
                    normalize(x);
                }
            }
            y[j] = x;
        }
        return y;
    }

    private static boolean normalize(double[] x) {
        double big = 0;
        for (double v : x) {
            big = Math.max(big, Math.abs(v));
        }
        if (!(big > 0) || !Double.isFinite(big)) {
            return false;
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] /= big;
            s += x[i] * x[i];
        }
        double inv = 1 / Math.sqrt(s);
        for (int i = 0; i < x.length; i++) {
            x[i] *= inv;
        }
        return true;
    }

    /** LU with partial pivoting of T - lambda I (LAPACK's dgttrf); tiny pivots are raised to eps ||T||. */
    private static void factor(double[] d, double[] e, double lambda, double scale, double[] dl, double[] dd,
            double[] du, double[] du2, boolean[] swap) {
        int n = d.length;
        for (int i = 0; i < n; i++) {
            dd[i] = d[i] - lambda;
            du2[i] = 0;
            swap[i] = false;
            if (i < n - 1) {
                dl[i] = e[i];
                du[i] = e[i];
            }
        }
        for (int i = 0; i < n - 1; i++) {
            if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
                if (dd[i] != 0) {
                    double f = dl[i] / dd[i];
                    dl[i] = f;
                    dd[i + 1] -= f * du[i];
                }
            } else {
                double f = dd[i] / dl[i];
                dd[i] = dl[i];
                dl[i] = f;
                double t = du[i];
                du[i] = dd[i + 1];
                dd[i + 1] = t - f * dd[i + 1];
                if (i < n - 2) {
                    du2[i] = du[i + 1];
                    du[i + 1] = -f * du[i + 1];
                }
                swap[i] = true;
            }
        }
        double tiny = EPS * scale;
        for (int i = 0; i < n; i++) {
            if (Math.abs(dd[i]) < tiny) {
                dd[i] = dd[i] < 0 ? -tiny : tiny;
            }
        }
    }

    /** Solves with the factors of {@link #factor}, in place (LAPACK's dgtts2). */
    private static void solve(double[] dl, double[] dd, double[] du, double[] du2, boolean[] swap, double[] b) {
        int n = dd.length;
        for (int i = 0; i < n - 1; i++) {
            if (!swap[i]) {
                b[i + 1] -= dl[i] * b[i];
            } else {
                double t = b[i] - dl[i] * b[i + 1];
                b[i] = b[i + 1];
                b[i + 1] = t;
            }
        }
        b[n - 1] /= dd[n - 1];
        if (n > 1) {
            b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / dd[n - 2];
        }
        for (int i = n - 3; i >= 0; i--) {
            b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
        }
    }

    /** Splits row ranges into equal contiguous chunks, one per thread (all rows of the trailing block cost the same). */
    private static final class Rows implements AutoCloseable {
        interface Range {
            void run(int lo, int hi);
        }

        private final Pool pool;

        Rows(int threads) {
            this.pool = new Pool(threads, "dense-eigen");
        }

        void run(int from, int to, Range range) {
            int rows = to - from;
            int parts = Math.min(pool.threads(), Math.max(1, rows / MIN_ROWS_PER_TASK));
            int chunk = (rows + parts - 1) / parts;
            pool.forEach(parts, p -> {
                int lo = from + p * chunk;
                int hi = Math.min(to, lo + chunk);
                if (lo < hi) {
                    range.run(lo, hi);
                }
            });
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
