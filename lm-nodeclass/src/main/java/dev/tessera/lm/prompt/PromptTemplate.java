package dev.tessera.lm.prompt;

import dev.tessera.TesseraException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template from an editable UTF-8 text file; the default is the resource {@value #DEFAULT_RESOURCE} next
 * to this class.
 *
 * <p>Syntax, line by line: a line starting with {@code #} is a comment; a line starting with {@code @} is a
 * directive; every other line is body text. The body is split into paragraphs at blank lines. Placeholders in
 * the body: {@code {target}} (the node's text) and {@code {candidates}} (the candidate labels), each exactly once;
 * {@code {neighbors}} and {@code {prototypes}}, at most once each. A paragraph holding {@code {neighbors}} or
 * {@code {prototypes}} is left out whole when its list is empty, so its header goes with it. Directives give the
 * item formats: {@code @neighbor} (with {@code {text}}; default {@value #DEFAULT_NEIGHBOR}), {@code @prototype}
 * ({@code {text}}, optionally {@code {label}}; default {@value #DEFAULT_PROTOTYPE}), {@code @candidate}
 * ({@code {label}}; default {@value #DEFAULT_CANDIDATE}) and {@code @candidate-separator} (a double-quoted string
 * with escapes {@code \n}, {@code \"}, {@code \\}; default {@code ", "}). Neighbours and prototypes are one item per
 * line.
 *
 * <p>Rendering substitutes in one pass (a text containing {@code {target}} stays as it is) and collapses every run
 * of white space inside inserted texts and labels to one space, so an item stays on its line. Paragraphs are
 * joined by one blank line. Mistakes in a file are one-line {@link TesseraException}s naming the file and line.
 */
public final class PromptTemplate {
    /** The default template's resource name, relative to this class. */
    public static final String DEFAULT_RESOURCE = "default-prompt.txt";
    /** Default neighbour line. */
    public static final String DEFAULT_NEIGHBOR = "- {text}";
    /** Default prototype line. */
    public static final String DEFAULT_PROTOTYPE = "- {text} ({label})";
    /** Default candidate format. */
    public static final String DEFAULT_CANDIDATE = "{label}";
    /** Default text between candidates. */
    public static final String DEFAULT_CANDIDATE_SEPARATOR = ", ";

    /** The body's placeholders. */
    enum Slot { TARGET, NEIGHBORS, PROTOTYPES, CANDIDATES }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_-]+)\\}");
    private static final Pattern WHITE = Pattern.compile("\\s+");

    /** A piece of a paragraph or item: literal text, or a slot (name) to fill. */
    private record Segment(String literal, String slot) {
    }

    private final String source;
    private final List<List<Segment>> paragraphs;
    private final List<Segment> neighbor;
    private final List<Segment> prototype;
    private final List<Segment> candidate;
    private final String separator;
    private final Set<Slot> slots;

    private PromptTemplate(String source, List<List<Segment>> paragraphs, Map<String, List<Segment>> items,
            String separator, Set<Slot> slots) {
        this.source = source;
        this.paragraphs = paragraphs;
        this.neighbor = items.get("neighbor");
        this.prototype = items.get("prototype");
        this.candidate = items.get("candidate");
        this.separator = separator;
        this.slots = slots;
    }

    /** @return the template shipped with Tessera */
    public static PromptTemplate defaultTemplate() {
        try (InputStream in = PromptTemplate.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param file a template file
     * @return the template
     * @throws TesseraException when the file is missing, unreadable, not UTF-8 or not a valid template (one line
     *     naming the file)
     */
    public static PromptTemplate load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw TesseraException.at(file, 0, "no such prompt template");
        } catch (IOException e) {
            throw TesseraException.at(file, 0, "cannot read the prompt template (" + e.getMessage() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw TesseraException.at(file, 0, "the prompt template is not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    /**
     * @param text the template's text
     * @param source where it came from, for messages
     * @return the template
     * @throws TesseraException when it is not a valid template
     */
    public static PromptTemplate parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        Map<String, List<Segment>> items = new java.util.HashMap<>();
        items.put("neighbor", segments(DEFAULT_NEIGHBOR, source, 0, Set.of("text")));
        items.put("prototype", segments(DEFAULT_PROTOTYPE, source, 0, Set.of("text", "label")));
        items.put("candidate", segments(DEFAULT_CANDIDATE, source, 0, Set.of("label")));
        String separator = DEFAULT_CANDIDATE_SEPARATOR;
        List<List<Segment>> paragraphs = new ArrayList<>();
        StringBuilder para = null;
        int paraLine = 0;
        Map<Slot, Integer> counts = new EnumMap<>(Slot.class);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                int sp = line.indexOf(' ');
                String name = sp < 0 ? line.substring(1) : line.substring(1, sp);
                String value = sp < 0 ? "" : line.substring(sp + 1);
                switch (name) {
                    case "neighbor" -> items.put(name, item(value, source, no, Set.of("text"), Set.of("text")));
                    case "prototype" -> items.put(name, item(value, source, no, Set.of("text", "label"), Set.of("text")));
                    case "candidate" -> items.put(name, item(value, source, no, Set.of("label"), Set.of("label")));
                    case "candidate-separator" -> separator = quoted(value.strip(), source, no);
                    default -> throw TesseraException.at(source, no, "unknown directive @" + name
                            + " (known: @neighbor, @prototype, @candidate, @candidate-separator)");
                }
                continue;
            }
            if (line.isBlank()) {
                if (para != null) {
                    paragraphs.add(paragraph(para.toString(), source, paraLine, counts));
                    para = null;
                }
                continue;
            }
            if (para == null) {
                para = new StringBuilder(line.stripTrailing());
                paraLine = no;
            } else {
                para.append('\n').append(line.stripTrailing());
            }
        }
        if (para != null) {
            paragraphs.add(paragraph(para.toString(), source, paraLine, counts));
        }
        for (Slot s : List.of(Slot.TARGET, Slot.CANDIDATES)) {
            if (counts.getOrDefault(s, 0) != 1) {
                throw TesseraException.at(source, 0, "the template needs {" + name(s) + "} exactly once (found "
                        + counts.getOrDefault(s, 0) + ")");
            }
        }
        for (Slot s : List.of(Slot.NEIGHBORS, Slot.PROTOTYPES)) {
            if (counts.getOrDefault(s, 0) > 1) {
                throw TesseraException.at(source, 0, "{" + name(s) + "} may appear at most once (found "
                        + counts.get(s) + ")");
            }
        }
        return new PromptTemplate(source, paragraphs, items, separator, Set.copyOf(counts.keySet()));
    }

    private static String name(Slot s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<Segment> paragraph(String text, String source, int firstLine, Map<Slot, Integer> counts) {
        List<Segment> segs = segments(text, source, firstLine, Set.of("target", "neighbors", "prototypes", "candidates"));
        for (Segment s : segs) {
            if (s.slot != null) {
                counts.merge(Slot.valueOf(s.slot.toUpperCase(java.util.Locale.ROOT)), 1, Integer::sum);
            }
        }
        return segs;
    }

    private static List<Segment> item(String value, String source, int line, Set<String> allowed, Set<String> required) {
        List<Segment> segs = segments(value, source, line, allowed);
        for (String r : required) {
            long n = segs.stream().filter(s -> r.equals(s.slot)).count();
            if (n != 1) {
                throw TesseraException.at(source, line, "the item format needs {" + r + "} exactly once (found " + n + ")");
            }
        }
        for (String a : allowed) {
            if (segs.stream().filter(s -> a.equals(s.slot)).count() > 1) {
                throw TesseraException.at(source, line, "{" + a + "} may appear at most once in an item format");
            }
        }
        return segs;
    }

    /** Splits text at placeholders; {@code firstLine} locates errors (0: the built-in defaults). */
    private static List<Segment> segments(String text, String source, int firstLine, Set<String> allowed) {
        List<Segment> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!allowed.contains(name)) {
                int line = firstLine == 0 ? 0 : firstLine + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                throw TesseraException.at(source, line, "unknown placeholder {" + name + "} (allowed here: "
                        + String.join(", ", allowed.stream().sorted().map(s -> "{" + s + "}").toList()) + ")");
            }
            if (m.start() > at) {
                out.add(new Segment(text.substring(at, m.start()), null));
            }
            out.add(new Segment(null, name));
            at = m.end();
        }
        if (at < text.length()) {
            out.add(new Segment(text.substring(at), null));
        }
        return List.copyOf(out);
    }

    private static String quoted(String value, String source, int line) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            throw TesseraException.at(source, line, "@candidate-separator needs a double-quoted string, e.g. \", \"");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() - 1) {
                    throw TesseraException.at(source, line, "a lone \\ at the end of the @candidate-separator string");
                }
                char e = value.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    default -> throw TesseraException.at(source, line, "unknown escape \\" + e + " (known: \\n, \\\", \\\\)");
                }
            } else if (c == '"') {
                throw TesseraException.at(source, line, "an unescaped \" inside the @candidate-separator string");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return where the template came from */
    public String source() {
        return source;
    }

    /** @return whether the body has a {@code {neighbors}} paragraph */
    public boolean usesNeighbors() {
        return slots.contains(Slot.NEIGHBORS);
    }

    /** @return whether the body has a {@code {prototypes}} paragraph */
    public boolean usesPrototypes() {
        return slots.contains(Slot.PROTOTYPES);
    }

    /**
     * Fills the template as given, with no budget (see {@link PromptBuilder} for fitting one).
     *
     * @param target the node's text
     * @param neighbors neighbour texts, in order
     * @param prototypes prototypes, in order
     * @param candidates candidate label names, in order
     * @return the prompt
     */
    public String render(String target, List<String> neighbors, List<LabeledText> prototypes, List<String> candidates) {
        StringBuilder out = new StringBuilder();
        for (List<Segment> para : paragraphs) {
            boolean empty = para.stream().anyMatch(s -> ("neighbors".equals(s.slot) && neighbors.isEmpty())
                    || ("prototypes".equals(s.slot) && prototypes.isEmpty()));
            if (empty) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            for (Segment s : para) {
                if (s.literal != null) {
                    out.append(s.literal);
                    continue;
                }
                switch (s.slot) {
                    case "target" -> out.append(clean(target));
                    case "neighbors" -> {
                        for (int i = 0; i < neighbors.size(); i++) {
                            if (i > 0) {
                                out.append('\n');
                            }
                            fill(out, neighbor, neighbors.get(i), "");
                        }
                    }
                    case "prototypes" -> {
                        for (int i = 0; i < prototypes.size(); i++) {
                            if (i > 0) {
                                out.append('\n');
                            }
                            fill(out, prototype, prototypes.get(i).text(), prototypes.get(i).label());
                        }
                    }
                    case "candidates" -> {
                        for (int i = 0; i < candidates.size(); i++) {
                            if (i > 0) {
                                out.append(separator);
                            }
                            fill(out, candidate, "", candidates.get(i));
                        }
                    }
                    default -> throw new IllegalStateException(s.slot);
                }
            }
        }
        return out.toString();
    }

    private static void fill(StringBuilder out, List<Segment> item, String text, String label) {
        for (Segment s : item) {
            if (s.literal != null) {
                out.append(s.literal);
            } else if ("text".equals(s.slot)) {
                out.append(clean(text));
            } else {
                out.append(clean(label));
            }
        }
    }

    /**
     * @param text any text
     * @return it with every run of white space collapsed to one space, trimmed: how the template inserts texts
     */
    public static String clean(String text) {
        return WHITE.matcher(text).replaceAll(" ").strip();
    }

    @Override
    public String toString() {
        return "PromptTemplate(" + source + ")";
    }
}
