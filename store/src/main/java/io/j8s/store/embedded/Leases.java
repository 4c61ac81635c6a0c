package io.j8s.store.embedded;

import io.j8s.store.Lease;
import io.j8s.store.LeaseNotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The lease table. Grants and revocations are written by the committer (they are in the log);
 * keep-alives only move an expiry in memory, as in etcd, which also gives every lease a full
 * TTL again after a restart.
 *
 * <p>Invariant: {@code keys} of a lease are exactly the live keys (committer's view) whose
 * latest version names that lease; only the committer thread changes them.
 */
final class Leases {

    private static final class Entry {
        final long ttlSeconds;
        volatile long expiresAtNanos;
        final Set<String> keys = new HashSet<>();

        Entry(long ttlSeconds, long expiresAtNanos) {
            this.ttlSeconds = ttlSeconds;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final Map<Long, Entry> table = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    Leases(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    long newId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        } while (table.containsKey(id));
        return id;
    }

    boolean exists(long id) {
        return table.containsKey(id);
    }

    void grant(long id, long ttlSeconds) {
        table.put(id, new Entry(ttlSeconds, nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(ttlSeconds)));
    }

    /** Removes a lease; returns the keys attached to it (to be deleted by the caller). */
    List<String> revoke(long id) {
        Entry e = table.remove(id);
        return e == null ? List.of() : new ArrayList<>(e.keys);
    }

    List<String> keys(long id) {
        Entry e = table.get(id);
        return e == null ? List.of() : new ArrayList<>(e.keys);
    }

    long keepAlive(long id) {
        Entry e = table.get(id);
        if (e == null) throw new LeaseNotFoundException(id);
        e.expiresAtNanos = nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(e.ttlSeconds);
        return e.ttlSeconds;
    }

    /** A key's latest version moved from lease {@code from} to lease {@code to} (0 for none). */
    void move(String key, long from, long to) {
        if (from == to) return;
        if (from != 0) {
            Entry e = table.get(from);
            if (e != null) e.keys.remove(key);
        }
        if (to != 0) {
            Entry e = table.get(to);
            if (e != null) e.keys.add(key);
        }
    }

    List<Long> expired() {
        long now = nanoClock.getAsLong();
        List<Long> ids = new ArrayList<>();
        table.forEach((id, e) -> {
            if (now - e.expiresAtNanos >= 0) ids.add(id);
        });
        return ids;
    }

    boolean isExpired(long id) {
        Entry e = table.get(id);
        return e != null && nanoClock.getAsLong() - e.expiresAtNanos >= 0;
    }

    /** Gives every lease a full TTL from now: what a restarted etcd does. */
    void refreshAll() {
        long now = nanoClock.getAsLong();
        table.values().forEach(e -> e.expiresAtNanos = now + TimeUnit.SECONDS.toNanos(e.ttlSeconds));
    }

    List<Lease> list() {
        List<Lease> out = new ArrayList<>();
        table.forEach((id, e) -> out.add(new Lease(id, e.ttlSeconds)));
        return out;
    }

    Map<Long, Long> ttls() {
        Map<Long, Long> m = new LinkedHashMap<>();
        table.forEach((id, e) -> m.put(id, e.ttlSeconds));
        return m;
    }
}
