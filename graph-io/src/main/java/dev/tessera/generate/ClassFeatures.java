package dev.tessera.generate;

import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Split;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import dev.tessera.ordering.RandomOrder;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * What the generators put on nodes besides edges: class-correlated Gaussian features and a random split.
 *
 * <p>Features: class means μ<sub>c</sub> ~ N(0, (s²/F)·I<sub>F</sub>), one per class, and
 * x<sub>i</sub> = μ<sub>y<sub>i</sub></sub> + ε<sub>i</sub>, ε<sub>i</sub> ~ N(0, I<sub>F</sub>). Two class means
 * lie about s·√2 apart whatever F is, so the signal s sets how separable the classes are from features alone
 * (s = 2: a pair of classes is told apart with about 92% accuracy).
 */
final class ClassFeatures {
    private static final int ROWS_PER_BLOCK = 4096;

    private ClassFeatures() {
    }

    /**
     * @param labels [N] classes in {@code [0, C)}
     * @param numClasses C
     * @param dims F
     * @param signal s
     * @param rnd the generator (advanced); row blocks get their own split-off streams, so the result does not
     *     depend on the number of threads
     * @return features [N, F] on the heap, or off the heap when N·F exceeds one Java array
     */
    static NodeFeatures gaussian(int[] labels, int numClasses, int dims, double signal, SplittableRandom rnd) {
        int n = labels.length;
        if (dims == 0) {
            return NodeFeatures.none(n);
        }
        double scale = signal / Math.sqrt(dims);
        float[][] means = new float[numClasses][dims];
        for (float[] mu : means) {
            for (int j = 0; j < dims; j++) {
                mu[j] = (float) (scale * rnd.nextGaussian());
            }
        }
        long values = (long) n * dims;
        MemorySegment x = values <= Integer.MAX_VALUE - 8
                ? MemorySegment.ofArray(new float[(int) values])
                : Arena.ofAuto().allocate(values * Float.BYTES, Float.BYTES);
        int blocks = (n + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK;
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int b = 0; b < blocks; b++) {
            streams[b] = rnd.split();
        }
        IntStream.range(0, blocks).parallel().forEach(b -> {
            SplittableRandom r = streams[b];
            int end = Math.min(n, (b + 1) * ROWS_PER_BLOCK);
            for (int i = b * ROWS_PER_BLOCK; i < end; i++) {
                float[] mu = means[labels[i]];
                long base = (long) i * dims;
                for (int j = 0; j < dims; j++) {
                    x.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, base + j, (float) (mu[j] + r.nextGaussian()));
                }
            }
        });
        return NodeFeatures.of(x, n, dims);
    }

    /**
     * A random split: a uniform shuffle of the nodes, the first 60% train, the next 20% valid, the rest test,
     * each part sorted ascending.
     *
     * @param name the split's name
     * @param n N
     * @param rnd the generator (advanced)
     * @return the split
     */
    static Split randomSplit(String name, int n, SplittableRandom rnd) {
        int[] perm = RandomOrder.permutation(n, rnd);
        int train = (int) Math.round(0.6 * n);
        int valid = (int) Math.round(0.2 * n);
        int[] tr = Arrays.copyOfRange(perm, 0, train);
        int[] va = Arrays.copyOfRange(perm, train, train + valid);
        int[] te = Arrays.copyOfRange(perm, train + valid, n);
        Arrays.sort(tr);
        Arrays.sort(va);
        Arrays.sort(te);
        return new Split(name, tr, va, te);
    }
}
