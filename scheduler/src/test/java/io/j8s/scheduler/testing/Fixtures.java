package io.j8s.scheduler.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.scheduler.cache.Snapshot;
import io.j8s.scheduler.config.Profile;
import io.j8s.scheduler.framework.ClusterLister;
import io.j8s.scheduler.framework.CycleState;
import io.j8s.scheduler.framework.EventRecorder;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.Parallelizer;
import io.j8s.scheduler.framework.runtime.Framework;
import io.j8s.scheduler.framework.runtime.Parts;
import io.j8s.scheduler.plugins.Registry;
import io.j8s.scheduler.queue.Nominator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Nodes, pods and frameworks for unit tests: small builders with the lab's defaults. */
public final class Fixtures {

    private Fixtures() {}

    /** A node with cpu, memory and 110 pods allocatable, and its hostname label. */
    public static Node node(String name, String cpu, String memory) {
        return node(name, cpu, memory, b -> b);
    }

    public static Node node(String name, String cpu, String memory, UnaryOperator<NodeBuilder> more) {
        Map<String, Quantity> alloc = new HashMap<>();
        if (cpu != null) alloc.put("cpu", new Quantity(cpu));
        if (memory != null) alloc.put("memory", new Quantity(memory));
        alloc.put("pods", new Quantity("110"));
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withAllocatable(alloc).withCapacity(alloc).endStatus();
        return more.apply(b).build();
    }

    /** A node with labels besides its hostname. */
    public static Node labelled(String name, Map<String, String> labels) {
        return node(name, "4", "8Gi", b -> b.editMetadata().addToLabels(labels).endMetadata());
    }

    /** A pod in "default" with one container, its uid derived from its name. */
    public static PodBuilder pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec();
    }

    public static Pod requesting(String name, String cpu, String memory) {
        Map<String, Quantity> req = new HashMap<>();
        if (cpu != null) req.put("cpu", new Quantity(cpu));
        if (memory != null) req.put("memory", new Quantity(memory));
        return pod(name).editSpec().editFirstContainer().withNewResources().withRequests(req).endResources().endContainer().endSpec().build();
    }

    /** The pod, bound to {@code node}. */
    public static Pod on(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    public static Pod withLabels(Pod pod, Map<String, String> labels) {
        return new PodBuilder(pod).editMetadata().addToLabels(labels).endMetadata().build();
    }

    public static Pod withPriority(Pod pod, int priority) {
        return new PodBuilder(pod).editSpec().withPriority(priority).endSpec().build();
    }

    public static String uid() {
        return UUID.randomUUID().toString();
    }

    /** Node infos of these nodes with the pods bound to each. */
    public static List<NodeInfo> nodeInfos(List<Node> nodes, List<Pod> pods) {
        List<NodeInfo> out = new ArrayList<>();
        for (Node n : nodes) {
            NodeInfo info = NodeInfo.of(n);
            for (Pod p : pods) {
                if (n.getMetadata().getName().equals(p.getSpec().getNodeName())) info.addPod(io.j8s.scheduler.framework.PodInfo.of(p));
            }
            out.add(info);
        }
        return out;
    }

    /** A framework of {@code profile} over {@code nodes}, with fake effects. */
    public static Framework framework(Profile profile, List<NodeInfo> nodes, ClusterLister lister, RecordingPodActions actions,
                                      Nominator nominator) {
        Parts parts = new Parts(Snapshot.of(nodes), lister, actions, name -> EventRecorder.DISCARD, nominator, new Parallelizer(2),
                Clock.systemUTC());
        return Framework.create(profile, Registry.inTree(), parts);
    }

    public static Framework framework(List<NodeInfo> nodes) {
        return framework(Profile.defaults("default-scheduler"), nodes, ClusterLister.EMPTY, new RecordingPodActions(), new Nominator());
    }

    /** The handle (framework) of the default profile over {@code nodes}; plugins under test get it. */
    public static CycleState state() {
        return new CycleState();
    }
}
