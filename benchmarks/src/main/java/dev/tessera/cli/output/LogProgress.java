package dev.tessera.cli.output;

import dev.tessera.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@link Progress} as quiet log lines, for logs and CI where a redrawn bar would be noise: one line when a task
 * starts, at most one line per interval while it runs (done / total, percent, rate, last message), one line when
 * it ends.
 *
 * <pre>
 * parse edges: started (10,556 edges)
 * parse edges: 5,000 / 10,556 edges (47%), 4,100 edges/s
 * parse edges: done, 10,556 edges in 2.6 s
 * </pre>
 *
 * <p>With a quiet period q (1 s from {@link #every10Seconds}), a task that ends within q prints nothing, so that
 * trivial work (mapping a small cache, copying a shipped dataset) does not fill logs: the start line is printed
 * once the task has run for q (by a {@link Scheduler}, or at a step past q), and the end line only when the start
 * line was, or the task took q or more.
 */
public final class LogProgress implements Progress {
    private final PrintWriter out;
    private final long intervalNanos;
    private final long quietNanos;
    private final LongSupplier clock;
    private final Scheduler scheduler;

    /** Runs an action once after a delay (on another thread) unless cancelled first. */
    @FunctionalInterface
    public interface Scheduler {
        /** Daemon threads, so that a pending action never keeps the process alive. */
        Scheduler DAEMON = new Scheduler() {
            private final ScheduledExecutorService executor = executor();

            @Override
            public Runnable schedule(Runnable action, Duration delay) {
                ScheduledFuture<?> f = executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }
        };

        /**
         * @param action what to run
         * @param delay how long to wait first
         * @return cancels the action when it has not run yet
         */
        Runnable schedule(Runnable action, Duration delay);
    }

    /**
     * Lines for every task, however short.
     *
     * @param out where lines go (stderr)
     * @param interval the least time between two progress lines of one task
     * @param clock nanosecond time source ({@code System::nanoTime}; tests pass their own)
     */
    public LogProgress(PrintWriter out, Duration interval, LongSupplier clock) {
        this(out, interval, Duration.ZERO, clock, Scheduler.DAEMON);
    }

    /**
     * @param out where lines go (stderr)
     * @param interval the least time between two progress lines of one task
     * @param quiet tasks that end within this time print nothing ({@link Duration#ZERO}: every task prints)
     * @param clock nanosecond time source ({@code System::nanoTime}; tests pass their own)
     * @param scheduler prints a running task's start line once it has run for {@code quiet}
     */
    public LogProgress(PrintWriter out, Duration interval, Duration quiet, LongSupplier clock, Scheduler scheduler) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.quietNanos = quiet.toNanos();
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /**
     * @param out where lines go (stderr)
     * @return log lines at most every 10 seconds, silent for tasks that take under a second, on the system clock
     */
    public static LogProgress every10Seconds(PrintWriter out) {
        return new LogProgress(out, Duration.ofSeconds(10), Duration.ofSeconds(1), System::nanoTime, Scheduler.DAEMON);
    }

    private static ScheduledExecutorService executor() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tessera-progress");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    @Override
    public Task start(String name, long total, String unit) {
        return new LogTask(name, total, unit);
    }

    private void line(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private final class LogTask implements Task {
        private final String name;
        private final long total;
        private final String unit;
        private final long startNanos;
        private final AtomicLong done = new AtomicLong();
        private volatile long nextLineNanos;
        private volatile String message;
        private boolean closed;
        /** Whether the start line was printed; guarded by {@code this}. */
        private boolean announced;
        private final Runnable cancelAnnounce;

        LogTask(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
            this.startNanos = clock.getAsLong();
            this.nextLineNanos = startNanos + intervalNanos;
            if (quietNanos == 0) {
                announce();
                cancelAnnounce = () -> { };
            } else {
                cancelAnnounce = scheduler.schedule(this::announce, Duration.ofNanos(quietNanos));
            }
        }

        /** Prints the start line once, unless the task has ended (under the lock, so it precedes the end line). */
        private synchronized void announce() {
            if (announced || closed) {
                return;
            }
            announced = true;
            line(name + ": started" + (total >= 0 ? " (" + count(total) + " " + unit + ")" : ""));
        }

        @Override
        public void step(long n) {
            long d = done.addAndGet(n);
            long now = clock.getAsLong();
            if (now - nextLineNanos >= 0) {
                // A progress line means the task is long: its start line comes first.
                announce();
                synchronized (this) {
                    if (now - nextLineNanos < 0 || closed) {
                        return;
                    }
                    nextLineNanos = now + intervalNanos;
                }
                StringBuilder sb = new StringBuilder(name).append(": ").append(count(d));
                if (total >= 0) {
                    sb.append(" / ").append(count(total));
                }
                sb.append(' ').append(unit);
                if (total > 0) {
                    sb.append(" (").append(d * 100 / total).append("%)");
                }
                double seconds = (now - startNanos) / 1e9;
                if (seconds > 0) {
                    sb.append(", ").append(rate(d / seconds, unit));
                }
                String m = message;
                if (m != null && !m.isEmpty()) {
                    sb.append(", ").append(m);
                }
                line(sb.toString());
            }
        }

        @Override
        public void message(String text) {
            this.message = text;
        }

        @Override
        public void close() {
            long elapsed = clock.getAsLong() - startNanos;
            boolean wasAnnounced;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                wasAnnounced = announced;
            }
            cancelAnnounce.run();
            if (!wasAnnounced && elapsed < quietNanos) {
                return;
            }
            double seconds = elapsed / 1e9;
            String m = message;
            long d = done.get();
            // A one-shot task (unknown total, never stepped) reports only its time.
            String amount = d == 0 && total < 0 ? "" : ", " + count(d) + " " + unit;
            line(name + ": done" + amount + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                    + (m != null && !m.isEmpty() ? ", " + m : ""));
        }
    }

    /**
     * A rate a reader can use at any speed: "50 edges/s", "2.5 epochs/s", or, below one unit a second, the time per
     * unit ("4.2 s/epoch"; a plural unit loses its trailing "s" there).
     */
    static String rate(double perSecond, String unit) {
        if (perSecond >= 10) {
            return count(Math.round(perSecond)) + " " + unit + "/s";
        }
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
        }
        String one = unit.length() > 1 && unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        return String.format(Locale.ROOT, "%.1f s/%s", 1 / perSecond, one);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
