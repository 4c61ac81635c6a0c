package io.j8s.scheduler.framework;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a piece of work for each index in [0, pieces) on a fixed pool, in chunks of about
 * √pieces split as if {@code parallelism} workers took them, as upstream's parallelize.Until:
 * Filter and Score over thousands of nodes. The calling thread works too. Upstream's 16 workers
 * are goroutines on GOMAXPROCS threads; here at most one thread per core works, since more
 * threads than cores only add hand-offs to CPU-bound work (and on a busy machine each hand-off
 * waits for the OS to run a thread).
 */
public final class Parallelizer implements AutoCloseable {

    /**
     * Work per extra thread before one is worth waking: below this many pieces each (a Filter or
     * Score call costs a microsecond or so) the hand-off and the wait for the slowest thread cost
     * more than they save, the more so on a busy machine, where a woken thread waits for a core.
     */
    static final int MIN_PIECES_PER_WORKER = 512;

    private final int parallelism;
    private final int threads;
    private final ExecutorService pool;

    public Parallelizer(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        this.parallelism = parallelism;
        this.threads = Math.max(1, Math.min(parallelism, Runtime.getRuntime().availableProcessors()));
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
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
        int workers = Math.min(Math.min(threads, chunks), 1 + pieces / MIN_PIECES_PER_WORKER);
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
