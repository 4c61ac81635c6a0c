package io.j8s.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.controllers.ControllerContext;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Lister;
import io.j8s.controllers.common.Pods;
import io.j8s.controllers.common.Times;
import io.j8s.controllers.runtime.Controller;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's node lifecycle controller ({@code pkg/controller/nodelifecycle}) with its NoExecute
 * taint manager. Every {@code --node-monitor-period} it checks each node's heartbeats (the Ready
 * condition's lastHeartbeatTime and the node's Lease in {@code kube-node-lease}, as seen changing
 * by this controller's clock): a node silent for {@code --node-monitor-grace-period} gets its
 * conditions set Unknown ("Kubelet stopped posting node status."), its pods marked not ready, and
 * the {@code node.kubernetes.io/unreachable} taint (NoSchedule and NoExecute; {@code not-ready}
 * when Ready is False). Pods on a node with NoExecute taints are deleted once their
 * tolerationSeconds pass (at once if they do not tolerate a taint), so their controllers replace
 * them elsewhere. When the kubelet posts Ready again, the taints go.
 *
 * <p>Queue keys: {@code monitor} (the periodic pass), {@code node/<name>} (the NoSchedule taints
 * of one node, and its pods' evictions), {@code pod/<ns>/<name>} (one pod's eviction).
 */
public final class NodeLifecycleController {

    public static final String NAME = "nodelifecycle";
    static final String COMPONENT = "node-controller";
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String MONITOR = "monitor";
    /** The conditions a kubelet posts that go Unknown when it falls silent. */
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private static final Logger log = LoggerFactory.getLogger(NodeLifecycleController.class);

    /** The controller's writes (a recording fake in tests). */
    interface NodeClient {
        void updateNodeStatus(Node node);

        /** Reads the node, applies {@code change} to its taints, writes them if they changed (retrying a conflict). */
        void updateTaints(String node, UnaryOperator<List<Taint>> change);

        /** Sets the pod's Ready condition False. */
        void markPodNotReady(Pod pod);

        void deletePod(String namespace, String name);
    }

    /** What this controller last saw of a node's heartbeats, and when (by its own clock) they last moved. */
    static final class Health {
        String readyHeartbeat;
        String leaseRenewTime;
        Instant probeTimestamp;
    }

    private final Lister<Node> nodes;
    private final Lister<Lease> leases;
    private final Lister<Pod> pods;
    private final NodeClient client;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;
    private final ControllerManagerOptions.NodeLifecycle timings;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final TaintManager taintManager;
    private final ZoneEviction zoneEviction;

