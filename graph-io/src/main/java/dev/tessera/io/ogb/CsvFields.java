package dev.tessera.io.ogb;

/**
 * Number parsing on a range of a line, without splitting, regular expressions or substrings on the common
 * paths: the OGB files hold tens of millions of numbers and this parse time is the baseline for the binary cache.
 * Problems are thrown as {@link NumberFormatException} with a short message; callers add file and line.
 */
final class CsvFields {
    /** Below 2<sup>24</sup> every integer is an exact float32. */
    private static final int FLOAT_EXACT = 1 << 24;
    /** Exact float32 powers of ten, 10<sup>0</sup>..10<sup>10</sup> (5<sup>10</sup> &lt; 2<sup>24</sup>). */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private CsvFields() {
    }

    /**
     * @param s a line
     * @return the number of comma-separated columns (1 for a line without commas)
     */
    static int columns(String s) {
        int n = 1;
        for (int i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Parses a decimal int32 in {@code s[from, to)}; spaces around it are ignored.
     *
     * @throws NumberFormatException when the range is empty, not an integer or out of int32 range
     */
    static int parseInt(String s, int from, int to) {
        int i = from;
        int end = to;
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        while (end > i && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (i == end) {
            throw new NumberFormatException("empty value");
        }
        boolean neg = false;
        char c0 = s.charAt(i);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            i++;
        }
        if (i == end || end - i > 10) {
            throw notInteger(s, from, to);
        }
        long v = 0;
        for (; i < end; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw notInteger(s, from, to);
            }
            v = v * 10 + d;
        }
        if (neg) {
            v = -v;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new NumberFormatException("integer out of range: '" + s.substring(from, to).trim() + "'");
        }
        return (int) v;
    }

    /**
     * Parses a float32 in {@code s[from, to)} exactly as {@link Float#parseFloat} would (correctly rounded):
     * plain integers and short decimals are computed directly, everything else goes through the JDK.
     *
     * @throws NumberFormatException when the text is not a number, or is NaN or infinite
     */
    static float parseFloat(String s, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to) {
            char c0 = s.charAt(i);
            if (c0 == '-' || c0 == '+') {
                neg = c0 == '-';
                i++;
            }
        }
        long mant = 0;
        int digits = 0;
        int fracDigits = -1;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    break;
                }
                mant = mant * 10 + (c - '0');
                if (fracDigits >= 0) {
                    fracDigits++;
                }
            } else if (c == '.' && fracDigits < 0) {
                fracDigits = 0;
            } else {
                break;
            }
        }
        if (i == to && digits > 0 && digits <= 18) {
            if (fracDigits <= 0) {
                // long -> float conversion rounds to nearest, like parseFloat of the same integer.
                float v = (float) mant;
                return neg ? -v : v;
            }
            if (mant < FLOAT_EXACT && fracDigits < POW10.length) {
                // Both operands are exact float32, so one IEEE division rounds the exact quotient correctly.
                float v = (float) mant / POW10[fracDigits];
                return neg ? -v : v;
            }
        }
        return slowFloat(s, from, to);
    }

    private static float slowFloat(String s, int from, int to) {
        String tok = s.substring(from, to).trim();
        float v;
        try {
            v = Float.parseFloat(tok);
        } catch (NumberFormatException e) {
            String t = tok.startsWith("-") || tok.startsWith("+") ? tok.substring(1) : tok;
            if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
                throw new NumberFormatException("NaN or infinite value '" + tok + "'");
            }
            throw new NumberFormatException(tok.isEmpty() ? "empty value" : "not a number: '" + tok + "'");
        }
        if (!Float.isFinite(v)) {
            throw new NumberFormatException("NaN or infinite value '" + tok + "'");
        }
        return v;
    }

    /**
     * Parses a class label: an integer, an integer-valued float ({@code 3.0}, as OGB writes labels of large
     * datasets) or {@code nan} for an unlabelled node.
     *
     * @return the label, -1 for {@code nan}
     * @throws NumberFormatException when the text is not an integer-valued number
     */
    static int parseLabel(String s, int from, int to) {
        try {
            return parseInt(s, from, to);
        } catch (NumberFormatException e) {
            String tok = s.substring(from, to).trim();
            if (tok.equalsIgnoreCase("nan")) {
                return -1;
            }
            double d;
            try {
                d = Double.parseDouble(tok);
            } catch (NumberFormatException e2) {
                throw new NumberFormatException(tok.isEmpty() ? "empty value" : "label is not a number: '" + tok + "'");
            }
            if (Double.isNaN(d)) {
                return -1;
            }
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new NumberFormatException("label is not an integer: '" + tok + "'");
            }
            return (int) d;
        }
    }

    private static NumberFormatException notInteger(String s, int from, int to) {
        return new NumberFormatException("not an integer: '" + s.substring(from, to).trim() + "'");
    }
}
