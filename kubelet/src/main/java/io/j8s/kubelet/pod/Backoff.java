package io.j8s.kubelet.pod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * client-go's {@code flowcontrol.Backoff} as the kubelet uses it for restarts: per key a delay
 * that starts at {@code initial} and doubles on each {@link #next} up to {@code max}; an entry not
 * touched for twice {@code max} starts over. Upstream's crash-loop back-off is 10 s to 5 min.
 */
public final class Backoff {

    private record Entry(Duration backoff, Instant lastUpdate) {}

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new HashMap<>();

    public Backoff(Clock clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    public static Backoff crashLoop(Clock clock) {
        return new Backoff(clock, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    /** Records a (re)start now: the next one must wait the current delay; the delay doubles. */
    public synchronized void next(String key) {
        Instant now = clock.instant();
        Entry e = entries.get(key);
        if (e == null || expired(e, now)) {
            entries.put(key, new Entry(initial, now));
        } else {
            Duration doubled = e.backoff().multipliedBy(2);
            entries.put(key, new Entry(doubled.compareTo(max) > 0 ? max : doubled, now));
        }
    }

    /**
     * Whether a restart for {@code key} must still wait, judged at {@code eventTime} (when the
     * container last exited): upstream's {@code IsInBackOffSince}.
     */
    public synchronized boolean inBackoffSince(String key, Instant eventTime) {
        Entry e = entries.get(key);
        if (e == null || expired(e, eventTime)) return false;
        return Duration.between(eventTime, clock.instant()).compareTo(e.backoff()) < 0;
    }

    /** The current delay of {@code key} (zero when there is none). */
    public synchronized Duration get(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : e.backoff();
    }

    /** How long from now until the back-off of {@code key}, counted from {@code eventTime}, ends (zero when it has). */
    public synchronized Duration remaining(String key, Instant eventTime) {
        Entry e = entries.get(key);
        if (e == null) return Duration.ZERO;
        Duration left = Duration.between(clock.instant(), eventTime.plus(e.backoff()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    public synchronized void reset(String key) {
        entries.remove(key);
    }

    /** Drops entries not touched for twice the max (upstream's GC). */
    public synchronized void gc() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> expired(e, now));
    }

    private boolean expired(Entry e, Instant at) {
        return Duration.between(e.lastUpdate(), at).compareTo(max.multipliedBy(2)) > 0;
    }
}
