package io.j8s.proxy.tracker;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upstream's {@code EndpointsChangeTracker} with its {@code EndpointSliceCache}: EndpointSlice events
 * go in, grouped by the Service named in the slice's {@code kubernetes.io/service-name} label; a sync
 * takes out only the services whose merged endpoints changed, and the trigger times
 * ({@code endpoints.kubernetes.io/last-change-trigger-time}) of the changes it is programming, for
 * {@code kubeproxy_network_programming_duration_seconds}. Thread-safe.
 */
public final class EndpointsChangeTracker {

    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    public static final String TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private final String nodeName;
    private final Instant startTime;
    /** Service key → slice name → that slice's endpoints by port: the cache, always current. */
    private final Map<String, Map<String, Map<ServicePortName, List<Endpoint>>>> slices = new HashMap<>();
    /** Service key → the endpoints by port as last applied. */
    private final Map<String, Map<ServicePortName, List<Endpoint>>> applied = new HashMap<>();
    private final Set<String> dirty = new TreeSet<>();
    private final Map<String, List<Instant>> triggerTimes = new HashMap<>();
    private long changesTotal;

    /**
     * @param nodeName  this proxy's node: endpoints with this nodeName are local
     * @param startTime trigger times before it (the initial list) are not latency samples
     */
    public EndpointsChangeTracker(String nodeName, Instant startTime) {
        this.nodeName = nodeName;
        this.startTime = startTime;
    }

    /** What a sync takes out: the services that changed and the trigger times of their changes. */
    public record Result(Set<String> changedServices, Map<String, List<Instant>> lastChangeTriggerTimes) {
    }

    /** Records an EndpointSlice add/update ({@code removed} false) or delete; returns whether it matters. */
    public synchronized boolean endpointSliceUpdate(EndpointSlice slice, boolean removed) {
        var meta = slice.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        String service = labels.get(SERVICE_NAME_LABEL);
        if (service == null || service.isEmpty()) return false;
        if (!"IPv4".equals(slice.getAddressType())) return false;
        boolean excluded = labels.containsKey(ServiceChangeTracker.SERVICE_PROXY_NAME)
                || labels.containsKey(ServiceChangeTracker.HEADLESS);
        String key = meta.getNamespace() + "/" + service;
        var bySlice = slices.computeIfAbsent(key, k -> new TreeMap<>());
        if (removed || excluded) {
            if (bySlice.remove(meta.getName()) == null) return false;
            if (bySlice.isEmpty()) slices.remove(key);
        } else {
            var info = endpointsOf(meta.getNamespace(), service, slice);
            if (info.equals(bySlice.put(meta.getName(), info))) return false;
            Instant t = triggerTime(meta.getAnnotations());
            if (t != null && t.isAfter(startTime)) triggerTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        changesTotal++;
        dirty.add(key);
        return true;
    }

    public synchronized int pendingCount() {
        return dirty.size();
    }

    public synchronized long changesTotal() {
        return changesTotal;
    }

    /** Moves the pending changes into {@code endpoints} (service port → usable and unusable endpoints). */
    public synchronized Result apply(Map<ServicePortName, List<Endpoint>> endpoints) {
        Set<String> changed = new TreeSet<>();
        for (String key : dirty) {
            Map<ServicePortName, List<Endpoint>> merged = merge(slices.getOrDefault(key, Map.of()));
            if (merged.equals(applied.getOrDefault(key, Map.of()))) continue;
            changed.add(key);
            endpoints.keySet().removeIf(n -> n.serviceKey().equals(key));
            endpoints.putAll(merged);
            if (merged.isEmpty()) applied.remove(key);
            else applied.put(key, merged);
        }
        dirty.clear();
        Map<String, List<Instant>> times = new HashMap<>();
        for (String key : changed) {
            var t = triggerTimes.get(key);
            if (t != null) times.put(key, List.copyOf(t));
        }
        triggerTimes.clear();
        return new Result(changed, times);
    }

    private Map<ServicePortName, List<Endpoint>> endpointsOf(String namespace, String service, EndpointSlice slice) {
        Map<ServicePortName, List<Endpoint>> out = new LinkedHashMap<>();
        if (slice.getPorts() == null) return out;
        for (var port : slice.getPorts()) {
            if (port.getPort() == null) continue;
            var name = new ServicePortName(namespace, service, port.getName(), port.getProtocol());
            List<Endpoint> eps = new ArrayList<>();
            for (var ep : slice.getEndpoints() == null ? List.<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint>of()
                    : slice.getEndpoints()) {
                if (ep.getAddresses() == null || ep.getAddresses().isEmpty()) continue;
                var c = ep.getConditions();
                // The API's nil semantics: ready nil is ready, serving nil is as ready, terminating nil is not.
                boolean ready = c == null || c.getReady() == null || c.getReady();
                boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
                boolean terminating = c != null && c.getTerminating() != null && c.getTerminating();
                String node = ep.getNodeName() == null ? "" : ep.getNodeName();
                eps.add(new Endpoint(ep.getAddresses().get(0), port.getPort(), node, ready, serving, terminating,
                        !node.isEmpty() && node.equals(nodeName)));
            }
            out.put(name, eps);
        }
        return out;
    }

    /** Merges a service's slices: one endpoint per address, a ready copy winning, sorted by address. */
    static Map<ServicePortName, List<Endpoint>> merge(Map<String, Map<ServicePortName, List<Endpoint>>> bySlice) {
        Map<ServicePortName, Map<String, Endpoint>> merged = new TreeMap<>(
                Comparator.comparing(ServicePortName::port).thenComparing(ServicePortName::protocol));
        for (var slice : bySlice.values()) {
            for (var e : slice.entrySet()) {
                var byAddress = merged.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
                for (Endpoint ep : e.getValue()) {
                    byAddress.merge(ep.address(), ep, (a, b) -> a.ready() ? a : b);
                }
            }
        }
        Map<ServicePortName, List<Endpoint>> out = new LinkedHashMap<>();
        merged.forEach((name, eps) -> {
            List<Endpoint> list = new ArrayList<>(eps.values());
            list.sort(Comparator.comparing((Endpoint ep) -> ipKey(ep.ip())).thenComparingInt(Endpoint::port));
            out.put(name, List.copyOf(list));
        });
        return out;
    }

    private static long ipKey(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            try {
                v = v * 256 + Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return v;
    }

    private static Instant triggerTime(Map<String, String> annotations) {
        String v = annotations == null ? null : annotations.get(TRIGGER_TIME_ANNOTATION);
        if (v == null || v.isEmpty()) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
