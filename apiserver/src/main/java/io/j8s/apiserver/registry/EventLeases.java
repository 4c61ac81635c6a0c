package io.j8s.apiserver.registry;

import io.j8s.store.Lease;
import io.j8s.store.Store;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Events expire ({@code --event-ttl}, 1 h): each is attached to a store lease. As upstream's
 * lease manager does, one lease is shared by all events written within a short window, so a
 * busy cluster does not grant a lease per event.
 */
public final class EventLeases {

    private final Store store;
    private final long ttlSeconds;
    private final long reuseNanos;
    private final LongSupplier nanoClock;
    private Lease current;
    private long grantedAt;

    public EventLeases(Store store, Duration ttl, LongSupplier nanoClock) {
        this.store = store;
        // Reuse a lease for 1/60 of the TTL (a minute for an hour), and give it that much more.
        this.reuseNanos = ttl.toNanos() / 60;
        this.ttlSeconds = ttl.toSeconds() + Math.max(1, Duration.ofNanos(reuseNanos).toSeconds());
        this.nanoClock = nanoClock;
    }

    public synchronized long leaseId() {
        long now = nanoClock.getAsLong();
        if (current == null || now - grantedAt > reuseNanos) {
            current = store.grantLease(ttlSeconds);
            grantedAt = now;
        }
        return current.id();
    }

    /** The lease died under us (e.g. a store restored from a snapshot): take a new one next time. */
    public synchronized void forget(long id) {
        if (current != null && current.id() == id) current = null;
    }
}
