package io.j8s.runtime.network;

import java.util.Optional;

/**
 * IP address management for one node's podCIDR, as CNI's {@code host-local} plugin: one address
 * per sandbox, the gateway (.1) never handed out, addresses reused only after release.
 * Implementations are thread-safe.
 */
public interface Ipam {

    Cidr cidr();

    /**
     * The address reserved for {@code owner} (a sandbox id): the one it already has, or a free
     * one. Empty when the range is exhausted.
     */
    Optional<String> allocate(String owner);

    /** Gives back the address of {@code owner}; idempotent. */
    void release(String owner);

    /** The address {@code owner} holds, if any. */
    Optional<String> addressOf(String owner);
}
