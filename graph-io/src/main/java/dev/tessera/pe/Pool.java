package dev.tessera.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads for many short parallel loops (one pool per computation, not per loop). Each task index
 * runs exactly once, on whichever thread takes it; callers keep results deterministic by making a task's output
 * depend only on its index.
 */
final class Pool implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    /**
     * @param threads threads including the caller's, &gt;= 1
     * @param name the helper threads' name
     */
    Pool(int threads, String name) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the threads, the caller's included */
    int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(i)} for i in {@code [0, count)}, on the caller and the helpers; returns when all are done.
     */
    void forEach(int count, IntConsumer task) {
        int helpers = Math.min(threads, count) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            futures.add(pool.submit(drain));
        }
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (failure == null) {
                if (e.getCause() instanceof RuntimeException re) {
                    failure = re;
                } else if (e.getCause() instanceof Error err) {
                    throw err;
                } else {
                    failure = new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
