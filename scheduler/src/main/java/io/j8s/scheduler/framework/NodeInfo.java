package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node and what the scheduler knows runs on it: its pods (assumed ones included), their summed
 * requests, the host ports they hold, the images it has. The cache keeps one per node and changes
 * it in place; a scheduling cycle reads a {@link #copy} in the snapshot, which plugins never change
 * (preemption changes its own copies).
 *
 * <p>Every change takes a new {@link #generation()} from one global counter, so the cache can
 * copy into the snapshot only the nodes that changed since the last one.
 */
public final class NodeInfo {

    private static final AtomicLong GENERATION = new AtomicLong();

    private Node node;
    private List<PodInfo> pods = new ArrayList<>();
    private List<PodInfo> podsWithAffinity = new ArrayList<>();
    private List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private HostPortInfo usedPorts = new HostPortInfo();
    private Resource requested = new Resource();
    private Resource nonZeroRequested = new Resource();
    private Resource allocatable = new Resource();
    private Map<String, ImageStateSummary> imageStates = Map.of();
    private long generation = GENERATION.incrementAndGet();

    /** How much of an image a node has, and on how many nodes of the cluster it is. */
    public record ImageStateSummary(long size, int numNodes) {}

    public NodeInfo() {}

    /** A node info with pods, for tests and for what-ifs. */
    public static NodeInfo of(Node node, Pod... pods) {
        NodeInfo n = new NodeInfo();
        if (node != null) n.setNode(node);
        for (Pod p : pods) n.addPod(PodInfo.of(p));
        return n;
    }

    public static long nextGeneration() {
        return GENERATION.incrementAndGet();
    }

    public Node node() {
        return node;
    }

    /** The node's name, or null while the node object is gone but pods still name it. */
    public String name() {
        return node == null ? null : node.getMetadata().getName();
    }

    public List<PodInfo> pods() {
        return pods;
    }

    public List<PodInfo> podsWithAffinity() {
        return podsWithAffinity;
    }

    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    public HostPortInfo usedPorts() {
        return usedPorts;
    }

    /** The sum of the pods' requests. */
    public Resource requested() {
        return requested;
    }

    /** The sum of the pods' cpu and memory requests with 100m / 200 MiB for containers naming none. */
    public Resource nonZeroRequested() {
        return nonZeroRequested;
    }

    public Resource allocatable() {
        return allocatable;
    }

    public Map<String, ImageStateSummary> imageStates() {
        return imageStates;
    }

    public long generation() {
        return generation;
    }

    public void setNode(Node node) {
        this.node = node;
        Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        if (alloc == null || alloc.isEmpty()) alloc = node.getStatus() == null ? null : node.getStatus().getCapacity();
        this.allocatable = Resource.of(alloc);
        generation = nextGeneration();
    }

    public void removeNode() {
        node = null;
        generation = nextGeneration();
    }

    public void setImageStates(Map<String, ImageStateSummary> states) {
        this.imageStates = Map.copyOf(states);
        generation = nextGeneration();
    }

    public void addPod(PodInfo p) {
        pods.add(p);
        if (p.hasAffinity()) podsWithAffinity.add(p);
        if (p.hasRequiredAntiAffinity()) podsWithRequiredAntiAffinity.add(p);
        update(p, +1);
    }

    /** Removes the pod with {@code pod}'s UID; false if it was not here. */
    public boolean removePod(Pod pod) {
        String uid = Pods.uid(pod);
        for (int i = 0; i < pods.size(); i++) {
            PodInfo p = pods.get(i);
            if (Pods.uid(p.pod()).equals(uid)) {
                // the lists are swapped-removed: their order means nothing
                swapRemove(pods, i);
                podsWithAffinity.remove(p);
                podsWithRequiredAntiAffinity.remove(p);
                update(p, -1);
                return true;
            }
        }
        return false;
    }

    private static void swapRemove(List<PodInfo> l, int i) {
        int last = l.size() - 1;
        l.set(i, l.get(last));
        l.remove(last);
    }

    private void update(PodInfo p, int sign) {
        if (sign > 0) {
            requested.add(p.requests());
            nonZeroRequested.add(new Resource(p.nonZeroMilliCpu(), p.nonZeroMemory()));
            for (HostPortInfo.ProtocolPort port : HostPortInfo.hostPorts(p.pod())) usedPorts.add(port);
        } else {
            requested.subtract(p.requests());
            nonZeroRequested.subtract(new Resource(p.nonZeroMilliCpu(), p.nonZeroMemory()));
            for (HostPortInfo.ProtocolPort port : HostPortInfo.hostPorts(p.pod())) usedPorts.remove(port);
        }
        generation = nextGeneration();
    }

    /** A copy whose lists and sums can change without touching this one; pods and the node are shared (immutable). */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo();
        c.node = node;
        c.pods = new ArrayList<>(pods);
        c.podsWithAffinity = new ArrayList<>(podsWithAffinity);
        c.podsWithRequiredAntiAffinity = new ArrayList<>(podsWithRequiredAntiAffinity);
        c.usedPorts = usedPorts.copy();
        c.requested = requested.copy();
        c.nonZeroRequested = nonZeroRequested.copy();
        c.allocatable = allocatable.copy();
        c.imageStates = imageStates;
        c.generation = generation;
        return c;
    }

    /** Takes over {@code other}'s state (the snapshot updates its node infos in place, keeping list identities). */
    public void replaceWith(NodeInfo other) {
        node = other.node;
        pods = other.pods;
        podsWithAffinity = other.podsWithAffinity;
        podsWithRequiredAntiAffinity = other.podsWithRequiredAntiAffinity;
        usedPorts = other.usedPorts;
        requested = other.requested;
        nonZeroRequested = other.nonZeroRequested;
        allocatable = other.allocatable;
        imageStates = other.imageStates;
        generation = other.generation;
    }

    @Override
    public String toString() {
        return "NodeInfo{" + name() + ", pods=" + pods.size() + ", requested=" + requested + ", allocatable=" + allocatable + "}";
    }
}
