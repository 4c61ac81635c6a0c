package io.j8s.runtime.process;

import io.j8s.runtime.Outcome;
import io.j8s.runtime.RuntimeStatus;

/**
 * No pod network: every pod uses the node's network and reports the node's IP (host-network
 * pods, and every pod when the runtime cannot isolate).
 */
final class HostNetwork implements PodNetwork {
    private final String nodeIp;
    private final String reason;

    /** @param reason why pods are on the host network ("" when it is by choice), for NetworkReady */
    HostNetwork(String nodeIp, String reason) {
        this.nodeIp = nodeIp;
        this.reason = reason;
    }

    @Override
    public Outcome<String> setUp(String sandboxId, long netnsPid) {
        return Outcome.ok(nodeIp);
    }

    @Override
    public void tearDown(String sandboxId) {
    }

    @Override
    public String addressOf(String sandboxId) {
        return nodeIp;
    }

    @Override
    public RuntimeStatus.Condition readiness() {
        // The host's network is there; pods are not isolated, which POD_ISOLATION reports.
        return new RuntimeStatus.Condition(RuntimeStatus.NETWORK_READY, true, reason, "");
    }
}
