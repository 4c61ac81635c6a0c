package io.j8s.apiserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.WriteHooks;
import io.j8s.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Service registry's allocations (upstream's {@code pkg/registry/core/service/storage/alloc.go}):
 * a cluster IP from {@code --service-cluster-ip-range} for every Service but ExternalName and
 * headless ones, node ports from {@code --service-node-port-range} for NodePort and LoadBalancer
 * Services, and a health-check node port for LoadBalancers with {@code externalTrafficPolicy:
 * Local}. Requested values are honoured if free and in range, else refused with upstream's 422.
 *
 * <p>Each write is a small transaction: what it allocated is given back if the Service is not
 * stored, and what it no longer holds (a type change, a removed port) is given back only once
 * the Service is stored. Deleting a Service gives back everything it held.
 */
public final class ServiceAllocator implements WriteHooks {

    private static final Logger log = LoggerFactory.getLogger(ServiceAllocator.class);

    private final IpRange ipRange;
    private final PortRange portRange;
    final StoredRange clusterIps;
    final StoredRange nodePorts;

    public ServiceAllocator(Store store, IpRange ipRange, PortRange portRange, RandomGenerator random) {
        this.ipRange = ipRange;
        this.portRange = portRange;
        this.clusterIps = new StoredRange(store, "serviceips", ipRange.toString(), ipRange.size(), ipRange.staticBlock(), random);
        this.nodePorts = new StoredRange(store, "servicenodeports", portRange.toString(), portRange.size(), portRange.staticBlock(), random);
    }

    public IpRange ipRange() {
        return ipRange;
    }

    public PortRange portRange() {
        return portRange;
    }

    /** What the stored records hold now, for upstream's allocator gauges. */
    public record Usage(String cidr, int allocatedIps, int availableIps, int allocatedPorts, int availablePorts) {}

    public Usage usage() {
        AllocationBitmap ips = clusterIps.read().bitmap();
        AllocationBitmap ports = nodePorts.read().bitmap();
        return new Usage(ipRange.toString(), ips.size() - ips.free(), ips.free(), ports.size() - ports.free(), ports.free());
    }

    static boolean isService(ResourceType type) {
        return type.group().isEmpty() && type.kind().equals("Service");
    }

    // ---- the write hooks ----

    @Override
    public Pending beginCreate(ResourceType type, ObjectNode svc, boolean dryRun) {
        if (!isService(type)) return Pending.NONE;
        Txn txn = new Txn(dryRun);
        try {
            ObjectNode spec = spec(svc);
            if (Services.needsClusterIp(spec)) {
                checkFamilies(type, svc, spec);
                allocateClusterIp(type, svc, spec, txn);
            }
            if (Services.needsNodePorts(spec)) allocateNodePorts(type, svc, spec, Set.of(), false, txn);
            if (Services.needsHealthCheck(spec)) allocateHealthCheck(type, svc, spec, txn);
            return txn;
        } catch (RuntimeException e) {
            txn.finish(false);
            throw e;
        }
    }

    @Override
    public Pending beginUpdate(ResourceType type, ObjectNode svc, ObjectNode old, boolean dryRun) {
        if (!isService(type)) return Pending.NONE;
        Txn txn = new Txn(dryRun);
        try {
            ObjectNode spec = spec(svc);
            JsonNode oldSpec = old.path("spec");
            // Cluster IPs are immutable (validation) except to and from ExternalName.
            boolean had = Services.holdsClusterIp(oldSpec);
            boolean needs = Services.needsClusterIp(spec);
            if (!had && needs && Services.isExternalName(oldSpec)) {
                checkFamilies(type, svc, spec);
                allocateClusterIp(type, svc, spec, txn);
            } else if (had && Services.isExternalName(spec)) {
                txn.releaseIpOnCommit(Services.clusterIp(oldSpec));
            }
            Set<Long> oldPorts = Services.nodePorts(oldSpec);
            Set<Long> kept = Set.of();
            if (Services.needsNodePorts(spec)) {
                allocateNodePorts(type, svc, spec, oldPorts, true, txn);
                kept = Services.nodePorts(spec);
            }
            for (long p : oldPorts) {
                if (!kept.contains(p)) txn.releasePortOnCommit(p);
            }
            updateHealthCheck(type, svc, spec, oldSpec, txn);
            return txn;
        } catch (RuntimeException e) {
            txn.finish(false);
            throw e;
        }
    }

    @Override
    public void afterDelete(ResourceType type, ObjectNode svc) {
        if (!isService(type)) return;
        Txn txn = new Txn(false);
        JsonNode spec = svc.path("spec");
        if (Services.holdsClusterIp(spec)) txn.releaseIpOnCommit(Services.clusterIp(spec));
        for (long p : Services.nodePorts(spec)) txn.releasePortOnCommit(p);
        long hc = spec.path("healthCheckNodePort").asLong(0);
        if (hc != 0) txn.releasePortOnCommit(hc);
        txn.finish(true);
    }

