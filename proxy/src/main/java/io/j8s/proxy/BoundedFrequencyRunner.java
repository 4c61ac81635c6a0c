package io.j8s.proxy;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's {@code async.BoundedFrequencyRunner}: {@link #run} asks for the function to run; it runs
 * on the runner's own thread at most once per {@code minInterval} (bursts of changes coalesce into
 * one sync) and at least once per {@code maxInterval} (the periodic resync). A run that returns
 * false is retried after {@code retryInterval}.
 */
final class BoundedFrequencyRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedFrequencyRunner.class);

    private final BooleanSupplier fn;
    private final long minNanos;
    private final long maxNanos;
    private final long retryNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    // Guarded by lock.
    private boolean requested = true; // the first run happens at once
    private boolean closed;
    private long lastRun;
    private long retryAt = Long.MAX_VALUE;
    private long runs;

    BoundedFrequencyRunner(String name, BooleanSupplier fn, Duration minInterval, Duration maxInterval, Duration retryInterval) {
        this.fn = fn;
        this.minNanos = minInterval.toNanos();
        this.maxNanos = maxInterval.toNanos();
        this.retryNanos = retryInterval.toNanos();
        this.lastRun = System.nanoTime() - minNanos;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    BoundedFrequencyRunner start() {
        thread.start();
        return this;
    }

    /** Asks for a run as soon as the minimum interval allows. */
    void run() {
        lock.lock();
        try {
            requested = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Runs completed (tests). */
    long runs() {
        lock.lock();
        try {
            return runs;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                while (true) {
                    if (closed) return;
                    long now = System.nanoTime();
                    long next = Math.min(lastRun + maxNanos, retryAt);
                    if (requested) next = Math.min(next, lastRun + minNanos);
                    if (now - next >= 0) break;
                    wake.awaitNanos(next - now);
                }
                requested = false;
                retryAt = Long.MAX_VALUE;
                lastRun = System.nanoTime();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            boolean ok;
            try {
                ok = fn.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.error("Sync failed", e);
                ok = false;
            }
            lock.lock();
            try {
                runs++;
                if (!ok) retryAt = System.nanoTime() + retryNanos;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
