package dev.tessera.metrics;

/**
 * Mean and population standard deviation of a sample, {@code σ = sqrt((1/n) Σ (x_i − mean)²)}: the divisor n
 * (numpy's {@code np.std} default, used by the Python baselines), not the sample divisor n − 1.
 *
 * @param mean the mean
 * @param std the population standard deviation (0 for one value)
 * @param n the number of values
 */
public record MeanStd(double mean, double std, int n) {
    /**
     * @param values the sample, at least one value
     * @return its mean and population standard deviation
     */
    public static MeanStd of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(sq / values.length), values.length);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, std);
    }
}
