package dev.tessera.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code tessera lm throughput} on a small setting (the figures themselves are not asserted: no timing tests). */
class LmThroughputCommandTest {
    @Test
    void reportsBothPhasesAsJson() throws Exception {
        CliRun r = CliRun.of("lm", "throughput", "--preset", "scratch", "--input-length", "12", "--target-length", "3",
                "--batch-size", "2", "--warmup", "0", "--runs", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("scratch", o.get("model").asText());
        assertEquals(128, o.get("d_model").asInt());
        assertEquals(12, o.get("input_length").asInt());
        assertTrue(o.get("train_prompts_per_second").asDouble() > 0, r.out());
        assertTrue(o.get("inference_prompts_per_second").asDouble() > 0, r.out());
        // 16,000-word embedding and head (2 · 16000 · 128) plus the blocks' weights
        assertTrue(o.get("parameters").asLong() > 2L * 16000 * 128, r.out());
    }

    @Test
    void rejectsAnUnknownPresetAndTooShortSequences() {
        assertEquals(2, CliRun.of("lm", "throughput", "--preset", "flan-t5-xxl").exit());
        CliRun r = CliRun.of("lm", "throughput", "--input-length", "1");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--input-length"), r.err());
    }
}
