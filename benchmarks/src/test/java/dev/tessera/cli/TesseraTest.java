package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TesseraTest {
    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit());
        for (String cmd : new String[] {"quickstart", "data"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(cmd + " ")), cmd + " missing in:\n" + r.out());
        }
        CliRun data = CliRun.of("data", "--help");
        assertEquals(0, data.exit());
        for (String sub : new String[] {"list", "info", "convert", "generate", "download"}) {
            assertTrue(data.out().lines().anyMatch(l -> l.trim().startsWith(sub + " ")), sub + " missing in:\n" + data.out());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"quickstart"}, {"data"}, {"data", "list"}, {"data", "info"}, {"data", "convert"},
                {"data", "generate"}, {"data", "download"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliRun r = CliRun.of(args);
            assertEquals(0, r.exit(), String.join(" ", cmd));
            assertTrue(r.out().startsWith("Usage: tessera " + String.join(" ", cmd)), r.out());
        }
    }

    @Test
    void wrongFlagIsAUserError() {
        CliRun r = CliRun.of("data", "info", "--bogus", "x");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: Unknown option: '--bogus'"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void unknownCommandIsAUserError() {
        CliRun r = CliRun.of("data", "frobnicate");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: "), r.err());
        assertNoStackTrace(r);
    }

    static void assertNoStackTrace(CliRun r) {
        assertTrue(r.err().lines().noneMatch(l -> l.trim().startsWith("at ")), r.err());
        assertTrue(r.errLines().size() <= 2, "at most the error and a hint:\n" + r.err());
    }
}
