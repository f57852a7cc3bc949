package dev.tessera.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.TesseraException;
import dev.tessera.io.safetensors.SafetensorsReader;
import dev.tessera.io.safetensors.SafetensorsTensor;
import dev.tessera.io.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of a {@link Trainer} run as a safetensors file, enough to continue it exactly.
 *
 * <p>Tensors (float32, each with its parameter's shape): {@code param.I} the parameters after the last completed
 * epoch, {@code best.I} the parameters of the best epoch, {@code adam.m.J} and {@code adam.v.J} the optimizer
 * moments of the J-th trainable parameter; I and J zero-padded to four digits. Metadata: {@code format}, the config
 * {@code fingerprint}, {@code epochs_done}, {@code stopped}, {@code best_epoch}, {@code best_val}, {@code adam_step},
 * {@code param_names} (JSON list) and {@code history} (JSON list of {@link EpochStats#toMap()}).
 *
 * @param fingerprint {@link TrainConfig#fingerprint()} of the run
 * @param epochsDone epochs completed
 * @param stopped whether early stopping ended the run
 * @param bestEpoch the best epoch, -1 if none
 * @param bestVal its validation metric
 * @param adamStep optimizer steps taken
 * @param names parameter names, in model order
 * @param shapes parameter shapes
 * @param params parameters, row-major
 * @param best best-epoch parameters, row-major
 * @param firstMoments Adam's m per trainable parameter
 * @param secondMoments Adam's v per trainable parameter
 * @param history every epoch so far
 */
public record Checkpoint(String fingerprint, int epochsDone, boolean stopped, int bestEpoch, double bestVal,
        long adamStep, List<String> names, List<long[]> shapes, List<float[]> params, List<float[]> best,
        List<float[]> firstMoments, List<float[]> secondMoments, List<EpochStats> history) {
    /** The value of the {@code format} metadata entry. */
    public static final String FORMAT = "tessera.train.checkpoint/1";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Writes the checkpoint atomically.
     *
     * @param file the target (replaced)
     */
    public void write(Path file) {
        SafetensorsWriter w = new SafetensorsWriter();
        for (int i = 0; i < params.size(); i++) {
            w.addFloat32(key("param", i), params.get(i), shapes.get(i));
            w.addFloat32(key("best", i), best.get(i), shapes.get(i));
        }
        for (int j = 0; j < firstMoments.size(); j++) {
            w.addFloat32(key("adam.m", j), firstMoments.get(j), firstMoments.get(j).length);
            w.addFloat32(key("adam.v", j), secondMoments.get(j), secondMoments.get(j).length);
        }
        List<Map<String, Object>> h = new ArrayList<>();
        for (EpochStats e : history) {
            h.add(e.toMap());
        }
        try {
            w.putMetadata("format", FORMAT)
                    .putMetadata("fingerprint", fingerprint)
                    .putMetadata("epochs_done", Integer.toString(epochsDone))
                    .putMetadata("stopped", Boolean.toString(stopped))
                    .putMetadata("best_epoch", Integer.toString(bestEpoch))
                    .putMetadata("best_val", Double.toString(bestVal))
                    .putMetadata("adam_step", Long.toString(adamStep))
                    .putMetadata("param_names", MAPPER.writeValueAsString(names))
                    .putMetadata("history", MAPPER.writeValueAsString(h));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        w.write(file);
    }

    /**
     * Reads a checkpoint.
     *
     * @param file a file written by {@link #write}
     * @return its content
     * @throws TesseraException when the file cannot be read or is not a training checkpoint (naming the file)
     */
    public static Checkpoint read(Path file) {
        SafetensorsReader r = SafetensorsReader.read(file);
        Map<String, String> meta = r.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new TesseraException(file + ": not a training checkpoint (format " + meta.get("format") + ", expected "
                    + FORMAT + ")");
        }
        try {
            List<String> names = MAPPER.readValue(meta.get("param_names"), new TypeReference<List<String>>() { });
            List<Map<String, Object>> h = MAPPER.readValue(meta.get("history"),
                    new TypeReference<List<Map<String, Object>>>() { });
            List<EpochStats> history = new ArrayList<>();
            for (Map<String, Object> e : h) {
                history.add(EpochStats.fromMap(e));
            }
            List<long[]> shapes = new ArrayList<>();
            List<float[]> params = new ArrayList<>();
            List<float[]> best = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                SafetensorsTensor p = tensor(r, file, key("param", i));
                shapes.add(p.shape());
                params.add(p.toFloatArray());
                best.add(tensor(r, file, key("best", i)).toFloatArray());
            }
            List<float[]> m = new ArrayList<>();
            List<float[]> v = new ArrayList<>();
            for (int j = 0; r.tensors().containsKey(key("adam.m", j)); j++) {
                m.add(tensor(r, file, key("adam.m", j)).toFloatArray());
                v.add(tensor(r, file, key("adam.v", j)).toFloatArray());
            }
            return new Checkpoint(meta.get("fingerprint"), Integer.parseInt(meta.get("epochs_done")),
                    Boolean.parseBoolean(meta.get("stopped")), Integer.parseInt(meta.get("best_epoch")),
                    Double.parseDouble(meta.get("best_val")), Long.parseLong(meta.get("adam_step")), names, shapes,
                    params, best, m, v, history);
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof TesseraException te) {
                throw te;
            }
            throw new TesseraException(file + ": damaged training checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static SafetensorsTensor tensor(SafetensorsReader r, Path file, String name) {
        SafetensorsTensor t = r.tensors().get(name);
        if (t == null) {
            throw new TesseraException(file + ": training checkpoint lacks tensor " + name);
        }
        return t;
    }

    private static String key(String prefix, int i) {
        return String.format(java.util.Locale.ROOT, "%s.%04d", prefix, i);
    }
}
