package dev.tessera.io.edgelist;

import dev.tessera.io.TextLines;

/**
 * Splits the lines of a delimited text file into fields without allocating per field: the delimiter is detected
 * once from the first data line (comma if it holds one, else tab if it holds one, else runs of whitespace) and
 * then enforced on every later line. Comma and tab fields are trimmed of surrounding spaces.
 */
final class Fields {
    /** The delimiters a file may use. */
    enum Delimiter {
        COMMA("comma"), TAB("tab"), WHITESPACE("whitespace");

        private final String label;

        Delimiter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Delimiter delimiter;
    private String line;
    private int count;
    private int[] bounds = new int[8];

    /**
     * @param line a text line
     * @return whether the line holds nothing to read: blank, or a {@code #} or {@code %} comment
     */
    static boolean isSkippable(String line) {
        int i = firstNonSpace(line);
        return i == line.length() || line.charAt(i) == '#' || line.charAt(i) == '%';
    }

    /**
     * @param line a text line
     * @return whether the line is a comment ({@code #} or {@code %} first)
     */
    static boolean isComment(String line) {
        int i = firstNonSpace(line);
        return i < line.length() && (line.charAt(i) == '#' || line.charAt(i) == '%');
    }

    private static int firstNonSpace(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * @param line the first data line of a file
     * @return the delimiter the file uses
     */
    static Delimiter detect(String line) {
        if (line.indexOf(',') >= 0) {
            return Delimiter.COMMA;
        }
        return line.indexOf('\t') >= 0 ? Delimiter.TAB : Delimiter.WHITESPACE;
    }

    /** @return the delimiter fixed so far, or {@code null} before the first data line */
    Delimiter delimiter() {
        return delimiter;
    }

    /**
     * Splits a line, fixing the delimiter from it when none is fixed yet.
     *
     * @param text the line
     * @return the number of fields
     */
    int split(String text) {
        if (delimiter == null) {
            delimiter = detect(text);
        }
        line = text;
        count = 0;
        int n = text.length();
        if (delimiter == Delimiter.WHITESPACE) {
            int i = 0;
            while (true) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    break;
                }
                int s = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                add(s, i);
            }
            return count;
        }
        char sep = delimiter == Delimiter.COMMA ? ',' : '\t';
        int s = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || text.charAt(i) == sep) {
                int a = s;
                int b = i;
                while (a < b && text.charAt(a) == ' ') {
                    a++;
                }
                while (b > a && text.charAt(b - 1) == ' ') {
                    b--;
                }
                add(a, b);
                s = i + 1;
            }
        }
        return count;
    }

    private void add(int start, int end) {
        if (2 * count + 2 > bounds.length) {
            bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        count++;
    }

    /** @return the number of fields of the last split line */
    int count() {
        return count;
    }

    /**
     * @param i a field index
     * @return the field's text
     */
    String text(int i) {
        return line.substring(bounds[2 * i], bounds[2 * i + 1]);
    }

    /**
     * @param i a field index
     * @return whether the field is empty
     */
    boolean isEmpty(int i) {
        return bounds[2 * i] == bounds[2 * i + 1];
    }

    /**
     * @param i a field index
     * @return whether the field reads as a number (a header's first field does not)
     */
    boolean isNumber(int i) {
        try {
            Double.parseDouble(text(i));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Parses a non-negative int without allocating.
     *
     * @param i a field index
     * @param what what the field holds, for messages (e.g. {@code node id})
     * @param in the file being read, for messages
     * @return the value
     * @throws dev.tessera.TesseraException when the field is not an integer, is negative or overflows
     */
    int nonNegativeInt(int i, String what, TextLines in) {
        int s = bounds[2 * i];
        int e = bounds[2 * i + 1];
        boolean negative = false;
        int p = s;
        if (p < e && (line.charAt(p) == '-' || line.charAt(p) == '+')) {
            negative = line.charAt(p) == '-';
            p++;
        }
        if (p == e) {
            throw in.error("non-numeric " + what + " '" + text(i) + "'");
        }
        long v = 0;
        for (; p < e; p++) {
            char c = line.charAt(p);
            if (c < '0' || c > '9') {
                throw in.error("non-numeric " + what + " '" + text(i) + "'");
            }
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                throw in.error(what + " " + text(i) + " is too large (at most " + (Integer.MAX_VALUE - 1) + ")");
            }
        }
        if (negative && v != 0) {
            throw in.error("negative " + what + " " + text(i));
        }
        return (int) v;
    }

    /**
     * @param i a field index
     * @param what what the field holds, for messages (e.g. {@code weight})
     * @param in the file being read, for messages
     * @return the value, finite
     * @throws dev.tessera.TesseraException when the field is not a number or not finite
     */
    float finiteFloat(int i, String what, TextLines in) {
        float v;
        try {
            v = Float.parseFloat(text(i));
        } catch (NumberFormatException e) {
            throw in.error("non-numeric " + what + " '" + text(i) + "'");
        }
        if (!Float.isFinite(v)) {
            throw in.error("non-finite " + what + " " + text(i));
        }
        return v;
    }
}
