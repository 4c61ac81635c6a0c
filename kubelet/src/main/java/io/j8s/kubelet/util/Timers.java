package io.j8s.kubelet.util;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's sense of time: a clock and delayed tasks. Every period (probe, heartbeat, status,
 * back-off) goes through it, so tests run the kubelet on a fake one and move time by hand.
 * Scheduled tasks must be short: they hand work to a worker, they do not do it.
 */
public interface Timers extends AutoCloseable {

    Clock clock();

    /** Runs {@code task} once {@code delay} has passed. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may be called off. */
    interface Cancellable {
        void cancel();
    }

    @Override
    default void close() {}

    /** Real time: one scheduler thread that hands each task to a virtual thread. */
    static Timers system() {
        return new SystemTimers(Clock.systemUTC());
    }

    final class SystemTimers implements Timers {
        private final Clock clock;
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kubelet-timers").factory());

        SystemTimers(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> f = scheduler.schedule(() -> Thread.ofVirtual().start(task),
                    Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