    NodeLifecycleController(Lister<Node> nodes, Lister<Lease> leases, Lister<Pod> pods, NodeClient client, EventRecorder recorder,
            WorkQueue queue, Clock clock, ControllerManagerOptions.NodeLifecycle timings) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.client = client;
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
        this.timings = timings;
        this.taintManager = new TaintManager(nodes, pods, client, recorder, queue, clock);
        this.zoneEviction = new ZoneEviction(clock, timings.nodeEvictionRate(), timings.secondaryNodeEvictionRate(),
                timings.largeClusterSizeThreshold(), timings.unhealthyZoneThreshold());
    }

    public static Controller create(ControllerContext ctx) {
        SharedIndexInformer<Node> nodeInformer = ctx.informers().of(Node.class);
        SharedIndexInformer<Lease> leaseInformer = ctx.informers().of(Lease.class);
        SharedIndexInformer<Pod> podInformer = ctx.informers().of(Pod.class);
        WorkQueue queue = ctx.workQueue("node_lifecycle_controller");
        var nlc = new NodeLifecycleController(Lister.of(nodeInformer), Lister.of(leaseInformer), Lister.of(podInformer),
                new ApiNodeClient(ctx.client()), ctx.recorder(COMPONENT), queue, ctx.clock(), ctx.options().nodeLifecycle());
        nodeInformer.addEventHandler(nlc.nodeHandler());
        podInformer.addEventHandler(nlc.taintManager.podHandler());
        queue.add(MONITOR);
        return new Controller(NAME, queue, nlc::sync, List.of(nodeInformer::hasSynced, leaseInformer::hasSynced, podInformer::hasSynced));
    }

    void sync(String key) {
        if (key.equals(MONITOR)) {
            try {
                monitorNodeHealth();
            } finally {
                queue.addAfter(MONITOR, timings.nodeMonitorPeriod());
            }
        } else if (key.startsWith("node/")) {
            Node node = nodes.get("", key.substring(5));
            if (node == null) {
                health.remove(key.substring(5));
                return;
            }
            doNoScheduleTaintingPass(node);
            taintManager.nodeChanged(node);
        } else if (key.startsWith("pod/")) {
            taintManager.sync(key.substring(4));
        }
    }

    ResourceEventHandler<Node> nodeHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                queue.add("node/" + n.getMetadata().getName());
            }

            @Override
            public void onUpdate(Node old, Node cur) {
                queue.add("node/" + cur.getMetadata().getName());
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
                queue.add("node/" + n.getMetadata().getName());
            }
        };
    }

    // ---- health ----

    /**
     * Upstream's {@code monitorNodeHealth}: one pass over every node, then the zones' states, then
     * the NoExecute taints whose turn has come ({@link ZoneEviction}).
     */
    void monitorNodeHealth() {
        Map<String, int[]> zones = new java.util.HashMap<>();
        List<Node> observed = new ArrayList<>();
        for (Node node : nodes.list()) {
            try {
                Node o = monitor(node);
                observed.add(o);
                NodeCondition ready = condition(o, "Ready");
                int[] counts = zones.computeIfAbsent(ZoneEviction.zone(o), z -> new int[2]);
                counts[ready != null && "True".equals(ready.getStatus()) ? 0 : 1]++;
            } catch (KubernetesClientException e) {
                log.info("Could not update node {}: {}; next pass retries", node.getMetadata().getName(), e.getMessage());
            }
        }
        health.keySet().removeIf(name -> nodes.get("", name) == null);
        boolean wasAll = zoneEviction.allDisrupted();
        if (zoneEviction.handleDisruption(zones)) {
            if (!wasAll) log.info("Controller detected that all Nodes are not-Ready. Entering master disruption mode.");
            // Nobody is evicted for what looks like the control plane's own partition.
            for (Node n : observed) {
                if (Taints.has(n, Taints.NOT_READY, Taints.NO_EXECUTE) || Taints.has(n, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
                    removeNoExecute(n.getMetadata().getName());
                }
            }
            return;
        }
        if (wasAll) log.info("Controller detected that some Nodes are Ready. Exiting master disruption mode.");
        String now = Times.format(clock.instant());
        for (String name : zoneEviction.due()) {
            Node n = nodes.get("", name);
            NodeCondition ready = n == null ? null : condition(n, "Ready");
            if (ready == null || "True".equals(ready.getStatus())) continue;
            try {
                if ("False".equals(ready.getStatus())) swapNoExecute(n, Taints.UNREACHABLE, Taints.NOT_READY, now);
                else swapNoExecute(n, Taints.NOT_READY, Taints.UNREACHABLE, now);
            } catch (KubernetesClientException e) {
                zoneEviction.add(ZoneEviction.zone(n), name);
            }
        }
    }

    private void removeNoExecute(String name) {
        client.updateTaints(name, taints -> taints.stream().filter(t -> !(Taints.NO_EXECUTE.equals(t.getEffect())
                && (Taints.NOT_READY.equals(t.getKey()) || Taints.UNREACHABLE.equals(t.getKey())))).toList());
    }

    /** One node's health; answers the node as it now is. */
    private Node monitor(Node node) {
        String name = node.getMetadata().getName();
        NodeCondition before = condition(node, "Ready");
        String observedBefore = before == null ? null : before.getStatus();
        Node observed = tryUpdateNodeHealth(node);
        NodeCondition ready = condition(observed, "Ready");
        String status = ready == null ? "Unknown" : ready.getStatus();
        if (!"True".equals(status) && "True".equals(observedBefore)) {
            recorder.event(observed, EventRecorder.NORMAL, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
            for (Pod p : podsOn(name)) {
                if (Pods.isReady(p)) client.markPodNotReady(p);
            }
        }
        if (ready == null) return observed;
        String now = Times.format(clock.instant());
        switch (status) {
            case "False" -> taintOrQueue(observed, Taints.UNREACHABLE, Taints.NOT_READY, now);
            case "Unknown" -> taintOrQueue(observed, Taints.NOT_READY, Taints.UNREACHABLE, now);
            default -> {
                zoneEviction.remove(name);
                if (Taints.has(observed, Taints.NOT_READY, Taints.NO_EXECUTE) || Taints.has(observed, Taints.UNREACHABLE, Taints.NO_EXECUTE)) {
                    log.info("Node {} is ready again: removing its NoExecute taints", name);
                    removeNoExecute(name);
                }
            }
        }
        return observed;
    }

    /** A tainted node whose reason changed is re-tainted at once (upstream's swap); a new one waits its zone's turn. */
    private void taintOrQueue(Node node, String other, String wanted, String now) {
        if (Taints.has(node, wanted, Taints.NO_EXECUTE) && !Taints.has(node, other, Taints.NO_EXECUTE)) return;
        if (Taints.has(node, other, Taints.NO_EXECUTE)) {
            swapNoExecute(node, other, wanted, now);
            return;
        }
        zoneEviction.add(ZoneEviction.zone(node), node.getMetadata().getName());
    }

    /** Puts the NoExecute taint {@code add} on, taking {@code remove} off (upstream's {@code SwapNodeControllerTaint}). */
    private void swapNoExecute(Node node, String remove, String add, String now) {
        if (Taints.has(node, add, Taints.NO_EXECUTE) && !Taints.has(node, remove, Taints.NO_EXECUTE)) return;
        log.info("Node {}: tainting {}:NoExecute", node.getMetadata().getName(), add);
        client.updateTaints(node.getMetadata().getName(), taints -> {
            List<Taint> out = new ArrayList<>();
            for (Taint t : taints) {
                if (Taints.NO_EXECUTE.equals(t.getEffect()) && (remove.equals(t.getKey()) || add.equals(t.getKey()))) continue;
                out.add(t);
            }
            out.add(Taints.taint(add, Taints.NO_EXECUTE, now));
            return out;
        });
    }

    /**
     * Upstream's {@code tryUpdateNodeHealth}: when neither the Ready heartbeat nor the Lease has
     * moved for the grace period (the startup grace period for a node that never posted Ready),
     * the kubelet's conditions become Unknown. Answers the node as it now is.
     */
    Node tryUpdateNodeHealth(Node node) {
        String name = node.getMetadata().getName();
        Instant now = clock.instant();
        NodeCondition ready = condition(node, "Ready");
        Lease lease = leases.get(LEASE_NAMESPACE, name);
        String heartbeat = ready == null ? null : ready.getLastHeartbeatTime();
        String renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toString();
        Health h = health.get(name);
        if (h == null) {
            h = new Health();
            h.readyHeartbeat = heartbeat;
            h.leaseRenewTime = renew;
            h.probeTimestamp = now;
            health.put(name, h);
        } else {
            if (!Objects.equals(h.readyHeartbeat, heartbeat)) {
                h.readyHeartbeat = heartbeat;
                h.probeTimestamp = now;
            }
            if (renew != null && !renew.equals(h.leaseRenewTime)) {
                h.leaseRenewTime = renew;
                h.probeTimestamp = now;
            }
        }
        var grace = ready == null ? timings.nodeStartupGracePeriod() : timings.nodeMonitorGracePeriod();
        if (!now.isAfter(h.probeTimestamp.plus(grace))) return node;

        Node copy = Copies.deepCopy(node);
        if (copy.getStatus() == null) copy.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        List<NodeCondition> conditions = copy.getStatus().getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(copy.getStatus().getConditions());
        boolean changed = false;
        String t = Times.format(now);
        for (String type : KUBELET_CONDITIONS) {
            NodeCondition c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst().orElse(null);
            if (c == null) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason("NodeStatusNeverUpdated")
                        .withMessage("Kubelet never posted node status.").withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(t).build());
                changed = true;
            } else if (!"Unknown".equals(c.getStatus())) {
                c.setStatus("Unknown");
                c.setReason("NodeStatusUnknown");
                c.setMessage("Kubelet stopped posting node status.");
                c.setLastTransitionTime(t);
                changed = true;
            }
        }
        if (!changed) return node;
        copy.getStatus().setConditions(conditions);
        log.info("Node {} hasn't been updated for {}: its conditions are now Unknown", name, java.time.Duration.between(h.probeTimestamp, now));
        client.updateNodeStatus(copy);
        return copy;
    }

    // ---- NoSchedule taints ----

    /** Upstream's {@code doNoScheduleTaintingPass}. */
    void doNoScheduleTaintingPass(Node node) {
        List<String> want = Taints.wantedNoSchedule(node);
        List<String> have = Taints.of(node).stream().filter(t -> Taints.NO_SCHEDULE.equals(t.getEffect())
                && Taints.NO_SCHEDULE_KEYS.contains(t.getKey())).map(Taint::getKey).toList();
        if (new java.util.HashSet<>(want).equals(new java.util.HashSet<>(have))) return;
        client.updateTaints(node.getMetadata().getName(), taints -> {
            List<Taint> out = new ArrayList<>();
            for (Taint t : taints) {
                if (Taints.NO_SCHEDULE.equals(t.getEffect()) && Taints.NO_SCHEDULE_KEYS.contains(t.getKey()) && !want.contains(t.getKey())) continue;
                out.add(t);
            }
            for (String k : want) {
                if (out.stream().noneMatch(t -> k.equals(t.getKey()) && Taints.NO_SCHEDULE.equals(t.getEffect()))) {
                    out.add(Taints.taint(k, Taints.NO_SCHEDULE, null));
                }
            }
            return out;
        });
    }

    private List<Pod> podsOn(String node) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods.list()) if (node.equals(Pods.nodeName(p))) out.add(p);
        return out;
    }

    static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) return null;
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static String podKey(Pod p) {
        return Keys.of(p);
    }
}
