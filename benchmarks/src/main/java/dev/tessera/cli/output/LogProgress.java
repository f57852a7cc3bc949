package dev.tessera.cli.output;

import dev.tessera.progress.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
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
 */
public final class LogProgress implements Progress {
    private final PrintWriter out;
    private final long intervalNanos;
    private final LongSupplier clock;

    /**
     * @param out where lines go (stderr)
     * @param interval the least time between two progress lines of one task
     * @param clock nanosecond time source ({@code System::nanoTime}; tests pass their own)
     */
    public LogProgress(PrintWriter out, Duration interval, LongSupplier clock) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * @param out where lines go (stderr)
     * @return log lines at most every 10 seconds, on the system clock
     */
    public static LogProgress every10Seconds(PrintWriter out) {
        return new LogProgress(out, Duration.ofSeconds(10), System::nanoTime);
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

        LogTask(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
            this.startNanos = clock.getAsLong();
            this.nextLineNanos = startNanos + intervalNanos;
            line(name + ": started" + (total >= 0 ? " (" + count(total) + " " + unit + ")" : ""));
        }

        @Override
        public void step(long n) {
            long d = done.addAndGet(n);
            long now = clock.getAsLong();
            if (now - nextLineNanos >= 0) {
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
                    sb.append(", ").append(count(Math.round(d / seconds))).append(' ').append(unit).append("/s");
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
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            double seconds = (clock.getAsLong() - startNanos) / 1e9;
            String m = message;
            long d = done.get();
            // A one-shot task (unknown total, never stepped) reports only its time.
            String amount = d == 0 && total < 0 ? "" : ", " + count(d) + " " + unit;
            line(name + ": done" + amount + " in " + String.format(Locale.ROOT, "%.1f s", seconds)
                    + (m != null && !m.isEmpty() ? ", " + m : ""));
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
