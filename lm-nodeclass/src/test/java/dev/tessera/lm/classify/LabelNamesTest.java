package dev.tessera.lm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.TesseraException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelNamesTest {
    @Test
    void underscoresBecomeSpacesAndWhiteSpaceCollapses() {
        assertEquals(List.of("Neural Networks", "Case Based", "cs.AI"),
                LabelNames.readable(List.of("Neural_Networks", " Case__Based ", "cs.AI")));
    }

    @Test
    void namesThatCollideOrVanishAreErrors() {
        assertThrows(TesseraException.class, () -> LabelNames.readable(List.of("a_b", "a b")));
        assertThrows(TesseraException.class, () -> LabelNames.readable(List.of("x", "__")));
    }
}
