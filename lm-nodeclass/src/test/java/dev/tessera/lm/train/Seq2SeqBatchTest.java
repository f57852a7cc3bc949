package dev.tessera.lm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class Seq2SeqBatchTest {
    @Test
    void padsInputsWithPadAndMaskAndLabelsWithIgnore() {
        Seq2SeqBatch b = Seq2SeqBatch.of(List.of(new long[] {5, 6, 1}, new long[] {7, 1}),
                List.of(new long[] {9, 1}, new long[] {3, 4, 8, 1}), 0);
        assertEquals(2, b.rows());
        assertEquals(3, b.inputLength());
        assertEquals(4, b.targetLength());
        assertArrayEquals(new long[] {5, 6, 1, 7, 1, 0}, b.inputIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, b.attentionMask());
        assertArrayEquals(new long[] {9, 1, -100, -100, 3, 4, 8, 1}, b.labels());
    }

    @Test
    void inputsOnly() {
        Seq2SeqBatch b = Seq2SeqBatch.of(List.of(new long[] {4}, new long[] {2, 3}), null, 7);
        assertEquals(0, b.targetLength());
        assertArrayEquals(new long[] {4, 7, 2, 3}, b.inputIds());
        assertArrayEquals(new long[] {1, 0, 1, 1}, b.attentionMask());
    }

    @Test
    void truncationKeepsHeadAndLastToken() {
        long[] ids = {10, 11, 12, 13, 1};
        assertArrayEquals(new long[] {10, 11, 1}, Seq2SeqBatch.truncate(ids, 3));
        assertSame(ids, Seq2SeqBatch.truncate(ids, 5));
        assertArrayEquals(new long[] {1}, Seq2SeqBatch.truncate(ids, 1));
    }
}
