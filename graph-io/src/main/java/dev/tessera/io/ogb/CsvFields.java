package dev.tessera.io.ogb;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing on a byte range of a line, without splitting, regular expressions or temporary strings on the
 * common paths: the OGB files hold tens of millions of numbers and this parse time is the baseline for the
 * binary cache. Problems are thrown as {@link NumberFormatException} with a short message; callers add the
 * file and line.
 */
final class CsvFields {
    /** Below 2<sup>24</sup> every integer is an exact float32. */
    private static final int FLOAT_EXACT = 1 << 24;
    /** Exact float32 powers of ten, 10<sup>0</sup>..10<sup>10</sup> (5<sup>10</sup> &lt; 2<sup>24</sup>). */
    private static final float[] POW10 = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

    private CsvFields() {
    }

    /** @return the index of the first {@code c} in {@code b[from, to)}, or -1 */
    static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** @return the number of comma-separated columns in {@code b[from, to)} (1 without commas) */
    static int columns(byte[] b, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                n++;
            }
        }
        return n;
    }

    /** @return {@code b[from, to)} as text, without surrounding spaces (for messages and the slow paths) */
    static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8).trim();
    }

    /**
     * Parses a decimal int32 in {@code b[from, to)}; spaces around it are ignored.
     *
     * @throws NumberFormatException when the range is empty, not an integer or out of int32 range
     */
    static int parseInt(byte[] b, int from, int to) {
        int i = from;
        int end = to;
        while (i < end && b[i] == ' ') {
            i++;
        }
        while (end > i && b[end - 1] == ' ') {
            end--;
        }
        if (i == end) {
            throw new NumberFormatException("empty value");
        }
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
        }
        if (i == end || end - i > 10) {
            throw notInteger(b, from, to);
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw notInteger(b, from, to);
            }
            v = v * 10 + d;
        }
        if (neg) {
            v = -v;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new NumberFormatException("integer out of range: '" + text(b, from, to) + "'");
        }
        return (int) v;
    }

    /**
     * Parses a float32 in {@code b[from, to)} exactly as {@link Float#parseFloat} would (correctly rounded):
     * plain integers and short decimals are computed directly, everything else goes through the JDK.
     *
     * @throws NumberFormatException when the text is not a number, or is NaN or infinite
     */
    static float parseFloat(byte[] b, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            neg = b[i] == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int fracDigits = -1;
        for (; i < to; i++) {
            int c = b[i];
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
        return slowFloat(text(b, from, to));
    }

    /**
     * Parses the float32 field that starts at {@code from} and ends at the next comma or at {@code to}, in one pass
     * over the bytes for plain numbers (the feature files' hot loop).
     *
     * @return {@code (floatBits << 32) | end}: the value's raw bits and the index of the comma ending the field
     *     ({@code to} when it is the line's last field)
     * @throws NumberFormatException as {@link #parseFloat}
     */
    static long parseFloatField(byte[] b, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && b[i] == '-') {
            neg = true;
            i++;
        }
        long mant = 0;
        int digits = 0;
        int fracDigits = -1;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                mant = mant * 10 + (c - '0');
                digits++;
                if (fracDigits >= 0) {
                    fracDigits++;
                }
            } else if (c == '.' && fracDigits < 0) {
                fracDigits = 0;
            } else {
                break;
            }
        }
        if ((i == to || b[i] == ',') && digits > 0 && digits <= 18) {
            float v;
            if (fracDigits <= 0) {
                v = neg ? -(float) mant : (float) mant;
            } else if (mant < FLOAT_EXACT && fracDigits < POW10.length) {
                v = (float) mant / POW10[fracDigits];
                v = neg ? -v : v;
            } else {
                v = slowFloat(text(b, from, i));
            }
            return ((long) Float.floatToRawIntBits(v) << 32) | i;
        }
        int end = indexOf(b, i, to, ',');
        if (end < 0) {
            end = to;
        }
        return ((long) Float.floatToRawIntBits(parseFloat(b, from, end)) << 32) | end;
    }

    private static float slowFloat(String tok) {
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
    static int parseLabel(byte[] b, int from, int to) {
        try {
            return parseInt(b, from, to);
        } catch (NumberFormatException e) {
            String tok = text(b, from, to);
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

    private static NumberFormatException notInteger(byte[] b, int from, int to) {
        return new NumberFormatException("not an integer: '" + text(b, from, to) + "'");
    }
}
