package io.j8s.controllers.runtime;

/**
 * A controller's {@code syncHandler}: brings the world named by {@code key} to what it should be.
 * Level-triggered and idempotent: it reads the informer caches, compares desired with actual,
 * acts through the API, and throws to be retried rate-limited.
 */
@FunctionalInterface
public interface Reconciler {
    void sync(String key) throws Exception;
}
