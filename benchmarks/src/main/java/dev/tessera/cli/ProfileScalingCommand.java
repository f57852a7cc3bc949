package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.profile.ChildRunner;
import dev.tessera.profile.ExponentFit;
import dev.tessera.profile.ResidentMemory;
import dev.tessera.profile.ScalingChild;
import dev.tessera.profile.ScalingConfig;
import dev.tessera.profile.ScalingConfig.ScalingJob;
import dev.tessera.profile.ScalingOperators;
import dev.tessera.profile.ScalingReport;
import dev.tessera.profile.ScalingRow;
import dev.tessera.profile.ScalingSweep;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tessera profile scaling}: for each operator and size, a uniform random undirected graph with N nodes and
 * average degree 10 and features X [N, d]; one call (forward, or forward + backward) timed in a fresh child JVM
 * ({@link ChildRunner}), its peak memory read from the kernel; then the exponent of time against N per operator
 * ({@link ExponentFit}), a table, and with {@code --out} {@code results.json} and a log-log {@code scaling.png}.
 *
 * <p>{@code peak_mb} is the whole child process's peak resident set (the conservative reading of "within X GB of
 * memory"); {@code op_mb} is the operator's own share, the peak during the calls minus the resident set before them
 * ({@link ScalingChild}). Both need Linux's {@code /proc}; elsewhere they are reported as unknown. The children
 * inherit the environment, including the launcher's glibc malloc settings, which keep freed memory in the process
 * (faster, but larger resident peaks; {@code TESSERA_MALLOC=default} runs with glibc's own); the report's configuration
 * names them.
 */
@Command(name = "scaling", sortOptions = false,
        description = {"Time one forward (or forward + backward) call of each operator on growing random graphs, "
                + "with peak memory, and fit the exponent of time vs nodes.",
            "Each (operator, size) runs in a fresh JVM. peak_mb: the whole process's peak resident set; op_mb: the peak "
                + "during the calls minus the resident set before them (MiB).",
            "Example: tessera profile scaling --ops geco,attention,gcn --nodes 1000,10000,100000 --dim 64 --out results/scaling"})
final class ProfileScalingCommand implements Callable<Integer> {
    /** Default sizes. */
    static final String DEFAULT_NODES = "1000,10000,100000,1000000,2000000";

    @Spec
    private CommandSpec spec;

    @Option(names = "--ops", split = ",", paramLabel = "LIST", defaultValue = "geco,attention,gcn",
            completionCandidates = OpNames.class,
            description = "Operators, comma-separated (${COMPLETION-CANDIDATES}; default: ${DEFAULT-VALUE}).")
    List<String> ops;

    @Option(names = "--nodes", split = ",", paramLabel = "LIST", defaultValue = DEFAULT_NODES,
            description = "Graph sizes N, comma-separated; run smallest first (default: ${DEFAULT-VALUE}).")
    List<Integer> nodes;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "64", description = "Feature width d (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--backward", description = "Time forward + backward (gradients of sum(Y) w.r.t. the parameters).")
    boolean backward;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60",
            description = "Drop an operator after a size where one call took longer than S seconds; a call running "
                    + "past 2·S is killed (default: ${DEFAULT-VALUE}).")
    double timeLimit;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "10",
            description = "Timed calls after one warm-up, median reported; 3 when the warm-up took > 2 s, the warm-up "
                    + "alone when it took > 20 s (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of graphs, features and parameters (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for results.json and scaling.png (default: none written).")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        ScalingConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        List<ScalingRow> rows = ScalingSweep.run(config, ChildRunner.sameJvm(), new ProgressLines(err));
        Map<String, ExponentFit> fits = ScalingReport.fits(config.ops(), rows);
        ObjectNode json = ScalingReport.json(rows, fits, configJson(config));
        List<Path> files = out == null ? List.of()
                : ScalingReport.write(out, json, rows, config.ops(), String.format(Locale.ROOT,
                        "One %s call vs graph size (d = %d, average degree %d)", backward ? "forward + backward" : "forward",
                        dim, config.avgDegree()));
        PrintWriter stdout = spec.commandLine().getOut();
        if (output.json) {
            Json.print(stdout, json);
        } else {
            ScalingReport.print(stdout, rows, fits, backward);
            if (!ResidentMemory.available()) {
                stdout.println("Memory: unknown on this OS (needs Linux's /proc/self/status); times are measured.");
            }
            if (!files.isEmpty()) {
                stdout.println("Wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
            }
            stdout.flush();
        }
        return 0;
    }

    /** @return the validated configuration; sizes sorted ascending, duplicates removed */
    ScalingConfig config() {
        if (ops.isEmpty()) {
            throw new TesseraException("--ops: name at least one operator");
        }
        List<String> names = new ArrayList<>();
        for (String op : ops) {
            String name = op.trim();
            ScalingOperators.byName(name); // throws for unknown names
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        if (nodes.isEmpty()) {
            throw new TesseraException("--nodes: give at least one size");
        }
        for (int n : nodes) {
            if (n < 2) {
                throw new TesseraException("--nodes: every size needs at least 2 nodes, got " + n);
            }
            if ((long) n * ScalingConfig.DEFAULT_AVG_DEGREE > Integer.MAX_VALUE - 8) {
                throw new TesseraException("--nodes: " + n + " nodes with average degree " + ScalingConfig.DEFAULT_AVG_DEGREE
                        + " exceed one edge array");
            }
        }
        if (dim < 1) {
            throw new TesseraException("--dim: need at least 1, got " + dim);
        }
        if (!(timeLimit > 0) || Double.isInfinite(timeLimit)) {
            throw new TesseraException("--time-limit: need a positive number of seconds, got " + timeLimit);
        }
        if (repeats < 1) {
            throw new TesseraException("--repeats: need at least 1, got " + repeats);
        }
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new TesseraException("--out: " + out + " is a file, not a folder");
        }
        return new ScalingConfig(names, List.copyOf(new TreeSet<>(nodes)), dim, ScalingConfig.DEFAULT_AVG_DEGREE, seed,
                repeats, timeLimit, ScalingConfig.KILL_FACTOR * timeLimit,
                Math.max(ScalingConfig.DEFAULT_SETUP_TIMEOUT_S, ScalingConfig.KILL_FACTOR * timeLimit), backward);
    }

    private ObjectNode configJson(ScalingConfig c) {
        ObjectNode o = Json.object();
        o.put("command", "tessera " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        ArrayNode a = o.putArray("ops");
        c.ops().forEach(a::add);
        ArrayNode n = o.putArray("nodes");
        c.sizes().forEach(n::add);
        o.put("dim", c.dim()).put("avg_degree", c.avgDegree()).put("backward", c.backward())
                .put("time_limit_s", c.timeLimitS()).put("kill_after_s", c.killAfterS())
                .put("setup_timeout_s", c.setupTimeoutS()).put("repeats", c.repeats()).put("seed", c.seed());
        ObjectNode d = o.putObject("operators");
        c.ops().forEach(op -> d.put(op, ScalingOperators.byName(op).description()));
        o.put("graph", "uniform random undirected: N*avg_degree/2 pairs u != v, both directions stored, repeats once");
        o.put("features", "X [N, dim] float32 U(-1, 1) from the engine's generator seeded with seed");
        o.put("timing", "one warm-up call, then repeats timed calls, median; 3 calls when the warm-up took > "
                + ScalingChild.SLOW_CALL_S + " s, 1 call when > " + ScalingChild.VERY_SLOW_CALL_S
                + " s, the warm-up alone when over the time limit; one fresh JVM per row");
        o.put("peak_mb", ScalingReport.PEAK_MB);
        o.put("op_mb", ScalingReport.OP_MB);
        o.put("memory", ResidentMemory.available() ? "Linux /proc/self/status (VmHWM, VmRSS)"
                : "unknown on this OS: peak_mb and op_mb are null");
        // The launcher tunes glibc malloc to keep freed memory (faster on fresh pages, larger resident peaks); the
        // children inherit the environment, so the figures depend on it.
        String malloc = String.join(" ", System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("MALLOC_"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
        o.put("malloc", malloc.isEmpty() ? "glibc defaults" : malloc);
        o.put("fit", ScalingReport.FIT);
        o.put("java", Runtime.version().toString());
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        o.put("cores", Runtime.getRuntime().availableProcessors());
        return o;
    }

    /** One stderr line when a cell starts and one when it ends. */
    private static final class ProgressLines implements ScalingSweep.Listener {
        private final PrintWriter err;

        ProgressLines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(ScalingJob job) {
            err.println(String.format(Locale.ROOT, "profile %s N=%,d d=%d%s: started", job.op(), job.nodes(), job.dim(),
                    job.backward() ? " fwd+bwd" : ""));
            err.flush();
        }

        @Override
        public void finished(ScalingRow r) {
            String what = switch (r.status()) {
                case OK, OVER_LIMIT -> String.format(Locale.ROOT, "%,.1f ms (%d call%s)%s%s", r.ms(), r.repeats(),
                        r.repeats() == 1 ? "" : "s",
                        r.peakMb() == null ? "" : String.format(Locale.ROOT, ", peak %,.0f MB, operator %,.0f MB",
                                r.peakMb(), r.opMb()),
                        r.status() == ScalingRow.Status.OVER_LIMIT ? ", over the time limit: larger sizes skipped" : "");
                default -> r.status().id() + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
            };
            err.println(String.format(Locale.ROOT, "profile %s N=%,d d=%d: %s", r.op(), r.nodes(), r.dim(), what));
            err.flush();
        }
    }

    /** The operator names, for {@code --help}. */
    static final class OpNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ScalingOperators.names().iterator();
        }
    }
}
