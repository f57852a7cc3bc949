package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelTrieTest {
    @Test
    void allowsOnlyContinuationsOfLabels() {
        LabelTrie t = new LabelTrie(List.of(new int[] {5, 7}, new int[] {5, 8, 1}, new int[] {9}), 1);
        assertArrayEquals(new int[] {5, 9}, t.allowed(new int[0]));
        assertArrayEquals(new int[] {7, 8}, t.allowed(new int[] {5}));
        assertArrayEquals(new int[] {1}, t.allowed(new int[] {5, 7}), "a complete label may only end");
        assertArrayEquals(new int[] {1}, t.allowed(new int[] {9}));
        assertArrayEquals(new int[0], t.allowed(new int[] {6}));
        assertEquals(1, t.indexOf(new int[] {5, 8, 1, 0, 0}, 0));
        assertEquals(-1, t.indexOf(new int[] {5, 8}, 0), "no EOS: not a finished label");
        assertEquals(-1, t.indexOf(new int[] {5, 8, 1, 3}, 0));
    }

    @Test
    void aLabelThatIsAPrefixOfAnotherMayEndOrContinue() {
        LabelTrie t = new LabelTrie(List.of(new int[] {4}, new int[] {4, 6}), 1);
        assertArrayEquals(new int[] {1, 6}, t.allowed(new int[] {4}));
    }

    @Test
    void rejectsEmptyLabels() {
        assertThrows(IllegalArgumentException.class, () -> new LabelTrie(List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> new LabelTrie(List.of(new int[] {1}), 1));
        assertThrows(IllegalArgumentException.class, () -> new LabelTrie(List.of(new int[] {3, 1, 4}), 1));
    }
}
