package io.j8s.proxy.tracker;

import java.util.Objects;

/**
 * What the proxy programs for one Service port (upstream's {@code ServicePort} interface, as a value).
 *
 * @param clusterIp            the ClusterIP (never "None": headless services carry no ports here)
 * @param nodePort             0 unless the Service is NodePort or LoadBalancer
 * @param stickyMaxAgeSeconds  sessionAffinity ClientIP's timeout, 0 without affinity
 * @param internalLocal        internalTrafficPolicy: Local
 * @param externalLocal        externalTrafficPolicy: Local (only for NodePort/LoadBalancer)
 */
public record ServicePort(ServicePortName name, String clusterIp, int port, String protocol, int nodePort,
                          int stickyMaxAgeSeconds, boolean internalLocal, boolean externalLocal) {

    public ServicePort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterIp, "clusterIp");
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    /** The protocol as nftables spells it (tcp, udp, sctp). */
    public String nftProtocol() {
        return protocol.toLowerCase(java.util.Locale.ROOT);
    }
}
