package dev.tessera.datasets;

import dev.tessera.TesseraException;
import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The named datasets Tessera knows: the rows of {@code dev/tessera/data/registry.csv} (a class-path resource of
 * the {@code tessera-data} jar; columns documented in {@code data/README.md}), like OGB's {@code master.csv}.
 *
 * <p>Name lookups ({@link #find}) ignore case, accept {@code _} for {@code -} (OGB's {@code ogbn_arxiv}) and OGB's
 * short names ({@code arxiv} finds {@code ogbn-arxiv}).
 */
public final class DatasetRegistry {
    /** The registry's class-path resource. */
    public static final String RESOURCE = "dev/tessera/data/registry.csv";

    /** The formats a registry row may name. */
    public static final Set<String> FORMATS = Set.of("planetoid", "npz", "ogb");

    private static final List<String> COLUMNS = List.of("name", "format", "binary_layout", "url", "files", "sha256",
            "metric", "task", "default_split", "add_inverse_edge", "num_nodes", "num_classes", "description");

    private final Map<String, RegistryEntry> byKey;
    private final List<RegistryEntry> entries;

    private DatasetRegistry(List<RegistryEntry> entries) {
        this.entries = List.copyOf(entries);
        this.byKey = new HashMap<>();
        for (RegistryEntry e : entries) {
            byKey.put(key(e.name()), e);
        }
    }

    /**
     * @return the registry shipped in the {@code tessera-data} jar
     * @throws TesseraException when the resource is missing (a broken class path) or malformed
     */
    public static DatasetRegistry load() {
        InputStream in = DatasetRegistry.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new TesseraException(RESOURCE + ": not on the class path (is the tessera-data jar missing?)");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(RESOURCE, r);
        } catch (IOException e) {
            throw new TesseraException(RESOURCE + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param file a registry file in the format of {@code registry.csv}
     * @return its entries
     * @throws TesseraException when the file is missing or malformed
     */
    public static DatasetRegistry read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r);
        } catch (NoSuchFileException e) {
            throw new TesseraException(file + ": file not found");
        } catch (IOException e) {
            throw new TesseraException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param source the name used in error messages
     * @param text the registry's text
     * @return its entries
     * @throws TesseraException on a malformed line, naming {@code source} and the line
     */
    public static DatasetRegistry parse(String source, String text) {
        try {
            return parse(source, new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
    }

    private static DatasetRegistry parse(String source, Reader reader) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        Map<String, Integer> column = null;
        List<RegistryEntry> entries = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        long lineNumber = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = splitCsv(line, source, lineNumber);
            if (column == null) {
                column = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    column.put(fields.get(i).trim(), i);
                }
                for (String c : COLUMNS) {
                    if (!column.containsKey(c)) {
                        throw TesseraException.at(source, lineNumber, "header lacks column '" + c + "'");
                    }
                }
                continue;
            }
            if (fields.size() != column.size()) {
                throw TesseraException.at(source, lineNumber,
                        "expected " + column.size() + " fields, found " + fields.size());
            }
            RegistryEntry e = entry(fields, column, source, lineNumber);
            if (!keys.add(key(e.name()))) {
                throw TesseraException.at(source, lineNumber, "dataset '" + e.name() + "' is listed twice");
            }
            entries.add(e);
        }
        if (column == null) {
            throw TesseraException.at(source, 0, "empty registry (no header line)");
        }
        return new DatasetRegistry(entries);
    }

    private static RegistryEntry entry(List<String> f, Map<String, Integer> col, String source, long line) {
        String name = f.get(col.get("name")).trim();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw TesseraException.at(source, line, "bad dataset name '" + name + "' (letters, digits, '.', '_', '-')");
        }
        String format = f.get(col.get("format")).trim();
        if (!FORMATS.contains(format)) {
            throw TesseraException.at(source, line, name + ": unknown format '" + format + "' (known: "
                    + String.join(", ", FORMATS.stream().sorted().toList()) + ")");
        }
        String url = f.get(col.get("url")).trim();
        if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith(RegistryEntry.CLASSPATH)) {
            throw TesseraException.at(source, line, name + ": url '" + url + "' must start with http://, https:// or classpath:");
        }
        if (!url.endsWith("/")) {
            throw TesseraException.at(source, line, name + ": base url '" + url + "' must end in /");
        }
        if (f.get(col.get("default_split")).isBlank()) {
            throw TesseraException.at(source, line, name + ": empty default_split");
        }
        List<String> files = Arrays.stream(f.get(col.get("files")).split(";", -1)).map(String::trim).toList();
        for (String file : files) {
            if (file.isEmpty() || file.startsWith("/") || file.contains("..") || file.contains("\\")) {
                throw TesseraException.at(source, line, name + ": bad file name '" + file + "' (relative, no '..')");
            }
        }
        String shaText = f.get(col.get("sha256")).trim();
        List<String> sha = shaText.isEmpty() ? java.util.Collections.nCopies(files.size(), "")
                : Arrays.stream(shaText.split(";", -1)).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        if (sha.size() != files.size()) {
            throw TesseraException.at(source, line, name + ": " + files.size() + " files but " + sha.size() + " sha256 values");
        }
        for (String s : sha) {
            if (!s.isEmpty() && !s.matches("[0-9a-f]{64}")) {
                throw TesseraException.at(source, line, name + ": sha256 '" + s + "' is not 64 hex digits");
            }
        }
        boolean binaryLayout = bool(f.get(col.get("binary_layout")), "binary_layout", name, source, line);
        boolean addInverseEdge = bool(f.get(col.get("add_inverse_edge")), "add_inverse_edge", name, source, line);
        Metric metric;
        Task task;
        try {
            metric = Metric.parse(f.get(col.get("metric")));
            task = Task.parse(f.get(col.get("task")));
        } catch (TesseraException e) {
            throw TesseraException.at(source, line, name + ": " + e.getMessage());
        }
        try {
            return new RegistryEntry(name, format, binaryLayout, url, files, sha, metric, task,
                    f.get(col.get("default_split")).trim(), addInverseEdge,
                    Long.parseLong(f.get(col.get("num_nodes")).trim()),
                    Integer.parseInt(f.get(col.get("num_classes")).trim()), f.get(col.get("description")).trim());
        } catch (NumberFormatException e) {
            throw TesseraException.at(source, line, name + ": num_nodes and num_classes must be integers (" + e.getMessage() + ")");
        }
    }

    private static boolean bool(String text, String column, String name, String source, long line) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw TesseraException.at(source, line, name + ": " + column + " must be true or false, not '" + text + "'");
        };
    }

    /** Splits one RFC 4180 line: commas separate, double quotes enclose fields that hold commas, {@code ""} is a quote. */
    static List<String> splitCsv(String line, String source, long lineNumber) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw TesseraException.at(source, lineNumber, "unterminated double quote");
        }
        out.add(field.toString());
        return out;
    }

    /** Normalizes a name for lookups: lower case, {@code _} as {@code -}. */
    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return every entry, in file order */
    public List<RegistryEntry> entries() {
        return entries;
    }

    /** @return every dataset name, in file order */
    public List<String> names() {
        return entries.stream().map(RegistryEntry::name).toList();
    }

    /**
     * @param name a dataset name: any case, {@code _} or {@code -}, with or without OGB's {@code ogbn-} prefix
     * @return the entry, or empty when no dataset has that name
     */
    public Optional<RegistryEntry> find(String name) {
        String k = key(name);
        RegistryEntry e = byKey.get(k);
        if (e == null) {
            e = byKey.get("ogbn-" + k);
        }
        return Optional.ofNullable(e);
    }

    /**
     * @param name a dataset name as accepted by {@link #find}
     * @return the entry
     * @throws TesseraException when no dataset has that name (the message lists the known names)
     */
    public RegistryEntry get(String name) {
        return find(name).orElseThrow(() -> new TesseraException(
                "unknown dataset '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    /**
     * @param name a dataset name as accepted by {@link #find}
     * @return its facts for a reader, or {@link DatasetInfo#NONE} when the name is not in the registry (a folder
     *     given by path)
     */
    public DatasetInfo hints(String name) {
        return find(name).map(RegistryEntry::hints).orElse(DatasetInfo.NONE);
    }
}
