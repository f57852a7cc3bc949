package dev.tessera.gqt.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.gqt.rvq.ResidualVectorQuantizer;
import dev.tessera.gqt.rvq.RvqOutput;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import dev.tessera.io.npz.NpyFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenExportTest {

    private static final int N = 30;
    private static final int K = 2;
    private static final int C = 4;
    private static final int D = 3;

    /** Tokens of a real quantizer on random data (frozen call, so tokens and codebooks match). */
    private static TokenSet tokens(ResidualVectorQuantizer rvq) {
        Random r = new Random(1);
        float[] x = new float[N * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            rvq.quantize(m.create(x, new Shape(N, D)), true);
            RvqOutput out = rvq.quantize(m.create(x, new Shape(N, D)), false);
            return TokenSet.of(rvq, out);
        }
    }

    private static ResidualVectorQuantizer rvq() {
        return ResidualVectorQuantizer.builder().setLevels(K).setCodebookSize(C).setDim(D).optSeed(3).build();
    }

    @Test
    void safetensorsBytesFollowTheSpecification(@TempDir Path dir) throws Exception {
        ResidualVectorQuantizer rvq = rvq();
        TokenSet set = tokens(rvq);
        TokenExport.write(dir, set, "sha256:abc", rvq.configJson());
        byte[] file = Files.readAllBytes(dir.resolve(TokenExport.SAFETENSORS_FILE));
        ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = le.getLong(0);
        assertTrue(headerLength > 0 && 8 + headerLength <= file.length);
        int dataStart = (int) (8 + headerLength);
        JsonNode header = new ObjectMapper().readTree(new String(file, 8, (int) headerLength, StandardCharsets.UTF_8));

        JsonNode meta = header.get("__metadata__");
        assertEquals("sha256:abc", meta.get("dataset_fingerprint").asText());
        assertEquals(TokenExport.FORMAT, meta.get("format").asText());
        JsonNode config = new ObjectMapper().readTree(meta.get("config").asText());
        assertEquals(K, config.get("levels").asInt());
        assertEquals(C, config.get("codebook_size").asInt());

        List<long[]> ranges = new ArrayList<>();
        int[] tokens = set.tokens();
        JsonNode t = header.get("tokens");
        assertEquals("I32", t.get("dtype").asText());
        assertEquals(List.of(N, K), ints(t.get("shape")));
        long[] to = offsets(t, (long) N * K * 4);
        ranges.add(to);
        for (int i = 0; i < N * K; i++) {
            assertEquals(tokens[i], le.getInt(dataStart + (int) to[0] + 4 * i));
        }
        float[] books = set.codebooks();
        JsonNode b = header.get("codebooks");
        assertEquals("F32", b.get("dtype").asText());
        assertEquals(List.of(K, C, D), ints(b.get("shape")));
        long[] bo = offsets(b, (long) K * C * D * 4);
        ranges.add(bo);
        for (int i = 0; i < books.length; i++) {
            assertEquals(books[i], le.getFloat(dataStart + (int) bo[0] + 4 * i));
        }
        float[] q = set.quantized();
        JsonNode qn = header.get("quantized");
        assertEquals("F32", qn.get("dtype").asText());
        assertEquals(List.of(N, D), ints(qn.get("shape")));
        long[] qo = offsets(qn, (long) N * D * 4);
        ranges.add(qo);
        for (int i = 0; i < q.length; i++) {
            assertEquals(q[i], le.getFloat(dataStart + (int) qo[0] + 4 * i));
        }
        assertEquals(4, header.size(), "three tensors and __metadata__");

        // The byte buffer is fully covered by the tensors, without overlap or holes.
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long end = 0;
        for (long[] r : ranges) {
            assertEquals(end, r[0]);
            end = r[1];
        }
        assertEquals(file.length - dataStart, end);
    }

    @Test
    void roundTripAndNpy(@TempDir Path dir) {
        ResidualVectorQuantizer rvq = rvq();
        TokenSet set = tokens(rvq);
        TokenExport.write(dir.resolve("out"), set, "fp", rvq.configJson());

        TokenExport.Loaded loaded = TokenExport.read(dir.resolve("out").resolve(TokenExport.SAFETENSORS_FILE));
        assertArrayEquals(set.tokens(), loaded.tokens().tokens());
        assertArrayEquals(set.codebooks(), loaded.tokens().codebooks());
        assertArrayEquals(set.quantized(), loaded.tokens().quantized());
        assertEquals(N, loaded.tokens().nodes());
        assertEquals(K, loaded.tokens().levels());
        assertEquals(C, loaded.tokens().codebookSize());
        assertEquals(D, loaded.tokens().dim());
        assertEquals("fp", loaded.datasetFingerprint());
        assertEquals(rvq.configJson(), loaded.configJson());

        NpyArray npy = NpyFile.read(dir.resolve("out").resolve(TokenExport.NPY_FILE));
        assertEquals(NpyDtype.INT32, npy.dtype());
        assertArrayEquals(new long[] {N, K}, npy.shape());
        assertArrayEquals(set.tokens(), npy.asInts());
    }

    @Test
    void quantizedIsTheSumOfTheTokensCodes() {
        TokenSet set = tokens(rvq());
        int[] t = set.tokens();
        float[] books = set.codebooks();
        float[] q = set.quantized();
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                float sum = 0;
                for (int k = 0; k < K; k++) {
                    sum += books[(k * C + t[i * K + k]) * D + j];
                }
                assertEquals(sum, q[i * D + j], 1e-5);
            }
        }
    }

    @Test
    void tokensFromAnUpdatingCallAreRefused() {
        ResidualVectorQuantizer rvq = rvq();
        try (NDManager m = NDManager.newBaseManager()) {
            RvqOutput out = rvq.quantize(m.randomNormal(new Shape(N, D)), true);
            assertThrows(IllegalArgumentException.class, () -> TokenSet.of(rvq, out));
        }
    }

    @Test
    void readRejectsAFileWithoutTokens(@TempDir Path dir) {
        Path file = dir.resolve("x.safetensors");
        new dev.tessera.io.safetensors.SafetensorsWriter().addFloat32("codebooks", new float[6], 1, 2, 3).write(file);
        TesseraException e = assertThrows(TesseraException.class, () -> TokenExport.read(file));
        assertTrue(e.getMessage().contains("tokens"), e.getMessage());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asInt());
        }
        return out;
    }

    private static long[] offsets(JsonNode tensor, long bytes) {
        JsonNode o = tensor.get("data_offsets");
        long[] r = {o.get(0).asLong(), o.get(1).asLong()};
        assertEquals(bytes, r[1] - r[0]);
        return r;
    }
}
