package io.j8s.proxy.userspace;

import io.j8s.proxy.Proxier;
import io.j8s.proxy.metrics.ProxierHealth;
import io.j8s.proxy.metrics.ProxyMetrics;
import io.j8s.proxy.tracker.CategorizedEndpoints;
import io.j8s.proxy.tracker.Endpoint;
import io.j8s.proxy.tracker.EndpointsChangeTracker;
import io.j8s.proxy.tracker.ServiceChangeTracker;
import io.j8s.proxy.tracker.ServicePort;
import io.j8s.proxy.tracker.ServicePortName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's userspace mode, for hosts where nftables is not available (no root, not Linux): a
 * TCP forwarder per service port on the node, balancing round-robin over the ready endpoints. A
 * NodePort listens on {@code nodeIp:nodePort}; a ClusterIP port, which no packet can reach without
 * kernel rules, on an ephemeral port of {@code nodeIp}, said in the log. TCP and UDP (sessions per
 * client address); SCTP is not forwarded.
 */
public final class UserspaceProxier implements Proxier {

    private static final Logger LOG = LoggerFactory.getLogger(UserspaceProxier.class);

    private final String bindAddress;
    private final ServiceChangeTracker serviceChanges;
    private final EndpointsChangeTracker endpointChanges;
    private final ProxyMetrics metrics;
    private final ProxierHealth health;
    private final Clock clock;
    private final Map<ServicePortName, ServicePort> services = new HashMap<>();
    private final Map<ServicePortName, List<Endpoint>> endpoints = new HashMap<>();
    /** Per port: the ClusterIP forwarder (key port "cluster") and the NodePort one. */
    private final Map<ServicePortName, Map<String, Listener>> forwarders = new HashMap<>();
    private final Map<ServicePortName, ServicePort> programmed = new HashMap<>();

    public UserspaceProxier(String bindAddress, ServiceChangeTracker serviceChanges, EndpointsChangeTracker endpointChanges,
                            ProxyMetrics metrics, ProxierHealth health, Clock clock) {
        this.bindAddress = bindAddress;
        this.serviceChanges = serviceChanges;
        this.endpointChanges = endpointChanges;
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public String mode() {
        return "userspace";
    }

    @Override
    public synchronized boolean sync() {
        Instant start = clock.instant();
        metrics.changes(serviceChanges.pendingCount(), serviceChanges.changesTotal(), endpointChanges.pendingCount(),
                endpointChanges.changesTotal());
        Set<String> changed = new HashSet<>(serviceChanges.apply(services));
        var eps = endpointChanges.apply(endpoints);
        changed.addAll(eps.changedServices());
        boolean ok = true;
        for (var it = forwarders.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ServicePort now = services.get(e.getKey());
            if (now == null || !now.equals(programmed.get(e.getKey()))) {
                e.getValue().values().forEach(Listener::close);
                it.remove();
                programmed.remove(e.getKey());
            }
        }
        for (ServicePort sp : services.values()) {
            if (!changed.contains(sp.name().serviceKey()) && forwarders.containsKey(sp.name())) continue;
            if (!sp.protocol().equals("TCP") && !sp.protocol().equals("UDP")) continue;
            Map<String, Listener> fw = forwarders.get(sp.name());
            if (fw == null) {
                fw = new HashMap<>();
                try {
                    Listener cluster = listen(sp, sp.name().toString(), 0);
                    fw.put("cluster", cluster);
                    LOG.info("Userspace proxy: {} ({}:{}) forwarded on {}", sp.name(), sp.clusterIp(), sp.port(), cluster.address());
                    if (sp.nodePort() > 0) {
                        try {
                            Listener node = listen(sp, sp.name() + "-nodeport", sp.nodePort());
                            fw.put("nodeport", node);
                            LOG.info("Userspace proxy: {} NodePort forwarded on {}", sp.name(), node.address());
                        } catch (IOException e) {
                            // Another process (another agent on this host) holds it: said once, not retried.
                            LOG.error("Userspace proxy: cannot listen on {}:{} for {}: {}", bindAddress, sp.nodePort(), sp.name(),
                                    e.getMessage());
                        }
                    }
                } catch (IOException e) {
                    LOG.error("Userspace proxy: cannot listen for {}: {}", sp.name(), e.getMessage());
                    fw.values().forEach(Listener::close);
                    ok = false;
                    continue;
                }
                forwarders.put(sp.name(), fw);
                programmed.put(sp.name(), sp);
            }
            List<InetSocketAddress> targets = CategorizedEndpoints.of(endpoints.getOrDefault(sp.name(), List.of())).cluster()
                    .stream().map(ep -> new InetSocketAddress(ep.ip(), ep.port())).toList();
            fw.values().forEach(f -> f.setEndpoints(targets));
        }
        Instant end = clock.instant();
        if (ok) {
            metrics.syncDone(false, Duration.between(start, end), end);
            for (List<Instant> times : eps.lastChangeTriggerTimes().values()) {
                times.forEach(t -> metrics.networkProgrammed(Duration.between(t, end)));
            }
            health.updated();
        } else {
            metrics.syncFailed();
        }
        return ok;
    }

    private Listener listen(ServicePort sp, String name, int port) throws IOException {
        return sp.protocol().equals("UDP") ? new UdpForwarder(name, bindAddress, port) : new Forwarder(name, bindAddress, port);
    }

    /** Where a service port's ClusterIP forwarder listens. */
    public synchronized Optional<InetSocketAddress> clusterAddress(ServicePortName name) {
        var fw = forwarders.get(name);
        return fw == null ? Optional.empty() : Optional.of(fw.get("cluster").address());
    }

    /** The endpoints a service port's forwarders balance over. */
    public synchronized List<InetSocketAddress> endpointsOf(ServicePortName name) {
        var fw = forwarders.get(name);
        return fw == null ? List.of() : fw.get("cluster").endpoints();
    }

    @Override
    public synchronized void close() {
        forwarders.values().forEach(m -> m.values().forEach(Listener::close));
        forwarders.clear();
        programmed.clear();
    }
}
