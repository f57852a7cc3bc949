package dev.tessera.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.profile.ScalingChild.ChildResult;
import dev.tessera.profile.ScalingConfig.ScalingJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs each cell in a fresh child JVM ({@link ScalingChild}), so that its peak resident set is its own, and kills it
 * when it runs too long: when the set-up has not finished within {@link ScalingJob#setupTimeoutS()}, or when one call
 * has not returned within {@link ScalingJob#killAfterS()}. The child gets this JVM's command, flags and class path
 * ({@link #sameJvm()}) and its environment.
 */
public final class ChildRunner implements ScalingSweep.Runner {
    /** Lines of the child's stderr kept for the failure message. */
    private static final int STDERR_LINES = 20;
    private static final double MIB = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String END = "\u0000end";

    private final List<String> launcher;

    /**
     * @param launcher the command that starts a JVM ready to run a main class: java, its flags and the class path;
     *     the main class and the job's arguments are appended
     */
    public ChildRunner(List<String> launcher) {
        this.launcher = List.copyOf(launcher);
    }

    /**
     * @return a launcher for this JVM: its java binary, its flags (without a debugger agent, whose port the parent
     *     holds) and its class path
     */
    public static ChildRunner sameJvm() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return new ChildRunner(cmd);
    }

    /** @return the launcher (for the report's configuration) */
    public List<String> launcher() {
        return launcher;
    }

    @Override
    public ScalingRow run(ScalingJob job) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(ScalingChild.class.getName());
        cmd.addAll(List.of("--op", job.op(), "--nodes", Integer.toString(job.nodes()), "--dim", Integer.toString(job.dim()),
                "--degree", Integer.toString(job.avgDegree()), "--seed", Long.toString(job.seed()),
                "--repeats", Integer.toString(job.repeats()), "--time-limit", Double.toString(job.timeLimitS())));
        if (job.backward()) {
            cmd.add("--backward");
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close(); // the child reads nothing
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + String.join(" ", cmd), e);
        }
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Deque<String> stderr = new ArrayDeque<>();
        Thread outReader = drain(p.getInputStream(), events::add, "stdout");
        Thread errReader = drain(p.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.addLast(line);
                if (stderr.size() > STDERR_LINES) {
                    stderr.removeFirst();
                }
            }
        }, "stderr");
        try {
            return watch(job, p, events, stderr, errReader);
        } finally {
            kill(p);
            join(outReader);
            join(errReader);
        }
    }

    private ScalingRow watch(ScalingJob job, Process p, BlockingQueue<String> events, Deque<String> stderr,
            Thread errReader) {
        long deadline = System.nanoTime() + seconds(job.setupTimeoutS());
        String phase = "the set-up";
        double limit = job.setupTimeoutS();
        ChildResult result = null;
        while (true) {
            String line;
            try {
                line = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(p);
                throw new IllegalStateException("interrupted while waiting for a child JVM", e);
            }
            if (line == null) {
                kill(p);
                return new ScalingRow(job.op(), job.nodes(), job.dim(), ScalingRow.Status.TIMED_OUT, null, 0, null, null,
                        String.format(Locale.ROOT, "%s ran past %s s; killed", phase, trim(limit)));
            }
            if (line.equals(END)) {
                break;
            }
            JsonNode ev = parse(line);
            String name = ev == null ? "" : ev.path("event").asText();
            switch (name) {
                case "call" -> {
                    phase = "one call";
                    limit = job.killAfterS();
                    deadline = System.nanoTime() + seconds(limit);
                }
                case "ready", "called" -> {
                    phase = "the child";
                    limit = job.killAfterS();
                    deadline = System.nanoTime() + seconds(limit);
                }
                case "result" -> result = ChildResult.fromJson(ev);
                default -> {
                    // Not an event (a native library writing to stdout): ignored.
                }
            }
        }
        int exit;
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                kill(p);
            }
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        }
        if (result == null || exit != 0) {
            join(errReader); // the child has exited: let the reader take its last lines before they are read here
            String last;
            synchronized (stderr) {
                last = stderr.stream().filter(l -> !l.isBlank() && !l.startsWith("\tat ")).reduce((a, b) -> b).orElse("");
            }
            return new ScalingRow(job.op(), job.nodes(), job.dim(), ScalingRow.Status.FAILED, null, 0, null, null,
                    "child exited with " + exit + (last.isEmpty() ? "" : ": " + last.strip()));
        }
        return new ScalingRow(job.op(), job.nodes(), job.dim(),
                result.overLimit() ? ScalingRow.Status.OVER_LIMIT : ScalingRow.Status.OK, result.ms(),
                result.samples().size(), result.peakBytes() == null ? null : result.peakBytes() / MIB,
                result.opBytes() == null ? null : result.opBytes() / MIB,
                result.peakBytes() == null ? "memory unknown on this OS"
                        : result.peakReset() ? "" : "op_mb is an upper bound (peak could not be reset)");
    }

    private static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    private static Thread drain(InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // The child was killed: its pipe closed.
            }
            if (name.equals("stdout")) {
                sink.accept(END);
            }
        }, "profile-child-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void kill(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long seconds(double s) {
        return (long) Math.min(Long.MAX_VALUE / 4.0, s * 1e9);
    }

    private static String trim(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
