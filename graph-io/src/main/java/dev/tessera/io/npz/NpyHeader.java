package dev.tessera.io.npz;

import java.util.ArrayList;
import java.util.List;

/**
 * The header dictionary of an {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }},
 * parsed by a small strict parser (never evaluated): a Python dict literal with exactly the keys {@code descr}
 * (a string), {@code fortran_order} ({@code True}/{@code False}) and {@code shape} (a tuple of non-negative
 * integers; Python 2's {@code 3L} is accepted), followed only by spaces and a newline.
 *
 * @param dtype the element type
 * @param fortranOrder whether the data are stored column-major
 * @param shape the shape
 */
public record NpyHeader(NpyDtype dtype, boolean fortranOrder, long[] shape) {
    /** Copies the shape. */
    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the dict as numpy writes it (without padding), e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }} */
    public String format() {
        return "{'descr': '" + dtype.descr() + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': "
                + NpyArray.shapeString(shape) + ", }";
    }

    /**
     * @param text the header text after the length field (dict, padding and newline)
     * @return the header
     * @throws IllegalArgumentException when the text is malformed (the message gives the character position)
     */
    public static NpyHeader parse(String text) {
        return new Parser(text).header();
    }

    /** Recursive-descent parser over the header text; {@code pos} is the next character. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        NpyHeader header() {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            skipSpaces();
            expect('{');
            skipSpaces();
            while (peek() != '}') {
                int keyAt = pos;
                String key = string();
                skipSpaces();
                expect(':');
                skipSpaces();
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            throw error(keyAt, "duplicate key 'descr'");
                        }
                        if (peek() == '[') {
                            throw error(pos, "structured dtypes (a list in 'descr') are not supported");
                        }
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortran != null) {
                            throw error(keyAt, "duplicate key 'fortran_order'");
                        }
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw error(keyAt, "duplicate key 'shape'");
                        }
                        shape = tuple();
                    }
                    default -> throw error(keyAt, "unexpected key '" + key + "'");
                }
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                    skipSpaces();
                } else if (peek() != '}') {
                    throw error(pos, "expected ',' or '}'");
                }
            }
            pos++;
            for (; pos < s.length(); pos++) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\0') {
                    throw error(pos, "unexpected text after the dict");
                }
            }
            if (descr == null || fortran == null || shape == null) {
                throw new IllegalArgumentException("malformed header: missing key '"
                        + (descr == null ? "descr" : fortran == null ? "fortran_order" : "shape") + "'");
            }
            NpyDtype dtype = NpyDtype.parse(descr);
            try {
                NpyArray.sizeOf(shape);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("malformed header: shape " + NpyArray.shapeString(shape) + " overflows");
            }
            return new NpyHeader(dtype, fortran, shape);
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error(pos, "expected a quoted string");
            }
            int start = ++pos;
            while (pos < s.length() && s.charAt(pos) != quote) {
                if (s.charAt(pos) == '\\') {
                    throw error(pos, "escapes in strings are not supported");
                }
                pos++;
            }
            if (pos >= s.length()) {
                throw error(start - 1, "unterminated string");
            }
            return s.substring(start, pos++);
        }

        private boolean bool() {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error(pos, "expected True or False");
        }

        private long[] tuple() {
            int open = pos;
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean trailingComma = false;
            skipSpaces();
            while (peek() != ')') {
                dims.add(integer());
                skipSpaces();
                trailingComma = false;
                if (peek() == ',') {
                    pos++;
                    trailingComma = true;
                    skipSpaces();
                } else if (peek() != ')') {
                    throw error(pos, "expected ',' or ')' in the shape");
                }
            }
            pos++;
            if (dims.size() == 1 && !trailingComma) {
                throw error(open, "a one-element shape needs a trailing comma, as in (5,)");
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw error(pos, "expected a non-negative integer");
            }
            if (pos - start > 18) {
                throw error(start, "dimension too large");
            }
            long v = Long.parseLong(s.substring(start, pos));
            if (peek() == 'L') {
                pos++; // Python 2 long literal
            }
            return v;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error(pos, "unexpected end of header");
            }
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error(pos, "expected '" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(int at, String what) {
            return new IllegalArgumentException("malformed header at character " + at + ": " + what);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && dtype.equals(h.dtype) && fortranOrder == h.fortranOrder
                && java.util.Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + java.util.Arrays.hashCode(shape) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return format();
    }
}
