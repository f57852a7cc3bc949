package dev.tessera.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns, for people to read: a header row, a dashed rule, then the rows.
 * Columns are separated by two spaces; a column whose cells all look numeric is right-aligned, others are
 * left-aligned. Without a header only the rows are printed (a key/value summary).
 *
 * <pre>{@code
 * new TextTable("name", "nodes").row("cora", 2708).row("tolokers", 11758).print(out);
 * }</pre>
 */
public final class TextTable {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    /** @param header the column names; none for a table without a header */
    public TextTable(String... header) {
        this.header = header.clone();
    }

    /**
     * @param cells one value per column ({@code null} prints as empty)
     * @return this table
     */
    public TextTable row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    /** @return the number of rows added */
    public int size() {
        return rows.size();
    }

    /** @param out where to print the table */
    public void print(PrintWriter out) {
        for (String line : lines()) {
            out.println(line);
        }
        out.flush();
    }

    /** @return the table's lines, without line terminators or trailing blanks */
    public List<String> lines() {
        int cols = header.length;
        for (String[] r : rows) {
            cols = Math.max(cols, r.length);
        }
        int[] width = new int[cols];
        boolean[] numeric = new boolean[cols];
        Arrays.fill(numeric, !rows.isEmpty());
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
        }
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                String cell = c < r.length ? r[c] : "";
                width[c] = Math.max(width[c], cell.length());
                numeric[c] &= cell.isEmpty() || isNumber(cell);
            }
        }
        List<String> out = new ArrayList<>();
        if (header.length > 0) {
            out.add(format(header, width, numeric));
            String[] rule = new String[cols];
            for (int c = 0; c < cols; c++) {
                rule[c] = "-".repeat(width[c]);
            }
            out.add(format(rule, width, numeric));
        }
        for (String[] r : rows) {
            out.add(format(r, width, numeric));
        }
        return out;
    }

    private static String format(String[] cells, int[] width, boolean[] numeric) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.length ? cells[c] : "";
            if (c > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(width[c] - cell.length());
            sb.append(numeric[c] ? pad + cell : cell + pad);
        }
        return sb.toString().stripTrailing();
    }

    /** Digits with an optional sign, grouping commas, decimal point, percent sign or unit suffix like {@code 12.5 MiB}. */
    private static boolean isNumber(String s) {
        return s.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?%?( ?[KMGT]?i?B)?") || s.equals("NaN") || s.equals("-");
    }
}
