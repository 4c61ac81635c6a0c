package io.j8s.scheduler.framework;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a piece of work for each index in [0, pieces) on a fixed pool of {@code parallelism}
 * threads, in chunks of about √pieces, as upstream's parallelize.Until: Filter and Score over
 * thousands of nodes. The calling thread works too, so a pool of 1 still makes progress.
 */
public final class Parallelizer implements AutoCloseable {

    private final int parallelism;
    private final ExecutorService pool;

    public Parallelizer(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        this.parallelism = parallelism;
        AtomicInteger n = new AtomicInteger();
        this.pool = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, r -> {
            Thread t = new Thread(r, "scheduler-parallel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public int parallelism() {
        return parallelism;
    }

    /** Upstream's chunkSizeFor: √n, at most n/parallelism + 1, at least 1. */
    static int chunkSize(int n, int parallelism) {
        int s = (int) Math.sqrt(n);
        int r = n / parallelism + 1;
        return Math.max(1, Math.min(s, r));
    }

    public void until(int pieces, IntConsumer work) {
        until(pieces, work, new AtomicBoolean());
    }

    /**
     * Calls {@code work} for each index until done or {@code stop} is set (pieces not started are
     * skipped). A work item that throws stops the rest, and the first throwable is rethrown here.
     */
    public void until(int pieces, IntConsumer work, AtomicBoolean stop) {
        if (pieces <= 0) return;
        int chunk = chunkSize(pieces, parallelism);
        int chunks = (pieces + chunk - 1) / chunk;
        int workers = Math.min(parallelism, chunks);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                int c;
                while (!stop.get() && (c = next.getAndIncrement()) < chunks) {
                    int end = Math.min(pieces, (c + 1) * chunk);
                    for (int i = c * chunk; i < end && !stop.get(); i++) work.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
            }
        };
        if (workers == 1 || pool == null) {
            worker.run();
        } else {
            CountDownLatch done = new CountDownLatch(workers - 1);
            for (int w = 1; w < workers; w++) {
                pool.execute(() -> {
                    try {
                        worker.run();
                    } finally {
                        done.countDown();
                    }
                });
            }
            worker.run();
            try {
                done.await();
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for parallel work", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
