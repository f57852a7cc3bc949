package dev.tessera.cli.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void ciMeansLogLines() {
        assertFalse(ConsoleProgress.isInteractive(Map.of("CI", "true")));
        assertFalse(ConsoleProgress.isInteractive(Map.of("CI", "TRUE")));
    }

    @Test
    void testsRunWithoutATerminalAndGetLogLines() {
        // Surefire's forked JVM has no console: the quiet log form is chosen.
        assertInstanceOf(LogProgress.class, ConsoleProgress.forStderr(new PrintWriter(new StringWriter())));
    }
}
