package dev.tessera.gqt.export;

import dev.tessera.TesseraException;
import dev.tessera.io.npz.NpyArray;
import dev.tessera.io.npz.NpyDtype;
import dev.tessera.io.npz.NpyFile;
import dev.tessera.io.safetensors.SafetensorsDtype;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.io.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes and reads GQT tokens.
 *
 * <ul>
 *   <li>{@value #SAFETENSORS_FILE}: tensors {@code tokens} int32 {@code [N, K]}, {@code codebooks} float32
 *       {@code [K, C, d]}, {@code quantized} float32 {@code [N, d]}; string metadata {@value #FORMAT_KEY},
 *       {@value #FINGERPRINT_KEY} (identifies the graph the tokens belong to) and {@value #CONFIG_KEY} (JSON).</li>
 *   <li>{@value #NPY_FILE}: the tokens alone, int32 {@code [N, K]}, for numpy users.</li>
 * </ul>
 */
public final class TokenExport {

    public static final String SAFETENSORS_FILE = "tokens.safetensors";
    public static final String NPY_FILE = "tokens.npy";
    public static final String FORMAT = "tessera-gqt-tokens/1";
    public static final String FORMAT_KEY = "format";
    public static final String FINGERPRINT_KEY = "dataset_fingerprint";
    public static final String CONFIG_KEY = "config";

    private TokenExport() {}

    /** A token file's contents. */
    public record Loaded(TokenSet tokens, String datasetFingerprint, String configJson) {}

    /**
     * What identifies the graph tokens belong to, stored as {@value #FINGERPRINT_KEY}: name, nodes, edges and
     * feature columns.
     *
     * @param dataset the dataset tokenized
     * @return e.g. {@code cora:nodes=2708:edges=10556:features=1433}
     */
    public static String fingerprint(dev.tessera.graph.GraphDataset dataset) {
        return dataset.name() + ":nodes=" + dataset.numNodes() + ":edges=" + dataset.graph().numEdges() + ":features="
            + dataset.numFeatures();
    }

    /** The safetensors writer for {@code set} (tensors and metadata as in the class documentation). */
    public static SafetensorsWriter safetensors(TokenSet set, String datasetFingerprint, String configJson) {
        return new SafetensorsWriter()
            .addInt32("tokens", set.tokens(), set.nodes(), set.levels())
            .addFloat32("codebooks", set.codebooks(), set.levels(), set.codebookSize(), set.dim())
            .addFloat32("quantized", set.quantized(), set.nodes(), set.dim())
            .putMetadata(FORMAT_KEY, FORMAT)
            .putMetadata(FINGERPRINT_KEY, datasetFingerprint)
            .putMetadata(CONFIG_KEY, configJson);
    }

    /**
     * Writes {@value #SAFETENSORS_FILE} and {@value #NPY_FILE} into {@code directory} (created if needed).
     *
     * @throws TesseraException when the files cannot be written
     */
    public static void write(Path directory, TokenSet set, String datasetFingerprint, String configJson) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new TesseraException("cannot create output directory " + directory + ": " + e.getMessage(), e);
        }
        safetensors(set, datasetFingerprint, configJson).write(directory.resolve(SAFETENSORS_FILE));
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(set.tokens().length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(set.tokens());
        NpyArray tokens = NpyArray.of(NpyDtype.INT32, new long[] {set.nodes(), set.levels()}, b.array());
        NpyFile.write(directory.resolve(NPY_FILE), tokens, false);
    }

    /**
     * Reads a {@value #SAFETENSORS_FILE}.
     *
     * @throws TesseraException when the file is unreadable or lacks a tensor, or a tensor has the wrong type or shape
     */
    public static Loaded read(Path file) {
        SafetensorsReader reader = SafetensorsReader.read(file);
        SafetensorsTensor tokens = tensor(reader, file, "tokens", SafetensorsDtype.I32, 2);
        SafetensorsTensor books = tensor(reader, file, "codebooks", SafetensorsDtype.F32, 3);
        SafetensorsTensor quantized = tensor(reader, file, "quantized", SafetensorsDtype.F32, 2);
        long[] ts = tokens.shape();
        long[] bs = books.shape();
        long[] qs = quantized.shape();
        if (bs[0] != ts[1] || qs[0] != ts[0] || qs[1] != bs[2]) {
            throw new TesseraException(file + ": inconsistent shapes tokens " + Arrays.toString(ts) + ", codebooks "
                + Arrays.toString(bs) + ", quantized " + Arrays.toString(qs));
        }
        TokenSet set;
        try {
            set = new TokenSet(tokens.toIntArray(), books.toFloatArray(), quantized.toFloatArray(),
                Math.toIntExact(ts[0]), Math.toIntExact(ts[1]), Math.toIntExact(bs[1]), Math.toIntExact(bs[2]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TesseraException(file + ": " + e.getMessage(), e);
        }
        Map<String, String> meta = reader.metadata();
        return new Loaded(set, meta.get(FINGERPRINT_KEY), meta.get(CONFIG_KEY));
    }

    private static SafetensorsTensor tensor(SafetensorsReader reader, Path file, String name, SafetensorsDtype dtype,
                                            int rank) {
        SafetensorsTensor t = reader.tensors().get(name);
        if (t == null) {
            throw new TesseraException(file + ": no tensor '" + name + "'");
        }
        if (t.dtype() != dtype || t.shape().length != rank) {
            throw new TesseraException(file + ": tensor '" + name + "' is " + t.dtype() + " "
                + Arrays.toString(t.shape()) + ", expected " + dtype + " of rank " + rank);
        }
        return t;
    }
}
