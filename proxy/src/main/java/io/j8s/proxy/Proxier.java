package io.j8s.proxy;

/**
 * One way of turning Services and their endpoints into traffic handling on this node (upstream's
 * {@code proxy.Provider}): {@code nftables} or {@code userspace}. The trackers it reads are fed by the
 * informers; {@link #sync} is called by the bounded-frequency runner, never concurrently.
 */
public interface Proxier extends AutoCloseable {

    /** The mode's name, as {@code --proxy-mode} spells it. */
    String mode();

    /** Programs what changed; returns false when that failed (the runner retries soon). */
    boolean sync();

    @Override
    void close();
}
