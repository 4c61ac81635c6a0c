package io.j8s.proxy.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Upstream's {@code ProxierHealthServer} state: the proxy is healthy once it has synced, as long as
 * no queued update has waited longer than the health timeout (twice the sync period upstream).
 */
public final class ProxierHealth {

    private final Clock clock;
    private final Duration timeout;
    private Instant lastUpdated;
    private Instant oldestPendingQueued;

    public ProxierHealth(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A change arrived that a sync will program. */
    public synchronized void queued() {
        if (oldestPendingQueued == null) oldestPendingQueued = clock.instant();
    }

    /** A sync programmed everything queued so far. */
    public synchronized void updated() {
        lastUpdated = clock.instant();
        oldestPendingQueued = null;
    }

    public synchronized Instant lastUpdated() {
        return lastUpdated;
    }

    public synchronized boolean healthy() {
        Instant now = clock.instant();
        if (oldestPendingQueued != null && Duration.between(oldestPendingQueued, now).compareTo(timeout) > 0) return false;
        return lastUpdated != null;
    }

    Instant now() {
        return clock.instant();
    }
}
