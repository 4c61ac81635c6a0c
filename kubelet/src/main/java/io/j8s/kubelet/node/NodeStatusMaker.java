package io.j8s.kubelet.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.runtime.Image;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.VersionInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's status as upstream's {@code nodestatus} setters make it: addresses, capacity and
 * allocatable (capacity less {@code --system-reserved}, {@code --kube-reserved} and the hard
 * eviction thresholds), nodeInfo, images, daemon endpoints, and the conditions MemoryPressure,
 * DiskPressure, PIDPressure and Ready with upstream's reasons and messages. A pure function.
 */
public final class NodeStatusMaker {

    /** Upstream's default hard eviction thresholds: memory.available<100Mi, nodefs.available<10%. */
    static final long EVICTION_MEMORY = 100L * 1024 * 1024;
    static final double EVICTION_NODEFS = 0.10;
    /** Upstream has no default PID threshold; j8s calls pressure at 95% of pid_max. */
    static final double PID_PRESSURE = 0.95;

    private final NodeConfig config;
    private final Machine machine;

    public NodeStatusMaker(NodeConfig config, Machine machine) {
        this.config = config;
        this.machine = machine;
    }

    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * @param version the runtime's version, or null before the runtime is up
     * @param runtime its status, or null before it is up
     */
    public NodeStatus make(NodeStatus old, VersionInfo version, RuntimeStatus runtime, List<Image> images, Instant now) {
        NodeStatus s = new NodeStatus();
        s.setAddresses(List.of(new NodeAddress(config.nodeIp(), "InternalIP"), new NodeAddress(config.name(), "Hostname")));
        Map<String, Quantity> capacity = capacity();
        s.setCapacity(capacity);
        s.setAllocatable(allocatable(capacity));
        s.setDaemonEndpoints(new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder().withNewKubeletEndpoint()
                .withPort(config.port()).endKubeletEndpoint().build());
        s.setNodeInfo(new NodeSystemInfoBuilder().withMachineID(machine.machineId()).withSystemUUID(machine.systemUuid())
                .withBootID(machine.bootId()).withKernelVersion(machine.kernelVersion()).withOsImage(machine.osImage())
                .withContainerRuntimeVersion(version == null ? "" : version.containerRuntimeVersion())
                .withKubeletVersion(config.kubeletVersion()).withKubeProxyVersion("")
                .withOperatingSystem(machine.operatingSystem()).withArchitecture(machine.architecture()).build());
        List<ContainerImage> imgs = new ArrayList<>();
        for (Image i : images) {
            List<String> names = new ArrayList<>(i.repoTags());
            if (names.isEmpty()) names.add(i.id());
            imgs.add(new ContainerImage(names, i.size()));
        }
        s.setImages(imgs);

        List<NodeCondition> conditions = new ArrayList<>();
        boolean memory = machine.memoryAvailableBytes() < EVICTION_MEMORY;
        conditions.add(condition(old, "MemoryPressure", memory, memory ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
                memory ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available", now));
        boolean disk = machine.diskBytes() > 0 && machine.diskAvailableBytes() < machine.diskBytes() * EVICTION_NODEFS;
        conditions.add(condition(old, "DiskPressure", disk, disk ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
                disk ? "kubelet has disk pressure" : "kubelet has no disk pressure", now));
        boolean pid = machine.pids() > machine.pidMax() * PID_PRESSURE;
        conditions.add(condition(old, "PIDPressure", pid, pid ? "KubeletHasInsufficientPID" : "KubeletHasSufficientPID",
                pid ? "kubelet has insufficient PID available" : "kubelet has sufficient PID available", now));
        String notReady = notReady(runtime);
        conditions.add(condition(old, "Ready", notReady == null, notReady == null ? "KubeletReady" : "KubeletNotReady",
                notReady == null ? "kubelet is posting ready status" : notReady, now));
        if (runtime != null) {
            runtime.condition(RuntimeStatus.POD_ISOLATION).ifPresent(c -> conditions.add(condition(old, "PodIsolation", c.status(),
                    c.status() ? "PodsIsolated" : (c.reason().isEmpty() ? "PodsNotIsolated" : c.reason()),
                    c.status() ? "pods run in their own namespaces" : c.message(), now)));
        }
        s.setConditions(conditions);
        return s;
    }

    /** Upstream's runtime health check in words, or null when the runtime and its network are ready. */
    private static String notReady(RuntimeStatus runtime) {
        if (runtime == null) return "container runtime status check may not have completed yet";
        for (String type : List.of(RuntimeStatus.RUNTIME_READY, RuntimeStatus.NETWORK_READY)) {
            var c = runtime.condition(type).orElse(null);
            if (c == null || !c.status()) {
                String what = type.equals(RuntimeStatus.RUNTIME_READY) ? "container runtime not ready" : "container runtime network not ready";
                return what + ": " + type + "=false reason:" + (c == null ? "" : c.reason()) + " message:" + (c == null ? "" : c.message());
            }
        }
        return null;
    }

    private static NodeCondition condition(NodeStatus old, String type, boolean status, String reason, String message, Instant now) {
        String st = status ? "True" : "False";
        String since = time(now);
        if (old != null) {
            for (NodeCondition c : old.getConditions()) {
                if (c.getType().equals(type) && st.equals(c.getStatus()) && c.getLastTransitionTime() != null) since = c.getLastTransitionTime();
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(st).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(time(now)).withLastTransitionTime(since).build();
    }

    Machine machine() {
        return machine;
    }

    /** The node's allocatable resources now (for a resourceFieldRef without a limit). */
    public Map<String, Quantity> allocatableNow() {
        return allocatable(capacity());
    }

    Map<String, Quantity> capacity() {
        Map<String, Quantity> c = new LinkedHashMap<>();
        c.put("cpu", new Quantity(String.valueOf(machine.cpus())));
        c.put("ephemeral-storage", new Quantity((machine.diskBytes() / 1024) + "Ki"));
        c.put("hugepages-1Gi", new Quantity("0"));
        c.put("hugepages-2Mi", new Quantity("0"));
        c.put("memory", new Quantity((machine.memoryBytes() / 1024) + "Ki"));
        c.put("pods", new Quantity(String.valueOf(config.maxPods())));
        return c;
    }

    /** Capacity less what is reserved and the hard eviction thresholds (upstream's {@code GetNodeAllocatableAbsolute}). */
    Map<String, Quantity> allocatable(Map<String, Quantity> capacity) {
        Map<String, Quantity> a = new LinkedHashMap<>();
        BigDecimal cpuMilli = BigDecimal.valueOf(machine.cpus() * 1000L).subtract(reserved("cpu").multiply(BigDecimal.valueOf(1000)));
        a.put("cpu", new Quantity(cpuMilli.max(BigDecimal.ZERO).toBigInteger() + "m"));
        long disk = machine.diskBytes() - (long) (machine.diskBytes() * EVICTION_NODEFS) - reserved("ephemeral-storage").longValue();
        a.put("ephemeral-storage", new Quantity(String.valueOf(Math.max(0, disk))));
        a.put("hugepages-1Gi", new Quantity("0"));
        a.put("hugepages-2Mi", new Quantity("0"));
        long mem = machine.memoryBytes() - EVICTION_MEMORY - reserved("memory").longValue();
        a.put("memory", new Quantity((Math.max(0, mem) / 1024) + "Ki"));
        a.put("pods", capacity.get("pods"));
        return a;
    }

    private BigDecimal reserved(String resource) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, String> m : List.of(config.systemReserved(), config.kubeReserved())) {
            String v = m.get(resource);
            if (v != null) sum = sum.add(io.j8s.api.Quantity.parse(v).value());
        }
        return sum;
    }
}
