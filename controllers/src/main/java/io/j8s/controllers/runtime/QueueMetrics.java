package io.j8s.controllers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * client-go's {@code defaultQueueMetrics}: turns a queue's adds, gets and dones into the
 * {@link MetricsProvider.Instruments} of its name, timing each key on the queue's clock. The
 * queue calls it under its own lock; the scrape reads {@link #unfinished()} from another thread,
 * hence this object's own monitor.
 */
final class QueueMetrics {

    /** For a queue without a provider: every call returns at once. */
    static final QueueMetrics NONE = new QueueMetrics(Clock.systemUTC(), null);

    private final Clock clock;
    private final MetricsProvider.Instruments out;
    /** When each queued key was first added since it was last taken. */
    private final Map<String, Instant> addTimes = new HashMap<>();
    /** When each key being processed was taken. */
    private final Map<String, Instant> processingStartTimes = new HashMap<>();

    private QueueMetrics(Clock clock, MetricsProvider.Instruments out) {
        this.clock = clock;
        this.out = out;
    }

    static QueueMetrics create(String name, Clock clock, MetricsProvider provider) {
        if (provider == MetricsProvider.NONE) return NONE;
        QueueMetrics[] self = new QueueMetrics[1];
        MetricsProvider.Instruments out = provider.queue(name, () -> self[0].unfinished());
        if (out == null) return NONE;
        self[0] = new QueueMetrics(clock, out);
        return self[0];
    }

    synchronized void add(String key) {
        if (out == null) return;
        out.added();
        addTimes.putIfAbsent(key, clock.instant());
    }

    synchronized void get(String key) {
        if (out == null) return;
        Instant now = clock.instant();
        processingStartTimes.put(key, now);
        Instant added = addTimes.remove(key);
        out.taken(added == null ? Double.NaN : seconds(added, now));
    }

    synchronized void done(String key) {
        if (out == null) return;
        Instant started = processingStartTimes.remove(key);
        if (started != null) out.finished(seconds(started, clock.instant()));
    }

    void retry() {
        if (out != null) out.retried();
    }

    synchronized MetricsProvider.UnfinishedWork unfinished() {
        if (out == null || processingStartTimes.isEmpty()) return MetricsProvider.UnfinishedWork.NONE;
        Instant now = clock.instant();
        double total = 0;
        double oldest = 0;
        for (Instant t : processingStartTimes.values()) {
            double age = seconds(t, now);
            total += age;
            oldest = Math.max(oldest, age);
        }
        return new MetricsProvider.UnfinishedWork(total, oldest);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
