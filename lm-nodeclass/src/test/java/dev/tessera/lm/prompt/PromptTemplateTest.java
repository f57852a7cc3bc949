package dev.tessera.lm.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
    static final String SMALL = """
            # a comment
            @neighbor * {text}
            @prototype * {text} => {label}
            @candidate-separator " | "
            Pick one: {candidates}

            Text: {target}

            Linked:
            {neighbors}

            Examples:
            {prototypes}
            """;

    @Test
    void rendersAndEmptySectionsVanishWithTheirHeaders() {
        PromptTemplate t = PromptTemplate.parse(SMALL, "small");
        assertEquals("Pick one: a | b\n\nText: x y\n\nLinked:\n* n1\n* n2\n\nExamples:\n* p => b",
                t.render("x  y", List.of("n1", "n2"), List.of(new LabeledText("p", "b")), List.of("a", "b")));
        assertEquals("Pick one: a\n\nText: x\n\nExamples:\n* p => a",
                t.render("x", List.of(), List.of(new LabeledText("p", "a")), List.of("a")));
        assertEquals("Pick one: a\n\nText: x", t.render("x", List.of(), List.of(), List.of("a")));
    }

    @Test
    void insertedTextsAreNotTemplatesAndStayOnOneLine() {
        PromptTemplate t = PromptTemplate.parse(SMALL, "small");
        String out = t.render("a {neighbors}\n\n b", List.of("line1\nline2"), List.of(), List.of("c"));
        assertTrue(out.contains("Text: a {neighbors} b"), out);
        assertTrue(out.contains("* line1 line2"), out);
    }

    @Test
    void theDefaultTemplateParses() {
        PromptTemplate t = PromptTemplate.defaultTemplate();
        assertTrue(t.usesNeighbors() && t.usesPrototypes());
        String out = t.render("T", List.of(), List.of(), List.of("A", "B"));
        assertTrue(out.contains("A, B") && out.contains("T"), out);
        assertFalse(out.contains("linked") || out.contains("Examples"), out);
    }

    @Test
    void fileErrorsAreOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        assertError(dir, "missing.txt", null, 0, "no such prompt template");
        assertError(dir, "unknown.txt", "Pick {candidates}\n{target} {neihgbors}\n", 2, "unknown placeholder {neihgbors}");
        assertError(dir, "notarget.txt", "Pick {candidates}\n", 0, "the template needs {target} exactly once (found 0)");
        assertError(dir, "twice.txt", "{target} {candidates} {target}\n", 0, "the template needs {target} exactly once (found 2)");
        assertError(dir, "directive.txt", "@neighbour - {text}\n{target} {candidates}\n", 1, "unknown directive @neighbour");
        assertError(dir, "item.txt", "# c\n@neighbor - text\n{target} {candidates}\n", 2, "the item format needs {text}");
        assertError(dir, "sep.txt", "@candidate-separator ,\n{target} {candidates}\n", 1, "@candidate-separator needs a double-quoted");
        Path bad = dir.resolve("latin1.txt");
        Files.write(bad, new byte[] {'{', 't', 'a', 'r', 'g', 'e', 't', '}', (byte) 0xE9});
        TesseraException e = assertThrows(TesseraException.class, () -> PromptTemplate.load(bad));
        assertTrue(e.getMessage().startsWith(bad + ": ") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    private static void assertError(Path dir, String name, String content, int line, String what) throws Exception {
        Path file = dir.resolve(name);
        if (content != null) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        TesseraException e = assertThrows(TesseraException.class, () -> PromptTemplate.load(file));
        String prefix = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(e.getMessage().startsWith(prefix + what), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