    // ---- cluster IPs ----

    /** Upstream's initIPFamilyFields checks for a single-stack IPv4 cluster. */
    private static void checkFamilies(ResourceType type, ObjectNode svc, JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        if (spec.path("ipFamilyPolicy").asText("").equals("RequireDualStack")) {
            errs.add(FieldError.invalid("spec.ipFamilyPolicy", "RequireDualStack", "this cluster is not configured for dual-stack services"));
        }
        JsonNode families = spec.path("ipFamilies");
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i).asText();
            if (!f.equals("IPv4")) errs.add(FieldError.invalid("spec.ipFamilies[" + i + "]", f, "not configured on this cluster"));
        }
        if (!errs.isEmpty()) throw StatusException.invalid(type, name(svc), errs);
    }

    private void allocateClusterIp(ResourceType type, ObjectNode svc, ObjectNode spec, Txn txn) {
        String want = spec.path("clusterIPs").path(0).asText(spec.path("clusterIP").asText(""));
        String ip;
        if (want.isEmpty()) {
            OptionalInt item = clusterIps.allocateNext(txn.dryRun);
            if (item.isEmpty()) throw StatusException.internal("failed to allocate a serviceIP: range is full");
            ip = ipRange.ipAt(item.getAsInt());
        } else {
            int item = ipRange.offsetOf(want);
            String why = item < 0
                    ? "the provided IP (" + want + ") is not in the valid range. The range of valid IPs is " + ipRange
                    : clusterIps.allocate(item, txn.dryRun) ? null : "provided IP is already allocated";
            if (why != null) {
                throw StatusException.invalid(type, name(svc), List.of(new FieldError("spec.clusterIPs", "FieldValueInvalid",
                        "Invalid value: " + goStrings(spec.path("clusterIPs")) + ": failed to allocate IP " + want + ": " + why)));
            }
            ip = want;
        }
        if (!txn.dryRun) txn.ips.add(ip);
        spec.put("clusterIP", ip);
        ArrayNode ips = spec.putArray("clusterIPs");
        ips.add(ip);
    }

    // ---- node ports ----

    /**
     * Upstream's initNodePorts (create) and updateNodePorts (update, {@code held} the ports the
     * Service had): a requested node port is taken unless the Service held it; a port without one
     * gets the one another port of the same number has (TCP and UDP of one port share it), else a
     * new one, unless a LoadBalancer says {@code allocateLoadBalancerNodePorts: false}. On create
     * a node port is shared only by ports of one number; on update, as upstream, by any.
     */
    private void allocateNodePorts(ResourceType type, ObjectNode svc, ObjectNode spec, Set<Long> held, boolean update, Txn txn) {
        boolean allocate = !(Services.isLoadBalancer(spec) && !spec.path("allocateLoadBalancerNodePorts").asBoolean(true));
        List<ObjectNode> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) if (p instanceof ObjectNode o) ports.add(o);
        Set<Long> taken = new LinkedHashSet<>(held);
        Map<Long, Long> byServicePort = new HashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = ports.get(i);
            long servicePort = p.path("port").asLong();
            long nodePort = p.path("nodePort").asLong(0);
            Long assigned = byServicePort.get(servicePort);
            boolean shared = false;
            if (nodePort == 0) {
                if (assigned != null) {
                    nodePort = assigned;
                    shared = true;
                } else if (requested(ports, i, servicePort) != null) {
                    nodePort = requested(ports, i, servicePort);
                } else if (allocate) {
                    OptionalInt item = nodePorts.allocateNext(txn.dryRun);
                    if (item.isEmpty()) throw StatusException.internal("failed to allocate a nodePort: range is full");
                    nodePort = portRange.base() + item.getAsInt();
                    if (!txn.dryRun) txn.ports.add(nodePort);
                    shared = true;
                } else {
                    continue;
                }
            } else if (assigned != null && assigned == nodePort) {
                shared = true;
            }
            if (!shared && !held.contains(nodePort) && !(update && taken.contains(nodePort))) {
                takePort(type, svc, "spec.ports[" + i + "].nodePort", nodePort, txn);
            }
            taken.add(nodePort);
            byServicePort.putIfAbsent(servicePort, nodePort);
            p.put("nodePort", nodePort);
        }
    }

    /** A node port asked for by a later port of the same number, so the two share it. */
    private static Long requested(List<ObjectNode> ports, int from, long servicePort) {
        for (int j = from + 1; j < ports.size(); j++) {
            ObjectNode q = ports.get(j);
            if (q.path("port").asLong() == servicePort && q.path("nodePort").asLong(0) != 0) return q.path("nodePort").asLong();
        }
        return null;
    }

    private void takePort(ResourceType type, ObjectNode svc, String field, long port, Txn txn) {
        int item = portRange.offsetOf(port);
        String why = item < 0 ? "provided port is not in the valid range. The range of valid ports is " + portRange
                : nodePorts.allocate(item, txn.dryRun) ? null : "provided port is already allocated";
        if (why != null) throw StatusException.invalid(type, name(svc), List.of(FieldError.invalid(field, port, why)));
        if (!txn.dryRun) txn.ports.add(port);
    }

    private void allocateHealthCheck(ResourceType type, ObjectNode svc, ObjectNode spec, Txn txn) {
        long want = spec.path("healthCheckNodePort").asLong(0);
        if (want != 0) {
            int item = portRange.offsetOf(want);
            if (item < 0 || !nodePorts.allocate(item, txn.dryRun)) {
                String why = item < 0 ? "provided port is not in the valid range. The range of valid ports is " + portRange
                        : "provided port is already allocated";
                throw StatusException.internal("failed to allocate requested HealthCheck NodePort " + want + ": " + why);
            }
            if (!txn.dryRun) txn.ports.add(want);
            return;
        }
        OptionalInt item = nodePorts.allocateNext(txn.dryRun);
        if (item.isEmpty()) throw StatusException.internal("failed to allocate a HealthCheck NodePort 0: range is full");
        long port = portRange.base() + item.getAsInt();
        if (!txn.dryRun) txn.ports.add(port);
        spec.put("healthCheckNodePort", port);
    }

    /** Upstream's updateHealthCheckNodePort. */
    private void updateHealthCheck(ResourceType type, ObjectNode svc, ObjectNode spec, JsonNode oldSpec, Txn txn) {
        boolean needed = Services.needsHealthCheck(oldSpec);
        boolean needs = Services.needsHealthCheck(spec);
        long old = oldSpec.path("healthCheckNodePort").asLong(0);
        if (!needed && needs) {
            allocateHealthCheck(type, svc, spec, txn);
        } else if (needed && !needs) {
            if (old != 0) txn.releasePortOnCommit(old);
        } else if (needed && spec.path("healthCheckNodePort").asLong(0) != old) {
            throw StatusException.invalid(type, name(svc), List.of(FieldError.invalid("spec.healthCheckNodePort",
                    spec.path("healthCheckNodePort").asLong(0), "cannot change healthCheckNodePort on loadBalancer service with externalTraffic=Local during update")));
        }
    }

    // ---- helpers ----

    private static ObjectNode spec(ObjectNode svc) {
        return svc.get("spec") instanceof ObjectNode s ? s : svc.putObject("spec");
    }

    private static String name(ObjectNode svc) {
        return svc.path("metadata").path("name").asText("");
    }

    private static String goStrings(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) return "[]string(nil)";
        List<String> quoted = new ArrayList<>();
        for (JsonNode n : list) quoted.add("\"" + n.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        return "[]string{" + String.join(", ", quoted) + "}";
    }

    /**
     * One write's allocations, as upstream's metaTransaction: {@code ips}/{@code ports} were
     * taken by it and go back if it fails; {@code releaseIps}/{@code releasePorts} were held
     * before and go back only once it is stored.
     */
    private final class Txn implements Pending {
        final boolean dryRun;
        final List<String> ips = new ArrayList<>();
        final List<Long> ports = new ArrayList<>();
        final List<String> releaseIps = new ArrayList<>();
        final List<Long> releasePorts = new ArrayList<>();
        private boolean done;

        Txn(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void releaseIpOnCommit(String ip) {
            if (!ip.isEmpty() && !ip.equals("None")) releaseIps.add(ip);
        }

        void releasePortOnCommit(long port) {
            releasePorts.add(port);
        }

        @Override
        public void finish(boolean committed) {
            if (done || dryRun) return;
            done = true;
            List<String> giveIps = committed ? releaseIps : ips;
            List<Long> givePorts = committed ? releasePorts : ports;
            for (String ip : giveIps) {
                int item = ipRange.offsetOf(ip);
                if (item >= 0) release(() -> clusterIps.release(item), ip);
            }
            for (long p : new LinkedHashSet<>(givePorts)) {
                int item = portRange.offsetOf(p);
                if (item >= 0) release(() -> nodePorts.release(item), "node port " + p);
            }
        }

        /** A release that fails leaves a leak the repair finds; the write itself stands. */
        private void release(Runnable r, String what) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("Releasing {} failed, the repair will: {}", what, e.toString());
            }
        }
    }
}
