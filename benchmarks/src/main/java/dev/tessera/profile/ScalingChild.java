package dev.tessera.profile;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The child JVM of {@code tessera profile scaling}: times one operator at one size and reports on stdout, one JSON
 * object per line (nothing else goes there):
 *
 * <pre>
 * {"event":"ready","setup_ms":…}        set-up done (features, graph, parameters), timed calls follow
 * {"event":"call"}                       a call starts (the parent kills the child when it runs too long)
 * {"event":"called","ms":…}              it ended
 * {"event":"result",…}                   the measurement ({@link ChildResult#toJson})
 * </pre>
 *
 * <p><b>Calls.</b> One warm-up call, then R timed calls and their median; as in the PyTorch peer script, R drops to 3
 * when the warm-up took over {@value #SLOW_CALL_S} s and to 1 when it took over {@value #VERY_SLOW_CALL_S} s (a slow
 * first call is largely cold: at 1,000,000 nodes GECO's first call took 21 s, a warm one 13 s). A warm-up over the
 * time limit is the only sample; a timed call over the time limit ends the series.
 *
 * <p><b>Memory.</b> {@code peak_mb} is the whole process's peak resident set ({@code VmHWM}) over its life: the JVM,
 * the engine's native libraries, the features, the graph and its operators, the parameters and every call.
 * {@code op_mb} is the peak during the calls minus the resident set just before them: the operator's own working
 * memory (the peak is reset before the calls, see {@link ResidentMemory#resetPeak}; where that is not allowed, the
 * whole-life peak is used and {@code op_mb} is an upper bound). MB are MiB (2^20 bytes).
 */
public final class ScalingChild {
    /** A warm-up slower than this many seconds cuts the timed calls to 3. */
    public static final double SLOW_CALL_S = 2;
    /** A warm-up slower than this many seconds is followed by one timed call only. */
    public static final double VERY_SLOW_CALL_S = 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScalingChild() {
    }

    /**
     * @param args {@code --op NAME --nodes N --dim D --degree K --seed S --repeats R --time-limit SECONDS [--backward]}
     * @throws Exception on any failure (the parent reports the last line of stderr)
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        ScalingOperator op = ScalingOperators.byName(a.get("--op"));
        int nodes = Integer.parseInt(a.get("--nodes"));
        int dim = Integer.parseInt(a.get("--dim"));
        int degree = Integer.parseInt(a.get("--degree"));
        long seed = Long.parseLong(a.get("--seed"));
        int repeats = Integer.parseInt(a.get("--repeats"));
        double limitS = Double.parseDouble(a.get("--time-limit"));
        boolean backward = a.containsKey("--backward");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ChildResult r = measure(op, nodes, dim, degree, seed, repeats, limitS, backward, out);
        emit(out, r.toJson());
        out.flush();
        // Engine threads may linger; the measurement is complete.
        System.exit(0);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--backward")) {
                m.put(args[i], "true");
            } else if (i + 1 < args.length) {
                m.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("no value for " + args[i]);
            }
        }
        for (String k : List.of("--op", "--nodes", "--dim", "--degree", "--seed", "--repeats", "--time-limit")) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException("missing " + k + " in " + Arrays.toString(args));
            }
        }
        return m;
    }

    /**
     * Runs the set-up and the calls in this process.
     *
     * @param op the operator
     * @param nodes N
     * @param dim d
     * @param degree the graph's average degree
     * @param seed the seed (engine generator and graph)
     * @param repeats R, timed calls after the warm-up
     * @param limitS a call slower than this ends the series
     * @param backward whether calls include the backward pass
     * @param events where the progress events go (one JSON object per line), or null
     * @return the measurement
     */
    static ChildResult measure(ScalingOperator op, int nodes, int dim, int degree, long seed, int repeats,
            double limitS, boolean backward, PrintStream events) {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed(Long.hashCode(seed));
        try (NDManager manager = NDManager.newBaseManager();
                ScalingInput input = new ScalingInput(nodes, dim, degree, seed, backward, manager);
                ScalingOperator.Call call = op.prepare(input)) {
            double setupMs = (System.nanoTime() - t0) / 1e6;
            OptionalLong setupPeak = ResidentMemory.peak();
            OptionalLong before = ResidentMemory.current();
            boolean reset = ResidentMemory.resetPeak();
            emit(events, event("ready").put("setup_ms", setupMs));
            List<Double> samples = new ArrayList<>();
            double warm = timed(call, events);
            boolean overLimit = warm > limitS * 1e3;
            if (overLimit) {
                samples.add(warm);
            } else {
                // A slow first call is mostly cold (fresh pages, JIT): time at least one warm call after it.
                int n = warm > VERY_SLOW_CALL_S * 1e3 ? 1 : warm > SLOW_CALL_S * 1e3 ? Math.min(3, repeats) : repeats;
                for (int i = 0; i < n && !overLimit; i++) {
                    double ms = timed(call, events);
                    samples.add(ms);
                    overLimit = ms > limitS * 1e3;
                }
            }
            OptionalLong callsPeak = ResidentMemory.peak();
            Long peak = null;
            Long opBytes = null;
            if (callsPeak.isPresent() && setupPeak.isPresent() && before.isPresent()) {
                peak = Math.max(setupPeak.getAsLong(), callsPeak.getAsLong());
                opBytes = Math.max(0, (reset ? callsPeak.getAsLong() : peak) - before.getAsLong());
            }
            return new ChildResult(median(samples), samples, overLimit, setupMs, peak, opBytes,
                    before.isPresent() ? before.getAsLong() : null, reset);
        }
    }

    private static double timed(ScalingOperator.Call call, PrintStream events) {
        emit(events, event("call"));
        long t = System.nanoTime();
        call.run();
        double ms = (System.nanoTime() - t) / 1e6;
        emit(events, event("called").put("ms", ms));
        return ms;
    }

    /**
     * @param xs samples, at least one
     * @return the median (the mean of the middle two for an even count)
     */
    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static ObjectNode event(String name) {
        return MAPPER.createObjectNode().put("event", name);
    }

    private static void emit(PrintStream out, ObjectNode o) {
        if (out == null) {
            return;
        }
        try {
            out.println(MAPPER.writeValueAsString(o));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a child measured.
     *
     * @param ms the median call time, milliseconds
     * @param samples every timed call (the warm-up alone when it was over the time limit)
     * @param overLimit whether a call took longer than the time limit
     * @param setupMs the set-up time (features, graph, parameters), milliseconds
     * @param peakBytes whole-process peak resident set, or null where unknown
     * @param opBytes peak during the calls minus the resident set before them, or null where unknown
     * @param beforeBytes the resident set before the calls, or null where unknown
     * @param peakReset whether the peak was reset before the calls ({@code opBytes} is exact) or not (an upper bound)
     */
    record ChildResult(double ms, List<Double> samples, boolean overLimit, double setupMs, Long peakBytes,
            Long opBytes, Long beforeBytes, boolean peakReset) {
        ObjectNode toJson() {
            ObjectNode o = event("result").put("ms", ms).put("over_limit", overLimit).put("setup_ms", setupMs);
            ArrayNode s = o.putArray("samples");
            samples.forEach(s::add);
            if (peakBytes != null) {
                o.put("peak_bytes", peakBytes).put("op_bytes", opBytes).put("before_bytes", beforeBytes);
            }
            o.put("peak_reset", peakReset);
            return o;
        }

        static ChildResult fromJson(com.fasterxml.jackson.databind.JsonNode o) {
            List<Double> s = new ArrayList<>();
            o.get("samples").forEach(x -> s.add(x.asDouble()));
            return new ChildResult(o.get("ms").asDouble(), s, o.get("over_limit").asBoolean(),
                    o.get("setup_ms").asDouble(), o.hasNonNull("peak_bytes") ? o.get("peak_bytes").asLong() : null,
                    o.hasNonNull("op_bytes") ? o.get("op_bytes").asLong() : null,
                    o.hasNonNull("before_bytes") ? o.get("before_bytes").asLong() : null,
                    o.get("peak_reset").asBoolean());
        }
    }
}
