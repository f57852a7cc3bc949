package dev.tessera.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyFile;
import dev.tessera.lm.t5.T5Checkpoint;
import dev.tessera.lm.t5.T5Config;
import dev.tessera.lm.t5.T5Generator;
import dev.tessera.lm.t5.T5Model;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera lm generate --model DIR --input-ids 1,2,3;4,5}: runs a T5 checkpoint (Hugging Face layout:
 * {@code config.json} and safetensors weights) on raw token ids, as transformers' {@code generate} does (greedy or
 * beam search, KV cache). The batch is right-padded with the padding id and masked. Optionally writes the
 * teacher-forced logits of given decoder inputs as float32 NPY [batch, decoder length, vocab].
 */
@Command(name = "generate",
        description = {"Generate token ids with a T5 / Flan-T5 checkpoint (config.json + model.safetensors), greedy "
                + "or beam search, as transformers' generate does; rows start with the decoder start token.",
            "Sequences of a batch are separated by ';', ids by ','; the batch is right-padded and masked."})
final class LmGenerateCommand implements Callable<Integer> {
    /** Default tokens to generate (transformers' default max_length 20 counts the start token; this does not). */
    static final int DEFAULT_MAX_NEW_TOKENS = 20;

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Option(names = "--model", paramLabel = "DIR", required = true,
            description = "Checkpoint directory: config.json and model.safetensors (or a sharded index).")
    private Path model;

    @Option(names = "--input-ids", paramLabel = "IDS", required = true,
            description = "Encoder token ids, e.g. 1,2,3;4,5 (';' separates the sequences of a batch).")
    private String inputIds;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_NEW_TOKENS,
            description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Option(names = "--num-beams", paramLabel = "K", defaultValue = "" + T5Generator.DEFAULT_NUM_BEAMS,
            description = "Beams; 1 = greedy search (default: ${DEFAULT-VALUE}).")
    private int numBeams;

    @Option(names = "--eos-token-id", paramLabel = "E",
            description = "End-of-sequence id (default: eos_token_id of config.json).")
    private Integer eosTokenId;

    @Option(names = "--decoder-input-ids", paramLabel = "IDS",
            description = "Teacher-forced decoder ids (one sequence per input, all the same length, starting with "
                    + "the decoder start token), for --dump-logits.")
    private String decoderInputIds;

    @Option(names = "--dump-logits", paramLabel = "FILE.npy",
            description = "Write the teacher-forced logits of --decoder-input-ids as float32 NPY [batch, length, vocab].")
    private Path dumpLogits;

