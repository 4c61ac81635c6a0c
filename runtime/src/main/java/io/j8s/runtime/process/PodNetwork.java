package io.j8s.runtime.process;

import io.j8s.runtime.Outcome;
import io.j8s.runtime.RuntimeStatus;

/**
 * The CNI-like seam between a sandbox and the node's pod network: {@code ADD} when the sandbox's
 * network namespace exists, {@code DEL} when it goes. Implementations are thread-safe.
 */
interface PodNetwork {

    /**
     * Connects the network namespace of process {@code netnsPid} (the sandbox's holder) and
     * returns the pod's IP. Idempotent for the same sandbox.
     */
    Outcome<String> setUp(String sandboxId, long netnsPid);

    /** Disconnects the sandbox and releases its IP; idempotent. */
    void tearDown(String sandboxId);

    /** The IP a sandbox holds (after a restart too), or empty. */
    String addressOf(String sandboxId);

    /** CRI's NetworkReady condition. */
    RuntimeStatus.Condition readiness();
}
