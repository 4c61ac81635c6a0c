package io.j8s.kubelet.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.j8s.kubelet.util.EventRecorder;
import io.j8s.kubelet.util.Timers;
import io.j8s.runtime.ContainerRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the kubelet: registration, the Lease heartbeat in {@code kube-node-lease}
 * (renewed every lease duration / 4), and the node status, computed every
 * {@code --node-status-update-frequency} and posted only when it changed or when
 * {@code --node-status-report-frequency} has passed since the last post, to spare the store.
 */
public final class NodeAgent implements AutoCloseable {

    public static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The heartbeat timings ({@code --node-lease-duration-seconds}, {@code --node-status-update-frequency}, {@code --node-status-report-frequency}). */
    public record Timing(Duration leaseDuration, Duration statusUpdateFrequency, Duration statusReportFrequency) {
        public Timing {
            if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("--node-lease-duration-seconds must be at least 1");
            if (statusUpdateFrequency.isZero() || statusUpdateFrequency.isNegative()) {
                throw new IllegalArgumentException("--node-status-update-frequency must be positive");
            }
        }

        public static final Timing UPSTREAM = new Timing(Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofMinutes(5));

        Duration renewInterval() {
            return leaseDuration.dividedBy(4);
        }
    }

    private final KubernetesClient client;
    private final NodeConfig config;
    private final NodeStatusMaker maker;
    private final Timers timers;
    private final Timing timing;
    private final Supplier<ContainerRuntime> runtime;
    private final EventRecorder events;
    private volatile Node registered;
    private volatile NodeStatus lastPosted;
    private volatile Instant lastPostedAt;
    private volatile boolean closed;
    private final List<Timers.Cancellable> timersSet = new ArrayList<>();

    public NodeAgent(KubernetesClient client, NodeConfig config, NodeStatusMaker maker, Timers timers, Timing timing,
            Supplier<ContainerRuntime> runtime, EventRecorder events) {
        this.client = client;
        this.config = config;
        this.maker = maker;
        this.timers = timers;
        this.timing = timing;
        this.runtime = runtime;
        this.events = events;
    }

    /** The Node as this kubelet registers it: labels, annotations, taints; status follows at once. */
    Node initialNode() {
        Map<String, String> labels = new LinkedHashMap<>();
        String arch = maker.machine().architecture();
        String os = maker.machine().operatingSystem();
        labels.put("beta.kubernetes.io/arch", arch);
        labels.put("beta.kubernetes.io/os", os);
        labels.put("kubernetes.io/arch", arch);
        labels.put("kubernetes.io/hostname", config.name());
        labels.put("kubernetes.io/os", os);
        labels.putAll(config.labels());
        List<Taint> taints = config.taints().stream().map(NodeAgent::parseTaint).toList();
        return new NodeBuilder().withNewMetadata().withName(config.name()).withLabels(labels)
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0", "volumes.kubernetes.io/controller-managed-attach-detach", "true"))
                .endMetadata().withNewSpec().withTaints(taints).endSpec().build();
    }

