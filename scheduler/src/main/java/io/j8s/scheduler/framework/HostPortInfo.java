package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The host ports in use on a node, by host IP; 0.0.0.0 clashes with every IP. */
public final class HostPortInfo {

    public static final String DEFAULT_IP = "0.0.0.0";

    /** A host port wanted by a container. */
    public record ProtocolPort(String ip, String protocol, int port) {
        public static ProtocolPort of(ContainerPort p) {
            String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? DEFAULT_IP : p.getHostIP();
            String proto = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
            return new ProtocolPort(ip, proto, p.getHostPort());
        }
    }

    private final Map<String, Set<String>> byIp;

    public HostPortInfo() {
        this(new HashMap<>());
    }

    private HostPortInfo(Map<String, Set<String>> byIp) {
        this.byIp = byIp;
    }

    /** The host ports of a pod's containers (and init containers), those with hostPort > 0. */
    public static List<ProtocolPort> hostPorts(Pod pod) {
        List<ProtocolPort> out = new ArrayList<>();
        if (pod.getSpec() == null) return out;
        for (List<Container> cs : List.of(nonNull(pod.getSpec().getContainers()), nonNull(pod.getSpec().getInitContainers()))) {
            for (Container c : cs) {
                if (c.getPorts() == null) continue;
                for (ContainerPort p : c.getPorts()) {
                    if (p.getHostPort() != null && p.getHostPort() > 0) out.add(ProtocolPort.of(p));
                }
            }
        }
        return out;
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }

    public void add(ProtocolPort p) {
        byIp.computeIfAbsent(p.ip(), k -> new HashSet<>()).add(p.protocol() + "/" + p.port());
    }

    public void remove(ProtocolPort p) {
        Set<String> s = byIp.get(p.ip());
        if (s != null) {
            s.remove(p.protocol() + "/" + p.port());
            if (s.isEmpty()) byIp.remove(p.ip());
        }
    }

    public boolean conflicts(ProtocolPort p) {
        String key = p.protocol() + "/" + p.port();
        if (DEFAULT_IP.equals(p.ip())) {
            for (Set<String> s : byIp.values()) {
                if (s.contains(key)) return true;
            }
            return false;
        }
        Set<String> mine = byIp.get(p.ip());
        Set<String> any = byIp.get(DEFAULT_IP);
        return (mine != null && mine.contains(key)) || (any != null && any.contains(key));
    }

    public int size() {
        return byIp.values().stream().mapToInt(Set::size).sum();
    }

    public HostPortInfo copy() {
        Map<String, Set<String>> m = new HashMap<>();
        byIp.forEach((k, v) -> m.put(k, new HashSet<>(v)));
        return new HostPortInfo(m);
    }
}
