package dev.tessera.lm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.NodeTexts;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {
    @Test
    void tfidfByHand() {
        // df: "ab" 3, "cd" 2, "ef" 1 (dropped: minDocs 2), "x" is one character (skipped).
        NodeTexts t = NodeTexts.of(List.of("AB cd x", "ab ab", "ab, cd. ef", ""));
        NodeFeatures f = TextFeatures.tfidf(t, 10, 2);
        assertEquals(4, f.rows());
        assertEquals(2, f.cols());
        double idfAb = Math.log(5.0 / 4) + 1;
        double idfCd = Math.log(5.0 / 3) + 1;
        double norm = Math.hypot(idfAb, idfCd);
        // Column 0 is "ab" (most frequent), column 1 "cd".
        assertEquals(idfAb / norm, f.get(0, 0), 1e-6);
        assertEquals(idfCd / norm, f.get(0, 1), 1e-6);
        assertEquals(1.0, f.get(1, 0), 1e-6);
        assertEquals(0.0, f.get(1, 1), 0);
        assertEquals(idfAb / norm, f.get(2, 0), 1e-6);
        assertEquals(0.0, f.get(3, 0), 0);
        assertEquals(0.0, f.get(3, 1), 0);
        // The vocabulary keeps the most frequent word when it must cut.
        NodeFeatures one = TextFeatures.tfidf(t, 1, 2);
        assertEquals(1, one.cols());
        assertEquals(1.0, one.get(2, 0), 1e-6);
    }
}
