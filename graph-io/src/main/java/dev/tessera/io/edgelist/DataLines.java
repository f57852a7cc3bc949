package dev.tessera.io.edgelist;

import dev.tessera.io.TextLines;

/**
 * The data lines of an edge or feature file: skips blank and comment lines ({@link Fields#isSkippable}), and the
 * first remaining line when its first field is not a number (a header). Errors still name the line through the
 * underlying {@link TextLines}.
 */
final class DataLines {
    private final TextLines in;
    private boolean first = true;

    /** @param in the open file, before its first line */
    DataLines(TextLines in) {
        this.in = in;
    }

    /** @return the next data line, or {@code null} at the end */
    String next() {
        for (String line; (line = in.next()) != null; ) {
            if (Fields.isSkippable(line)) {
                continue;
            }
            if (first) {
                first = false;
                Fields probe = new Fields();
                probe.split(line);
                if (!probe.isNumber(0)) {
                    continue; // header
                }
            }
            return line;
        }
        return null;
    }
}
