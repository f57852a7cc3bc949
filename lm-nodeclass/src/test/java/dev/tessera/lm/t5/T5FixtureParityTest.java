package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with Hugging Face transformers 4.38.2 on the three tiny T5 checkpoints of the shared T5 fixture (its README
 * states the tolerances): integers exactly, position bias ≤ 1e-6, hidden states < 2e-5, logits < 1e-4.
 */
class T5FixtureParityTest {
    private static final double BIAS_TOL = 1e-6;
    private static final double HIDDEN_TOL = 2e-5;
    private static final double LOGITS_TOL = 1e-4;

    private static final class Fixture {
        final Path dir;
        final SafetensorsReader expected;

        Fixture(String name) {
            this.dir = SharedData.require("fixtures/t5/" + name);
            this.expected = SafetensorsReader.read(dir.resolve("expected.safetensors"));
        }

        SafetensorsTensor t(String name) {
            return expected.tensor(name);
        }

        NDArray ints(NDManager m, String name) {
            SafetensorsTensor x = t(name);
            return m.create(x.toLongArray(), new Shape(x.shape()));
        }
    }

    private static double maxAbsDiff(NDArray actual, SafetensorsTensor expected) {
        assertArrayEquals(expected.shape(), actual.getShape().getShape(), () -> "shape of " + expected.name());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertFalse(Float.isNaN(a[i]), expected.name() + " has NaN");
            max = Math.max(max, Math.abs(a[i] - e[i]));
        }
        return max;
    }

    private static void close(String what, NDArray actual, Fixture f, String name, double tol) {
        double d = maxAbsDiff(actual, f.t(name));
        System.out.printf("%s %s max abs diff %.3g%n", what, name, d);
        assertTrue(d < tol, () -> what + " " + name + ": max abs diff " + d + " >= " + tol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flan-style", "t5-classic", "flan-odd-dims"})
    void forwardMatchesTransformers(String name) {
        Fixture f = new Fixture(name);
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.load(f.dir, m)) {
            int expectedTensors = switch (name) {
                case "flan-style" -> 52;
                case "t5-classic" -> 47;
                default -> 61;
            };
            assertEquals(expectedTensors, model.parameters().size());
            NDArray ids = f.ints(m, "input_ids");
            NDArray mask = f.ints(m, "attention_mask");
            NDArray dec = f.ints(m, "decoder_input_ids");
            T5Model.EncoderOutput enc = model.encode(ids, mask);
            close(name, enc.lastHiddenState(), f, "encoder_last_hidden_state", HIDDEN_TOL);
            close(name, NDArrays.stack(new NDList(enc.hiddenStates())), f, "encoder_hidden_states", HIDDEN_TOL);
            T5Model.DecoderOutput out = model.decode(dec, enc.lastHiddenState(), mask);
            close(name, out.lastHiddenState(), f, "decoder_last_hidden_state", HIDDEN_TOL);
            close(name, NDArrays.stack(new NDList(out.hiddenStates())), f, "decoder_hidden_states", HIDDEN_TOL);
            close(name, out.logits(), f, "logits", LOGITS_TOL);
            close(name, model.positionBias(m, false, 0, 12, 12), f, "encoder_position_bias", BIAS_TOL);
            close(name, model.positionBias(m, true, 0, 6, 6), f, "decoder_position_bias", BIAS_TOL);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flan-style", "t5-classic", "flan-odd-dims"})
    void bucketsMatchTransformers(String name) {
        Fixture f = new Fixture(name);
        T5Config c = T5Config.fromJson(f.dir.resolve("config.json"));
        long[] rel = f.t("relative_positions").toLongArray();
        long[] enc = new long[rel.length];
        long[] dec = new long[rel.length];
        for (int i = 0; i < rel.length; i++) {
            enc[i] = T5RelativePosition.bucket((int) rel[i], true, c.relativeAttentionNumBuckets(),
                    c.relativeAttentionMaxDistance());
            dec[i] = T5RelativePosition.bucket((int) rel[i], false, c.relativeAttentionNumBuckets(),
                    c.relativeAttentionMaxDistance());
        }
        assertArrayEquals(f.t("encoder_relative_buckets").toLongArray(), enc);
        assertArrayEquals(f.t("decoder_relative_buckets").toLongArray(), dec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flan-style", "t5-classic", "flan-odd-dims"})
    void greedyGenerationMatchesTransformers(String name) {
        Fixture f = new Fixture(name);
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.load(f.dir, m)) {
            NDArray ids = f.ints(m, "input_ids");
            NDArray mask = f.ints(m, "attention_mask");
            T5Generator.Result r = T5Generator.builder().setMaxNewTokens(8).optReturnStepLogits(true).build()
                    .generate(model, ids, mask);
            assertIds(f.t("generated_ids"), r.sequences());
            SafetensorsTensor steps = f.t("generate_step_logits");
            assertArrayEquals(steps.shape(), new long[] {r.stepLogits().length, r.stepLogits()[0].length,
                r.stepLogits()[0][0].length});
            float[] e = steps.toFloatArray();
            double max = 0;
            int at = 0;
            for (float[][] step : r.stepLogits()) {
                for (float[] row : step) {
                    for (float x : row) {
                        max = Math.max(max, Math.abs(x - e[at++]));
                    }
                }
            }
            System.out.printf("%s generate_step_logits max abs diff %.3g%n", name, max);
            assertTrue(max < LOGITS_TOL, "step logits max abs diff " + max);
            if (f.expected.tensors().containsKey("generated_ids_alt_eos")) {
                T5Generator.Result alt = T5Generator.builder().setMaxNewTokens(8).optEosTokenId(42).build()
                        .generate(model, ids, mask);
                assertIds(f.t("generated_ids_alt_eos"), alt.sequences());
            }
        }
    }

    private static void assertIds(SafetensorsTensor expected, long[][] actual) {
        long[] shape = expected.shape();
        assertEquals(shape[0], actual.length);
        long[] flat = Arrays.stream(actual).peek(r -> assertEquals(shape[1], r.length, "sequence length"))
                .flatMapToLong(Arrays::stream).toArray();
        assertArrayEquals(expected.toLongArray(), flat, () -> expected.name() + ": " + Arrays.deepToString(actual));
    }
}
