package io.j8s.controllers.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's {@code ControllerExpectations}: how many pod creations and deletions a controller
 * has made for a key that its informer has not shown yet. Until they are seen (or five minutes
 * pass) the controller does not count pods again, so it never creates twice for one gap.
 */
public final class Expectations {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Expected(int adds, int deletes, Instant at) {}

    private final Clock clock;
    private final Map<String, Expected> byKey = new ConcurrentHashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    public void expect(String key, int adds, int deletes) {
        byKey.put(key, new Expected(adds, deletes, clock.instant()));
    }

    public void creationObserved(String key) {
        byKey.computeIfPresent(key, (k, e) -> new Expected(e.adds() - 1, e.deletes(), e.at()));
    }

    public void deletionObserved(String key) {
        byKey.computeIfPresent(key, (k, e) -> new Expected(e.adds(), e.deletes() - 1, e.at()));
    }

    /** A creation or deletion that failed is no longer expected. */
    public void lower(String key, int adds, int deletes) {
        byKey.computeIfPresent(key, (k, e) -> new Expected(e.adds() - adds, e.deletes() - deletes, e.at()));
    }

    public boolean satisfied(String key) {
        Expected e = byKey.get(key);
        return e == null || (e.adds() <= 0 && e.deletes() <= 0) || clock.instant().isAfter(e.at().plus(TTL));
    }

    public void delete(String key) {
        byKey.remove(key);
    }
}