    @Override
    public Integer call() {
        if (maxNewTokens < 1) {
            throw new TesseraException("--max-new-tokens must be at least 1, got " + maxNewTokens);
        }
        if (numBeams < 1) {
            throw new TesseraException("--num-beams must be at least 1, got " + numBeams);
        }
        if ((decoderInputIds == null) != (dumpLogits == null)) {
            throw new TesseraException(dumpLogits == null ? "--decoder-input-ids needs --dump-logits FILE.npy"
                    : "--dump-logits needs --decoder-input-ids");
        }
        long[][] inputs = parseIds("--input-ids", inputIds);
        long[][] decoder = decoderInputIds == null ? null : parseIds("--decoder-input-ids", decoderInputIds);
        if (!Files.isDirectory(model)) {
            throw TesseraException.at(model, 0, "no such directory (--model needs a T5 checkpoint directory)");
        }
        T5Config config = T5Config.fromJson(model.resolve("config.json"));
        Path configFile = model.resolve("config.json");
        checkVocabulary("--input-ids", inputs, config, configFile);
        if (eosTokenId != null && (eosTokenId < 0 || eosTokenId >= config.vocabSize())) {
            throw new TesseraException("--eos-token-id " + eosTokenId + " is outside the vocabulary [0, "
                    + config.vocabSize() + ") of " + configFile);
        }
        if (decoder != null) {
            checkVocabulary("--decoder-input-ids", decoder, config, configFile);
            if (decoder.length != inputs.length) {
                throw new TesseraException("--decoder-input-ids has " + decoder.length + " sequences but --input-ids has "
                        + inputs.length);
            }
            for (long[] row : decoder) {
                if (row.length != decoder[0].length) {
                    throw new TesseraException("--decoder-input-ids: sequences differ in length (" + decoder[0].length
                            + " and " + row.length + "); teacher forcing needs equal lengths");
                }
            }
        }
        T5Checkpoint checkpoint = T5Checkpoint.read(model, config);
        int b = inputs.length;
        int s = Arrays.stream(inputs).mapToInt(r -> r.length).max().orElseThrow();
        long[] ids = new long[b * s];
        long[] mask = new long[b * s];
        Arrays.fill(ids, config.padTokenId());
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < inputs[r].length; j++) {
                ids[r * s + j] = inputs[r][j];
                mask[r * s + j] = 1;
            }
        }
        T5Generator.Builder gb = T5Generator.builder().setMaxNewTokens(maxNewTokens).optNumBeams(numBeams);
        if (eosTokenId != null) {
            gb.optEosTokenId(eosTokenId);
        }
        T5Generator.Result result;
        long[] logitsShape = null;
        try (NDManager m = NDManager.newBaseManager(); T5Model t5 = T5Model.of(config, checkpoint, m)) {
            NDArray idArray = m.create(ids, new Shape(b, s));
            NDArray maskArray = m.create(mask, new Shape(b, s));
            result = gb.build().generate(t5, idArray, maskArray);
            if (decoder != null) {
                int t = decoder[0].length;
                long[] flat = new long[b * t];
                for (int r = 0; r < b; r++) {
                    System.arraycopy(decoder[r], 0, flat, r * t, t);
                }
                NDArray logits = t5.forward(idArray, maskArray, m.create(flat, new Shape(b, t))).logits();
                logitsShape = logits.getShape().getShape();
                NpyFile.write(dumpLogits, NpyArray.ofFloats(logits.toFloatArray(), logitsShape), false);
            }
        }
        print(spec.commandLine().getOut(), inputs, result, logitsShape);
        return 0;
    }

    private void print(PrintWriter out, long[][] inputs, T5Generator.Result result, long[] logitsShape) {
        boolean beams = numBeams > 1;
        if (output.json) {
            ObjectNode o = Json.object();
            ArrayNode gen = o.putArray("generated");
            for (long[] row : result.sequences()) {
                ArrayNode a = gen.addArray();
                for (long id : row) {
                    a.add(id);
                }
            }
            if (beams) {
                ArrayNode sc = o.putArray("scores");
                for (double v : result.scores()) {
                    sc.add(v);
                }
            }
            if (logitsShape != null) {
                o.put("logits", dumpLogits.toString());
                ArrayNode sh = o.putArray("logits_shape");
                for (long d : logitsShape) {
                    sh.add(d);
                }
            }
            Json.print(out, o);
            return;
        }
        TextTable t = beams ? new TextTable("row", "input ids", "generated ids", "score")
                : new TextTable("row", "input ids", "generated ids");
        for (int r = 0; r < inputs.length; r++) {
            String in = join(inputs[r]);
            String gen = join(result.sequences()[r]);
            if (beams) {
                t.row(r, in, gen, String.format(Locale.ROOT, "%.4f", result.scores()[r]));
            } else {
                t.row(r, in, gen);
            }
        }
        t.print(out);
        if (logitsShape != null) {
            out.printf(Locale.ROOT, "wrote %s: teacher-forced logits, float32 %s%n", dumpLogits, Arrays.toString(logitsShape));
        }
        out.flush();
    }

    private static String join(long[] ids) {
        return Arrays.stream(ids).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    /**
     * @param option the option, for messages
     * @param text ids separated by ',' within a sequence and ';' between sequences (spaces allowed)
     * @return one row per sequence
     * @throws TesseraException on an empty sequence or a token that is not a non-negative integer
     */
    static long[][] parseIds(String option, String text) {
        String[] seqs = text.split(";", -1);
        List<long[]> rows = new ArrayList<>();
        for (int r = 0; r < seqs.length; r++) {
            String seq = seqs[r].strip();
            if (seq.isEmpty()) {
                throw new TesseraException(option + ": sequence " + (r + 1) + " is empty (expected ids like 1,2,3;4,5)");
            }
            String[] parts = seq.split(",", -1);
            long[] row = new long[parts.length];
            for (int j = 0; j < parts.length; j++) {
                String p = parts[j].strip();
                try {
                    row[j] = Long.parseLong(p);
                } catch (NumberFormatException e) {
                    row[j] = -1;
                }
                if (row[j] < 0 || p.startsWith("+")) {
                    throw new TesseraException(option + ": '" + p + "' in sequence " + (r + 1)
                            + " is not a token id (expected non-negative integers like 1,2,3;4,5)");
                }
            }
            rows.add(row);
        }
        return rows.toArray(long[][]::new);
    }

    private static void checkVocabulary(String option, long[][] rows, T5Config config, Path configFile) {
        for (int r = 0; r < rows.length; r++) {
            for (long id : rows[r]) {
                if (id >= config.vocabSize()) {
                    throw new TesseraException(option + ": id " + id + " in sequence " + (r + 1)
                            + " is outside the vocabulary [0, " + config.vocabSize() + ") of " + configFile);
                }
            }
        }
    }
}
