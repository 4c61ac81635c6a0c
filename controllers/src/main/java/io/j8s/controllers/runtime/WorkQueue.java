package io.j8s.controllers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's rate-limited, delaying work queue of keys.
 *
 * <p>Invariants (all under {@code lock}): a key is in {@code queue} at most once, and then also
 * in {@code dirty}; a key being processed ({@code processing}) is never in {@code queue}: an
 * {@link #add} while it is processed only marks it dirty, and {@link #done} queues it again. So
 * one key is never handled by two workers at once, and an add is never lost.
 *
 * <p>With a name and a {@link MetricsProvider}, it reports upstream's {@code workqueue_*} metrics
 * under that name, as client-go's queue does: an add that enters the dirty set counts (even while
 * the key is processed), a get ends its wait, a done ends its work, every delayed add is a retry.
 */
public final class WorkQueue {

    private record Waiting(String key, Instant readyAt) {}

    private final Clock clock;
    private final RateLimiter limiter;
    private final QueueMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>((a, b) -> a.readyAt().compareTo(b.readyAt()));
    private final Map<String, Instant> waitingUntil = new HashMap<>();
    private boolean shuttingDown;

    public WorkQueue(Clock clock, RateLimiter limiter) {
        this("", clock, limiter, MetricsProvider.NONE);
    }

    /** A queue reporting as {@code name} (upstream's queue name, e.g. {@code replicaset}) to {@code metrics}. */
    public WorkQueue(String name, Clock clock, RateLimiter limiter, MetricsProvider metrics) {
        this.clock = clock;
        this.limiter = limiter;
        this.metrics = QueueMetrics.create(name, clock, metrics);
    }

    public static WorkQueue withDefaultRateLimiter(Clock clock) {
        return new WorkQueue(clock, RateLimiter.defaultControllerRateLimiter(clock));
    }

    public void add(String key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(String key) {
        if (shuttingDown || !dirty.add(key)) return;
        metrics.add(key);
        if (processing.contains(key)) return;
        queue.addLast(key);
        changed.signal();
    }

    /** Adds {@code key} once {@code delay} has passed; an earlier pending time for it wins. */
    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            if (!shuttingDown()) metrics.retry();
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) return;
            metrics.retry();
            Instant readyAt = clock.instant().plus(delay);
            Instant pending = waitingUntil.get(key);
            if (pending != null && !pending.isAfter(readyAt)) return;
            waitingUntil.put(key, readyAt);
            waiting.add(new Waiting(key, readyAt));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code key} after the rate limiter's wait: how a failed sync is retried. */
    public void addRateLimited(String key) {
        addAfter(key, limiter.when(key));
    }

    /** The key succeeded: its failures no longer lengthen its next wait. */
    public void forget(String key) {
        limiter.forget(key);
    }

    public int numRequeues(String key) {
        return limiter.numRequeues(key);
    }

    /**
     * The next key to process, waiting for one; empty once the queue is shut down. The caller
     * must call {@link #done} with it.
     */
    public Optional<String> get() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                promoteReady();
                if (!queue.isEmpty()) return Optional.of(take());
                if (shuttingDown) return Optional.empty();
                Waiting next = waiting.peek();
                if (next == null) {
                    changed.await();
                } else {
                    long nanos = Duration.between(clock.instant(), next.readyAt()).toNanos();
                    if (nanos > 0) changed.await(nanos, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next key ready now, without waiting (for tests on a fake clock); caller calls {@link #done}. */
    public Optional<String> poll() {
        lock.lock();
        try {
            promoteReady();
            return queue.isEmpty() ? Optional.empty() : Optional.of(take());
        } finally {
            lock.unlock();
        }
    }

    private String take() {
        String key = queue.pollFirst();
        metrics.get(key);
        processing.add(key);
        dirty.remove(key);
        return key;
    }

    private void promoteReady() {
        Instant now = clock.instant();
        while (!waiting.isEmpty() && !waiting.peek().readyAt().isAfter(now)) {
            Waiting w = waiting.poll();
            // A stale entry (replaced by an earlier time) is skipped.
            if (w.readyAt().equals(waitingUntil.get(w.key()))) {
                waitingUntil.remove(w.key());
                addLocked(w.key());
            }
        }
    }

    public void done(String key) {
        lock.lock();
        try {
            metrics.done(key);
            processing.remove(key);
            if (dirty.contains(key)) {
                queue.addLast(key);
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be processed now (not those processing or waiting). */
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting keys; workers drain what is queued, then {@link #get} answers empty. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.clear();
            waitingUntil.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean shuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
