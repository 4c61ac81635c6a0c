package io.j8s.proxy.tracker;

import java.util.Objects;

/**
 * One port of one Service, as upstream's {@code proxy.ServicePortName}: the Service's namespace
 * and name, the port's name ("" for a single unnamed port) and its protocol (TCP, UDP, SCTP).
 */
public record ServicePortName(String namespace, String name, String port, String protocol) {

    public ServicePortName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        port = port == null ? "" : port;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    /** {@code namespace/name}: the key the trackers group ports by. */
    public String serviceKey() {
        return namespace + "/" + name;
    }

    /** Upstream's base of chain names: {@code namespace/name/protocol/port}. */
    public String chainBase() {
        return namespace + "/" + name + "/" + protocol.toLowerCase(java.util.Locale.ROOT) + "/" + port;
    }

    @Override
    public String toString() {
        return port.isEmpty() ? serviceKey() : serviceKey() + ":" + port;
    }
}
