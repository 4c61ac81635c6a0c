package io.j8s.controllers.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code UIDTrackingControllerExpectations}: how many creations and which deletions a
 * controller made and has not yet seen come back through its informer. While some are pending
 * the controller does not act again on the key (it would act on a cache that does not show its
 * own writes yet); expectations older than five minutes are taken as met, so a lost watch event
 * cannot block a controller for ever.
 */
public final class Expectations {

    /** Upstream's {@code ExpectationsTimeout}. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final class Pending {
        int adds;
        final Set<String> deletes = new HashSet<>();
        Instant at;
    }

    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    /** Whether the controller may act on {@code key}: nothing pending, or what is pending has expired. */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) return true;
        synchronized (p) {
            if (p.adds <= 0 && p.deletes.isEmpty()) return true;
            return !clock.instant().isBefore(p.at.plus(TIMEOUT));
        }
    }

    /** Sets the expectations afresh: {@code adds} creations to see. */
    public void expectCreations(String key, int adds) {
        Pending p = new Pending();
        p.adds = adds;
        p.at = clock.instant();
        pending.put(key, p);
    }

    /** Sets the expectations afresh: these objects' deletions ({@code namespace/name} keys) to see. */
    public void expectDeletions(String key, Collection<String> deleted) {
        Pending p = new Pending();
        p.deletes.addAll(deleted);
        p.at = clock.instant();
        pending.put(key, p);
    }

    /** Sets the expectations afresh: {@code adds} creations and these deletions to see (upstream's {@code SetExpectations}). */
    public void expect(String key, int adds, Collection<String> deleted) {
        Pending p = new Pending();
        p.adds = adds;
        p.deletes.addAll(deleted);
        p.at = clock.instant();
        pending.put(key, p);
    }

    public void creationObserved(String key) {
        Pending p = pending.get(key);
        if (p != null) synchronized (p) {
            p.adds--;
        }
    }

    /** A create that failed or was never sent: it will not be observed. */
    public void lowerCreations(String key, int n) {
        Pending p = pending.get(key);
        if (p != null) synchronized (p) {
            p.adds -= n;
        }
    }

    public void deletionObserved(String key, String deletedKey) {
        Pending p = pending.get(key);
        if (p != null) synchronized (p) {
            p.deletes.remove(deletedKey);
        }
    }

    public void delete(String key) {
        pending.remove(key);
    }
}
