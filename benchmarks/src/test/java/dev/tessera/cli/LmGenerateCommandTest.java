package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import dev.tessera.io.npz.NpyFile;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tessera lm generate} against the transformers reference outputs of the shared flan-style T5 fixture. */
class LmGenerateCommandTest {
    private static final double LOGITS_TOL = 1e-4;

    @TempDir
    Path tmp;

    private static Path fixture() {
        return SharedData.require("fixtures/t5/flan-style");
    }

    /** @return the rows of a JSON array of arrays as "1,2;3,4" */
    private static String ids(JsonNode rows) {
        return StreamSupport.stream(rows.spliterator(), false)
                .map(r -> StreamSupport.stream(r.spliterator(), false).map(JsonNode::asText)
                        .collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }

    private static JsonNode inputs(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("inputs.json").toFile());
    }

    private static long[] generated(CliRun r) throws Exception {
        JsonNode gen = new ObjectMapper().readTree(r.out()).get("generated");
        List<Long> flat = new ArrayList<>();
        int width = gen.get(0).size();
        for (JsonNode row : gen) {
            assertEquals(width, row.size(), r.out());
            row.forEach(v -> flat.add(v.asLong()));
        }
        return flat.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void greedyGenerationEqualsTransformers() throws Exception {
        Path dir = fixture();
        SafetensorsReader expected = SafetensorsReader.read(dir.resolve("expected.safetensors"));
        String in = ids(inputs(dir).get("encoder_sequences_unpadded"));
        CliRun r = CliRun.of("lm", "generate", "--model", dir.toString(), "--input-ids", in, "--max-new-tokens", "8",
                "--json");
        assertEquals(0, r.exit(), r.err());
        SafetensorsTensor ids = expected.tensor("generated_ids");
        assertArrayEquals(new long[] {3, 9}, ids.shape());
        assertArrayEquals(ids.toLongArray(), generated(r));

        CliRun alt = CliRun.of("lm", "generate", "--model", dir.toString(), "--input-ids", in, "--max-new-tokens", "8",
                "--eos-token-id", "42", "--json");
        assertEquals(0, alt.exit(), alt.err());
        assertArrayEquals(expected.tensor("generated_ids_alt_eos").toLongArray(), generated(alt));
    }

    @Test
    void dumpsTeacherForcedLogitsAsNpy() throws Exception {
        Path dir = fixture();
        SafetensorsReader expected = SafetensorsReader.read(dir.resolve("expected.safetensors"));
        JsonNode inputs = inputs(dir);
        Path npy = tmp.resolve("out/logits.npy");
        CliRun r = CliRun.of("lm", "generate", "--model", dir.toString(),
                "--input-ids", ids(inputs.get("encoder_sequences_unpadded")), "--max-new-tokens", "8",
                "--decoder-input-ids", ids(inputs.get("decoder_input_ids")), "--dump-logits", npy.toString());
        assertEquals(0, r.exit(), r.err());
        // the readable table: a header, a rule, one line per row, then where the logits went
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(2).contains("0,42,244,40,302,210,149,476,0"), r.out());
        assertTrue(lines.get(5).startsWith("wrote " + npy), r.out());
        NpyArray logits = NpyFile.read(npy);
        assertEquals(NpyDtype.FLOAT32, logits.dtype());
        SafetensorsTensor want = expected.tensor("logits");
        assertArrayEquals(want.shape(), logits.shape());
        float[] a = logits.asFloats();
        float[] e = want.toFloatArray();
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(a[i] - e[i]));
        }
        assertTrue(max < LOGITS_TOL, "max abs diff " + max);
        try (var files = Files.list(npy.getParent())) {
            assertEquals(List.of(npy), files.toList()); // no temporary file left behind
        }
    }

    @Test
    void beamSearchReportsScores() throws Exception {
        Path dir = fixture();
        CliRun r = CliRun.of("lm", "generate", "--model", dir.toString(), "--input-ids", "31,272,49,1;173,438,1",
                "--max-new-tokens", "4", "--num-beams", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(2, o.get("generated").size());
        assertEquals(2, o.get("scores").size());
        for (JsonNode row : o.get("generated")) {
            assertEquals(0, row.get(0).asInt());
            assertTrue(row.size() >= 2 && row.size() <= 5, r.out());
        }
    }

    private void assertUserError(String mustMention, String... args) {
        List<String> all = new ArrayList<>(List.of("lm", "generate"));
        all.addAll(List.of(args));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertEquals(Tessera.USER_ERROR, r.exit(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains(mustMention), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badInputIsAOneLineUserError() throws Exception {
        String model = fixture().toString();
        assertUserError("--input-ids", "--model", model, "--input-ids", "1,x;2");
        assertUserError("--input-ids", "--model", model, "--input-ids", "1,2;;3");
        assertUserError("--input-ids", "--model", model, "--input-ids", "1,-2");
        assertUserError("id 512", "--model", model, "--input-ids", "1,512;2");
        assertUserError("--eos-token-id", "--model", model, "--input-ids", "1", "--eos-token-id", "9999");
        assertUserError("--max-new-tokens", "--model", model, "--input-ids", "1", "--max-new-tokens", "0");
        assertUserError("--num-beams", "--model", model, "--input-ids", "1", "--num-beams", "0");
        Path missing = tmp.resolve("nope");
        assertUserError(missing.toString(), "--model", missing.toString(), "--input-ids", "1,2");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertUserError("config.json", "--model", empty.toString(), "--input-ids", "1,2");
        Path noWeights = Files.createDirectories(tmp.resolve("no-weights"));
        Files.copy(fixture().resolve("config.json"), noWeights.resolve("config.json"));
        assertUserError("model.safetensors", "--model", noWeights.toString(), "--input-ids", "1,2");
        Path npy = tmp.resolve("l.npy");
        assertUserError("--decoder-input-ids", "--model", model, "--input-ids", "1,2;3",
                "--decoder-input-ids", "0,5,6;0,7", "--dump-logits", npy.toString());
        assertUserError("--decoder-input-ids", "--model", model, "--input-ids", "1,2;3",
                "--decoder-input-ids", "0,5,6", "--dump-logits", npy.toString());
        assertUserError("--decoder-input-ids", "--model", model, "--input-ids", "1,2", "--dump-logits", npy.toString());
        assertFalse(Files.exists(npy));
    }
}
