package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class T5GeneratorTest {
    private static final long[][] INPUTS = {{31, 272, 49, 461, 269, 1, 0, 0}, {340, 346, 258, 511, 271, 415, 341, 1},
        {173, 438, 1, 0, 0, 0, 0, 0}};

    private static NDArray ids(NDManager m, long[][] rows) {
        long[] flat = Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
        return m.create(flat, new Shape(rows.length, rows[0].length));
    }

    private static NDArray mask(NDManager m, long[][] rows) {
        long[] flat = Arrays.stream(rows).flatMapToLong(r -> Arrays.stream(r).map(x -> x == 0 ? 0 : 1)).toArray();
        return m.create(flat, new Shape(rows.length, rows[0].length));
    }

    /** Row r's teacher-forced next-token logits after the given decoder prefix (start token included). */
    private static float[] nextLogits(T5Model model, NDManager m, long[][] inputs, int r, long[] prefix) {
        try (NDManager tmp = m.newSubManager()) {
            long[][] one = {inputs[r]};
            NDArray logits = model.forward(ids(tmp, one), mask(tmp, one), tmp.create(prefix, new Shape(1, prefix.length)))
                    .logits();
            float[] all = logits.toFloatArray();
            int v = model.config().vocabSize();
            return Arrays.copyOfRange(all, (prefix.length - 1) * v, prefix.length * v);
        }
    }

    @Test
    void constrainedDecodingStaysInTheLabelSet() {
        var dir = SharedData.require("fixtures/t5/flan-style");
        List<int[]> labels = List.of(new int[] {42, 7}, new int[] {143, 248, 5}, new int[] {300}, new int[] {42, 9, 9},
                new int[] {11, 12, 13, 14});
        LabelTrie trie = new LabelTrie(labels, 1);
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.load(dir, m)) {
            for (int beams : new int[] {1, 3}) {
                T5Generator.Result r = T5Generator.builder().setMaxNewTokens(6).optNumBeams(beams).optConstraint(trie)
                        .build().generate(model, ids(m, INPUTS), mask(m, INPUTS));
                for (int row = 0; row < INPUTS.length; row++) {
                    long[] seq = r.sequences()[row];
                    assertEquals(0, seq[0]);
                    int[] gen = Arrays.stream(seq).skip(1).mapToInt(x -> (int) x).toArray();
                    assertTrue(trie.indexOf(gen, 0) >= 0, beams + " beams, row " + row + ": " + Arrays.toString(seq)
                            + " is not a label");
                    if (beams == 1) {
                        // each step took the argmax over the allowed tokens of the teacher-forced (uncached) logits
                        List<Long> prefix = new ArrayList<>(List.of(0L));
                        for (int t : gen) {
                            int[] allowed = trie.allowed(prefix.stream().skip(1).mapToInt(Long::intValue).toArray());
                            if (allowed.length == 0) {
                                break;
                            }
                            float[] l = nextLogits(model, m, INPUTS, row, prefix.stream().mapToLong(x -> x).toArray());
                            assertEquals(T5Generator.argmax(l, 0, l.length, allowed), t);
                            prefix.add((long) t);
                            if (t == 1) {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * With as many beams as live candidates (V = 4, 3 new tokens, 36 beams), beam search is exhaustive: its answer
     * must be the best of all sequences under HF's score, sum log p / generated length (EOS counted), enumerated
     * here by teacher forcing without the cache.
     */
    @Test
    void wideBeamSearchFindsTheBestSequenceByEnumeration() {
        T5Config c = T5TestModels.tiny(4);
        long[][] inputs = {{2, 3, 2, 1}, {3, 1, 0, 0}};
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.random(c, m, 11)) {
            T5Generator.Result r = T5Generator.builder().setMaxNewTokens(3).optNumBeams(36).build()
                    .generate(model, ids(m, inputs), mask(m, inputs));
            for (int row = 0; row < inputs.length; row++) {
                double best = Double.NEGATIVE_INFINITY;
                long[] bestSeq = null;
                List<long[]> frontier = List.of(new long[] {0});
                List<Double> sums = List.of(0.0);
                for (int step = 1; step <= 3; step++) {
                    List<long[]> next = new ArrayList<>();
                    List<Double> nextSums = new ArrayList<>();
                    for (int i = 0; i < frontier.size(); i++) {
                        float[] l = nextLogits(model, m, inputs, row, frontier.get(i));
                        double[] lp = new double[l.length];
                        T5Generator.logSoftmax(l, 0, l.length, lp);
                        for (int t = 0; t < l.length; t++) {
                            long[] s = Arrays.copyOf(frontier.get(i), step + 1);
                            s[step] = t;
                            double sum = sums.get(i) + lp[t];
                            if (t == c.eosTokenId() || step == 3) {
                                if (sum / step > best) {
                                    best = sum / step;
                                    bestSeq = s;
                                }
                            } else {
                                next.add(s);
                                nextSums.add(sum);
                            }
                        }
                    }
                    frontier = next;
                    sums = nextSums;
                }
                long[] got = r.sequences()[row];
                long[] want = Arrays.copyOf(bestSeq, got.length); // padded with 0 = pad
                assertArrayEquals(want, got, "row " + row);
                assertEquals(best, r.scores()[row], 1e-4);
            }
        }
    }

    @Test
    void greedyWithOneBeamEqualsTeacherForcedArgmax() {
        T5Config c = T5TestModels.tiny(7);
        long[][] inputs = {{2, 3, 2, 1}, {3, 1, 0, 0}};
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.random(c, m, 5)) {
            T5Generator.Result r = T5Generator.builder().setMaxNewTokens(4).build()
                    .generate(model, ids(m, inputs), mask(m, inputs));
            for (int row = 0; row < inputs.length; row++) {
                long[] seq = r.sequences()[row];
                for (int t = 1; t < seq.length && seq[t - 1] != 1; t++) {
                    float[] l = nextLogits(model, m, inputs, row, Arrays.copyOf(seq, t));
                    assertEquals(T5Generator.argmax(l, 0, l.length, null), seq[t], "row " + row + " step " + t);
                }
            }
        }
    }
}
