package io.j8s.store;

/** @param id the lease's id, never 0 @param ttlSeconds the TTL it was granted with */
public record Lease(long id, long ttlSeconds) {}
