package io.j8s.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.util.List;

/**
 * The workloads of upstream's scheduler_perf (test/integration/scheduler_perf/config/
 * performance-config.yaml), as node and pod templates: what the nodes are labelled with, what
 * the existing ("init") pods and the measured pods ask for.
 */
enum SchedulerWorkload {

    /** Plain pods (100m cpu, 500Mi) on plain nodes. */
    SchedulingBasic,
    /** Every node in zone1; the pods require zone1 or zone2 by node affinity. */
    SchedulingNodeAffinity,
    /** Pods labelled color=green that refuse, by hostname, a node with another green pod (init and measured alike). */
    PodAntiAffinity,
    /** Nodes in three zones; the measured pods spread over zones with maxSkew 5 (DoNotSchedule). */
    TopologySpreading;

    static final String INIT_NAMESPACE = "sched-0";
    static final String MEASURED_NAMESPACE = "sched-1";
    static final List<String> ZONES = List.of("moon-1", "moon-2", "moon-3");

    /** upstream's node-default.yaml: 4 cpu, 32Gi, 110 pods; plus the workload's labels. */
    ObjectNode node(int i) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode labels = n.putObject("metadata").put("name", "scheduler-perf-node-" + i).putObject("labels");
        labels.put("kubernetes.io/hostname", "scheduler-perf-node-" + i);
        switch (this) {
            case SchedulingNodeAffinity, PodAntiAffinity -> labels.put("topology.kubernetes.io/zone", "zone1");
            case TopologySpreading -> labels.put("topology.kubernetes.io/zone", ZONES.get(i % ZONES.size()));
            default -> { }
        }
        ObjectNode status = n.putObject("status");
        for (String f : List.of("capacity", "allocatable")) {
            status.putObject(f).put("cpu", "4").put("memory", "32Gi").put("pods", "110");
        }
        status.putArray("conditions").addObject().put("type", "Ready").put("status", "True");
        return n;
    }

    /** An existing pod: upstream's pod-default.yaml, or the anti-affinity template for that workload. */
    ObjectNode initPod(int i) {
        return this == PodAntiAffinity ? antiAffinityPod(INIT_NAMESPACE, "init-" + i) : defaultPod(INIT_NAMESPACE, "init-" + i);
    }

    ObjectNode measuredPod(int i) {
        String name = "pod-" + i;
        return switch (this) {
            case SchedulingBasic -> defaultPod(MEASURED_NAMESPACE, name);
            case SchedulingNodeAffinity -> {
                ObjectNode p = defaultPod(MEASURED_NAMESPACE, name);
                ObjectNode expr = ((ObjectNode) p.get("spec")).putObject("affinity").putObject("nodeAffinity")
                        .putObject("requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms").addObject()
                        .putArray("matchExpressions").addObject();
                expr.put("key", "topology.kubernetes.io/zone").put("operator", "In").putArray("values").add("zone1").add("zone2");
                yield p;
            }
            case PodAntiAffinity -> antiAffinityPod(MEASURED_NAMESPACE, name);
            case TopologySpreading -> {
                ObjectNode p = defaultPod(MEASURED_NAMESPACE, name);
                ((ObjectNode) p.get("metadata")).putObject("labels").put("foo", "bar");
                ObjectNode c = ((ObjectNode) p.get("spec")).putArray("topologySpreadConstraints").addObject();
                c.put("maxSkew", 5).put("topologyKey", "topology.kubernetes.io/zone").put("whenUnsatisfiable", "DoNotSchedule");
                c.putObject("labelSelector").putObject("matchLabels").put("foo", "bar");
                yield p;
            }
        };
    }

    /** upstream's pod-default.yaml: one pause container, 100m cpu and 500Mi requested and limited. */
    static ObjectNode defaultPod(String namespace, String name) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        p.putObject("metadata").put("name", name).put("namespace", namespace);
        ObjectNode c = p.putObject("spec").putArray("containers").addObject().put("name", "pause").put("image", "registry.k8s.io/pause:3.10");
        c.putArray("ports").addObject().put("containerPort", 80);
        ObjectNode resources = c.putObject("resources");
        resources.putObject("requests").put("cpu", "100m").put("memory", "500Mi");
        resources.putObject("limits").put("cpu", "100m").put("memory", "500Mi");
        return p;
    }

    /** upstream's pod-with-pod-anti-affinity.yaml. */
    static ObjectNode antiAffinityPod(String namespace, String name) {
        ObjectNode p = defaultPod(namespace, name);
        ((ObjectNode) p.get("metadata")).putObject("labels").put("color", "green").put("name", "test");
        ObjectNode term = ((ObjectNode) p.get("spec")).putObject("affinity").putObject("podAntiAffinity")
                .putArray("requiredDuringSchedulingIgnoredDuringExecution").addObject();
        term.putObject("labelSelector").putObject("matchLabels").put("color", "green");
        term.put("topologyKey", "kubernetes.io/hostname");
        ArrayNode ns = term.putArray("namespaces");
        ns.add(INIT_NAMESPACE).add(MEASURED_NAMESPACE);
        return p;
    }
}
