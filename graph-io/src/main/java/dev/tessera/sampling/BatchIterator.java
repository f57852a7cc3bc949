package dev.tessera.sampling;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch, in order, from {@link NeighborSampler#batches}. With T &gt; 0 threads it keeps up to
 * T + 1 batches in flight on its own pool of T daemon threads, so sampling overlaps the caller's work; batch b is
 * always {@code sampler.sample(seeds of b, epoch, b)}, hence identical for every T. Reaching the end, or
 * {@link #close()}, stops the pool; an iterator dropped without either lets its idle threads time out.
 *
 * <p>A batch that fails (e.g. a bad seed) rethrows its exception from {@link #next()} and closes the iterator.
 */
public final class BatchIterator implements Iterator<SampledBatch>, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final NeighborSampler sampler;
    private final int[] order;
    private final int batchSize;
    private final long epoch;
    private final int numBatches;
    private final ThreadPoolExecutor pool;
    private final int depth;
    private final ArrayDeque<Future<SampledBatch>> ahead = new ArrayDeque<>();
    private int next;
    private int submitted;

    BatchIterator(NeighborSampler sampler, int[] order, int batchSize, long epoch, int threads) {
        this.sampler = sampler;
        this.order = order;
        this.batchSize = batchSize;
        this.epoch = epoch;
        this.numBatches = (int) ((order.length + (long) batchSize - 1) / batchSize);
        this.depth = threads + 1;
        if (threads > 0 && numBatches > 0) {
            int id = POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "tessera-sampler-" + id + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            fill();
        } else {
            pool = null;
        }
    }

    /** @return the number of batches in this epoch, ceil(n / B) */
    public int numBatches() {
        return numBatches;
    }

    /** @return the epoch */
    public long epoch() {
        return epoch;
    }

    /**
     * @param b a batch index in {@code [0, numBatches())}
     * @return the seed nodes of batch b, in order (a copy)
     */
    public int[] seeds(int b) {
        return Arrays.copyOfRange(order, b * batchSize, (int) Math.min(order.length, (long) (b + 1) * batchSize));
    }

    @Override
    public boolean hasNext() {
        return next < numBatches;
    }

    @Override
    public SampledBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + numBatches + " batches");
        }
        SampledBatch batch;
        if (pool == null) {
            batch = sampler.sample(seeds(next), epoch, next);
        } else {
            batch = await(ahead.poll());
        }
        next++;
        if (pool != null) {
            if (next == numBatches) {
                close();
            } else {
                fill();
            }
        }
        return batch;
    }

    private SampledBatch await(Future<SampledBatch> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            int failed = next;
            close();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("sampling batch " + failed + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            int waited = next;
            close();
            throw new CancellationException("interrupted while waiting for batch " + waited);
        }
    }

    /** Keeps up to {@code depth} batches submitted ahead of the caller. */
    private void fill() {
        while (submitted < numBatches && submitted < next + depth) {
            int b = submitted++;
            int[] seeds = seeds(b);
            ahead.add(pool.submit(() -> sampler.sample(seeds, epoch, b)));
        }
    }

    /** Cancels batches sampled ahead and stops the threads; the iterator then has no more batches. */
    @Override
    public void close() {
        if (pool != null) {
            for (Future<SampledBatch> f : ahead) {
                f.cancel(false);
            }
            ahead.clear();
            pool.shutdown();
        }
        next = Math.max(next, numBatches);
    }
}
