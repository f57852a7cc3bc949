package dev.tessera.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs work over {@code [0, n)} in fixed blocks on a few threads. Callers keep results deterministic by making
 * each block's output depend only on the block (never on which thread ran it or in what order).
 */
final class Parallel {
    private Parallel() {
    }

    /** One thread's worker: handles a block {@code [from, to)} with its own scratch state. */
    interface Worker {
        void run(int from, int to);
    }

    /**
     * @param n the number of items
     * @param block items per block, &gt;= 1
     * @param threads threads, &gt;= 1
     * @param name the threads' name
     * @param workers makes the worker of thread {@code t}
     */
    static void forBlocks(int n, int block, int threads, String name, IntFunction<Worker> workers) {
        int blocks = (int) ((n + (long) block - 1) / block);
        int t = Math.max(1, Math.min(threads, blocks));
        AtomicInteger next = new AtomicInteger();
        if (t == 1) {
            drain(workers.apply(0), next, n, block);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < t; i++) {
                int id = i;
                futures.add(pool.submit(() -> drain(workers.apply(id), next, n, block)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void drain(Worker w, AtomicInteger next, int n, int block) {
        for (int b = next.getAndAdd(block); b < n; b = next.getAndAdd(block)) {
            w.run(b, Math.min(n, b + block));
        }
    }
}
