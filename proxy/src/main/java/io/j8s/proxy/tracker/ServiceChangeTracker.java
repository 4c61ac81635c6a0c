package io.j8s.proxy.tracker;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's {@code ServiceChangeTracker}: informer events go in ({@link #update}), and a sync takes
 * out ({@link #apply}) only the services whose proxied ports changed since the last sync, merging
 * any number of events per service into one previous→current change. Thread-safe: the informer
 * thread updates while the sync thread applies.
 */
public final class ServiceChangeTracker {

    /** Labels that keep a Service (or slice) away from this proxy, as upstream's informer selector. */
    public static final String SERVICE_PROXY_NAME = "service.kubernetes.io/service-proxy-name";
    public static final String HEADLESS = "service.kubernetes.io/headless";
    static final int DEFAULT_STICKY_SECONDS = 10800;

    /** Service key → its ports as last applied (the "previous" side of a pending change). */
    private final Map<String, Map<ServicePortName, io.j8s.proxy.tracker.ServicePort>> applied = new HashMap<>();
    /** Service key → its ports as last seen (the "current" side); an empty map is a deletion. */
    private final Map<String, Map<ServicePortName, io.j8s.proxy.tracker.ServicePort>> pending = new HashMap<>();
    private long changesTotal;

    /**
     * Records an informer event: {@code current} null is a delete. Returns whether a change is now
     * pending (false when the event brings the service back to what was last applied).
     */
    public synchronized boolean update(Service previous, Service current) {
        Service any = current != null ? current : previous;
        if (any == null || any.getMetadata() == null) return false;
        String key = any.getMetadata().getNamespace() + "/" + any.getMetadata().getName();
        Map<ServicePortName, io.j8s.proxy.tracker.ServicePort> ports = current == null ? Map.of() : portsOf(current);
        changesTotal++;
        if (ports.equals(applied.getOrDefault(key, Map.of()))) {
            pending.remove(key);
            return false;
        }
        pending.put(key, ports);
        return true;
    }

    /** Services with a change not yet applied (kubeproxy_sync_proxy_rules_service_changes_pending). */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** Events seen (kubeproxy_sync_proxy_rules_service_changes_total). */
    public synchronized long changesTotal() {
        return changesTotal;
    }

    /** Moves the pending changes into {@code services}; returns the keys of the services that changed. */
    public synchronized Set<String> apply(Map<ServicePortName, io.j8s.proxy.tracker.ServicePort> services) {
        Set<String> changed = new TreeSet<>(pending.keySet());
        for (var e : pending.entrySet()) {
            services.keySet().removeIf(n -> n.serviceKey().equals(e.getKey()));
            services.putAll(e.getValue());
            if (e.getValue().isEmpty()) applied.remove(e.getKey());
            else applied.put(e.getKey(), e.getValue());
        }
        pending.clear();
        return changed;
    }

    /** The ports this proxy programs for a Service: none for headless, ExternalName or excluded ones. */
    public static Map<ServicePortName, io.j8s.proxy.tracker.ServicePort> portsOf(Service svc) {
        var spec = svc.getSpec();
        var meta = svc.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        if (spec == null || labels.containsKey(SERVICE_PROXY_NAME) || labels.containsKey(HEADLESS)) return Map.of();
        String clusterIp = spec.getClusterIP();
        if ("ExternalName".equals(spec.getType()) || clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")
                || clusterIp.contains(":")) {
            return Map.of();
        }
        boolean external = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
        int sticky = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            sticky = DEFAULT_STICKY_SECONDS;
            var cfg = spec.getSessionAffinityConfig();
            if (cfg != null && cfg.getClientIP() != null && cfg.getClientIP().getTimeoutSeconds() != null) {
                sticky = cfg.getClientIP().getTimeoutSeconds();
            }
        }
        boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
        boolean externalLocal = external && "Local".equals(spec.getExternalTrafficPolicy());
        Map<ServicePortName, io.j8s.proxy.tracker.ServicePort> out = new LinkedHashMap<>();
        for (ServicePort p : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
            var name = new ServicePortName(meta.getNamespace(), meta.getName(), p.getName(), p.getProtocol());
            int nodePort = external && p.getNodePort() != null ? p.getNodePort() : 0;
            out.put(name, new io.j8s.proxy.tracker.ServicePort(name, clusterIp, p.getPort(), name.protocol(), nodePort, sticky,
                    internalLocal, externalLocal));
        }
        return out;
    }
}
