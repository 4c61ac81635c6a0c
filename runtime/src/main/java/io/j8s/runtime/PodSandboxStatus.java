package io.j8s.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CRI {@code PodSandboxStatus}.
 *
 * @param ip            the pod's IP: from the node's podCIDR for a pod with its own network
 *                      namespace, the node's IP for a host-network pod (or when the runtime
 *                      cannot isolate); empty once the sandbox is stopped
 * @param additionalIps further IPs (none today; dual-stack would put the IPv6 one here)
 */
public record PodSandboxStatus(String id, PodSandboxConfig.Metadata metadata, SandboxState state, Instant createdAt,
                               String ip, List<String> additionalIps,
                               PodSandboxConfig.NamespaceOptions namespaceOptions,
                               Map<String, String> labels, Map<String, String> annotations) {
    public PodSandboxStatus {
        ip = ip == null ? "" : ip;
        additionalIps = additionalIps == null ? List.of() : List.copyOf(additionalIps);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
