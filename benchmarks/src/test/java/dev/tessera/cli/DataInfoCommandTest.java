package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInfoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void missingPathIsOneLineUserError() {
        Path missing = tmp.resolve("no/such/folder");
        CliRun r = CliRun.of("data", "info", missing.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("error: " + missing + ": no such file or folder", r.errLines().getFirst());
        assertEquals("", r.out());
    }

    @Test
    void unknownNameSaysWhatWasTriedAndWhatToRun() {
        CliRun r = CliRun.of("data", "info", "no-such-dataset", "--data-dir", tmp.toString());
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().getFirst();
        assertTrue(line.startsWith("error: dataset 'no-such-dataset' not found"), line);
        assertTrue(line.contains(tmp.resolve("no-such-dataset").toString()), line);
        assertTrue(line.contains("tessera data download NAME"), line);
        assertTrue(line.contains("tessera data list"), line);
    }

    @Test
    void unknownFormatIsAUserError() {
        CliRun r = CliRun.of("data", "info", tmp.toString(), "--format", "nonsense");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: --format: unknown format 'nonsense'"), r.err());
    }

    @Test
    void datasetIsRequired() {
        CliRun r = CliRun.of("data", "info");
        assertEquals(Tessera.USER_ERROR, r.exit());
        assertTrue(r.errLines().getFirst().startsWith("error: Missing required parameter: 'DATASET'"), r.err());
    }
}