    /** {@code key[=value]:Effect}, as {@code --register-with-taints} takes them. */
    public static Taint parseTaint(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("invalid taint spec: " + spec + " (want key[=value]:Effect)");
        String kv = spec.substring(0, colon);
        String effect = spec.substring(colon + 1);
        if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
            throw new IllegalArgumentException("invalid taint effect: " + effect + ", unsupported taint effect");
        }
        int eq = kv.indexOf('=');
        Taint t = new Taint();
        t.setKey(eq < 0 ? kv : kv.substring(0, eq));
        t.setValue(eq < 0 ? null : kv.substring(eq + 1));
        t.setEffect(effect);
        return t;
    }

    /**
     * Registers the node (upstream's {@code registerWithAPIServer}): creates it, or, if it exists
     * (a restarted kubelet), brings its labels up to date. Retries until the API answers.
     */
    public Node register() throws InterruptedException {
        Duration wait = Duration.ofMillis(100);
        Node want = initialNode();
        while (!closed) {
            try {
                Node node;
                try {
                    node = client.nodes().resource(want).create();
                    log.info("Successfully registered node {}", config.name());
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) throw e;
                    node = client.nodes().withName(config.name()).edit(n -> {
                        Node copy = new NodeBuilder(n).build();
                        copy.getMetadata().getLabels().putAll(want.getMetadata().getLabels());
                        return copy;
                    });
                    log.info("Node {} was already registered; labels brought up to date", config.name());
                }
                registered = node;
                events.event(node, EventRecorder.NORMAL, "Starting", "Starting kubelet.");
                return node;
            } catch (KubernetesClientException e) {
                log.info("Unable to register node {} with the API server: {}; retrying in {}", config.name(), e.getMessage(), wait);
                Thread.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(7)) > 0 ? Duration.ofSeconds(7) : wait.multipliedBy(2);
            }
        }
        throw new InterruptedException("closed");
    }

    /** Starts the heartbeats: the lease now and every lease duration / 4, the status now and every update period. */
    public void start() {
        renewLease();
        updateStatus();
    }

    private synchronized void schedule(Duration after, Runnable task) {
        if (closed) return;
        timersSet.add(timers.schedule(after, task));
        // Only the latest of each loop can still be pending; older ones have run.
        while (timersSet.size() > 4) timersSet.removeFirst();
    }

    void renewLease() {
        if (closed) return;
        Duration next = timing.renewInterval();
        try {
            ensureLease();
        } catch (KubernetesClientException e) {
            log.info("Failed to update the lease of node {}: {}", config.name(), e.getMessage());
            next = Duration.ofMillis(Math.min(200, next.toMillis()));
        }
        schedule(next, this::renewLease);
    }

    private void ensureLease() {
        String now = MICRO.format(timers.clock().instant());
        var leases = client.leases().inNamespace(LEASE_NAMESPACE).withName(config.name());
        Lease existing = leases.get();
        int seconds = (int) timing.leaseDuration().toSeconds();
        if (existing == null) {
            Node node = registered;
            var b = new LeaseBuilder().withNewMetadata().withName(config.name()).withNamespace(LEASE_NAMESPACE);
            if (node != null && node.getMetadata().getUid() != null) {
                b.addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(config.name())
                        .withUid(node.getMetadata().getUid()).endOwnerReference();
            }
            Lease lease = b.endMetadata().withNewSpec().withHolderIdentity(config.name()).withLeaseDurationSeconds(seconds)
                    .withRenewTime(java.time.ZonedDateTime.parse(now)).endSpec().build();
            client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).create();
            return;
        }
        existing.getSpec().setHolderIdentity(config.name());
        existing.getSpec().setLeaseDurationSeconds(seconds);
        existing.getSpec().setRenewTime(java.time.ZonedDateTime.parse(now));
        client.leases().inNamespace(LEASE_NAMESPACE).resource(existing).update();
    }

    /** Computes the status; posts it when it changed or the report period passed. Then again after the update period. */
    void updateStatus() {
        if (closed) return;
        try {
            syncStatus(false);
        } catch (RuntimeException e) {
            log.info("Error updating the status of node {}: {}", config.name(), e.getMessage());
        }
        schedule(timing.statusUpdateFrequency(), this::updateStatus);
    }

    /** Posts the status now if it changed (or {@code force}): when the runtime came up, the podCIDR arrived. */
    public synchronized void syncStatus(boolean force) {
        ContainerRuntime rt = runtime.get();
        Instant now = timers.clock().instant();
        NodeStatus status = maker.make(lastPosted, rt == null ? null : rt.version(), rt == null ? null : rt.status(),
                rt == null ? List.of() : rt.listImages(), now);
        boolean changed = lastPosted == null || !withoutHeartbeats(status).equals(withoutHeartbeats(lastPosted));
        boolean due = lastPostedAt == null || !now.isBefore(lastPostedAt.plus(timing.statusReportFrequency()));
        if (!changed && !due && !force) return;
        try {
            String patch = JSON.writeValueAsString(Map.of("status", status));
            // resource(named) rather than withName(name): fabric8 GETs a node named only by withName before patching it.
            Node named = new NodeBuilder().withNewMetadata().withName(config.name()).endMetadata().build();
            client.nodes().resource(named).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (lastPosted != null) recordTransitions(lastPosted, status);
        lastPosted = status;
        lastPostedAt = now;
    }

    /** NodeReady / NodeNotReady events, as upstream's status setters record them. */
    private void recordTransitions(NodeStatus before, NodeStatus after) {
        Node node = registered;
        if (node == null) return;
        String was = ready(before);
        String is = ready(after);
        if (!Objects.equals(was, is)) {
            events.event(node, EventRecorder.NORMAL, "True".equals(is) ? "NodeReady" : "NodeNotReady",
                    "Node " + config.name() + " status is now: " + ("True".equals(is) ? "NodeReady" : "NodeNotReady"));
        }
    }

    private static String ready(NodeStatus s) {
        return s.getConditions().stream().filter(c -> c.getType().equals("Ready")).map(NodeCondition::getStatus).findFirst().orElse(null);
    }

    private static String withoutHeartbeats(NodeStatus s) {
        try {
            NodeStatus copy = JSON.readValue(JSON.writeValueAsString(s), NodeStatus.class);
            copy.getConditions().forEach(c -> c.setLastHeartbeatTime(null));
            return JSON.writeValueAsString(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Node registered() {
        return registered;
    }

    @Override
    public synchronized void close() {
        closed = true;
        timersSet.forEach(Timers.Cancellable::cancel);
        timersSet.clear();
    }
}
