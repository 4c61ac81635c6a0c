package io.j8s.kubelet.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kubelet says about its node, from its flags.
 *
 * @param name            {@code --hostname-override} / the node name
 * @param nodeIp          {@code --node-ip}: the InternalIP
 * @param port            {@code --port}: the kubelet's HTTPS port (daemonEndpoints)
 * @param maxPods         {@code --max-pods}
 * @param systemReserved  {@code --system-reserved} (cpu, memory, ephemeral-storage, pid)
 * @param kubeReserved    {@code --kube-reserved}
 * @param labels          {@code --node-labels}
 * @param taints          {@code --register-with-taints} as {@code key[=value]:Effect}
 * @param kubeletVersion  what {@code kubectl get nodes} shows as VERSION
 */
public record NodeConfig(String name, String nodeIp, int port, int maxPods, Map<String, String> systemReserved,
        Map<String, String> kubeReserved, Map<String, String> labels, List<String> taints, String kubeletVersion) {

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodeIp, "nodeIp");
        systemReserved = Map.copyOf(systemReserved);
        kubeReserved = Map.copyOf(kubeReserved);
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }
}
