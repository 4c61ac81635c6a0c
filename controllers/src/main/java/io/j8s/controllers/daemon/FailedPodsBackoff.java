package io.j8s.controllers.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code flowcontrol.Backoff} as the DaemonSet controller uses it for failed daemon
 * pods ({@code failedPodsBackoff}, 1 s doubling to 15 min, per DaemonSet and node): a node whose
 * kubelet keeps rejecting the pod is not made to fight the controller in a hot loop.
 */
final class FailedPodsBackoff {

    static final Duration GC_INTERVAL = Duration.ofMinutes(1);

    private record Entry(Duration backoff, Instant lastUpdate) {}

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Instant lastGc = Instant.MIN;

    FailedPodsBackoff(Clock clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    Instant now() {
        return clock.instant();
    }

    /** The current backoff of {@code key} (zero for none). */
    Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** Upstream's {@code IsInBackOffSinceUpdate}: whether less than the backoff has passed since the last {@link #next}. */
    boolean inBackoffSinceUpdate(String key, Instant now) {
        Entry e = entries.get(key);
        return e != null && now.isBefore(e.lastUpdate().plus(e.backoff()));
    }

    /** Upstream's {@code Next}: starts at the initial backoff (again after 2 × max of quiet), else doubles up to max. */
    void next(String key, Instant now) {
        entries.compute(key, (k, e) -> {
            if (e == null || !now.isBefore(e.lastUpdate().plus(max.multipliedBy(2)))) return new Entry(initial, now);
            Duration doubled = e.backoff().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, now);
        });
    }

    /** Upstream's {@code GC} (run each {@code BackoffGCInterval}, a minute): forgets entries quiet for 2 × max. */
    void gcIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastGc.plus(GC_INTERVAL))) return;
        lastGc = now;
        entries.values().removeIf(e -> !now.isBefore(e.lastUpdate().plus(max.multipliedBy(2))));
    }

    int size() {
        return entries.size();
    }
}
