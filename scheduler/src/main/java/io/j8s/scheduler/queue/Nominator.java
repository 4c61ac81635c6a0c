package io.j8s.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.PodNominator;
import io.j8s.scheduler.framework.Pods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pods preemption nominated to which node. Read on every Filter call from the parallel
 * workers, so reads take no lock: the per-node lists are copied on write.
 */
public final class Nominator implements PodNominator {

    private final Map<String, List<PodInfo>> byNode = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOfPod = new ConcurrentHashMap<>();

    private volatile int nominated;

    public Nominator() {}

    @Override
    public List<PodInfo> nominatedPodsForNode(String nodeName) {
        // read on every Filter call: a volatile count is cheaper than the map's own isEmpty
        if (nominated == 0) return List.of();
        List<PodInfo> l = byNode.get(nodeName);
        return l == null ? List.of() : l;
    }

    /** Nominates {@code pod} to {@code nodeName}, or to its status.nominatedNodeName when that is empty. */
    @Override
    public synchronized void addNominatedPod(PodInfo pod, String nodeName) {
        deleteNominatedPodIfExists(pod.pod());
        String node = nodeName == null || nodeName.isEmpty() ? Pods.nominatedNodeName(pod.pod()) : nodeName;
        if (node.isEmpty()) return;
        String uid = Pods.uid(pod.pod());
        nodeOfPod.put(uid, node);
        nominated = nodeOfPod.size();
        List<PodInfo> l = new ArrayList<>(byNode.getOrDefault(node, List.of()));
        l.add(pod);
        byNode.put(node, List.copyOf(l));
    }

    @Override
    public synchronized void deleteNominatedPodIfExists(Pod pod) {
        String uid = Pods.uid(pod);
        String node = nodeOfPod.remove(uid);
        if (node == null) return;
        nominated = nodeOfPod.size();
        List<PodInfo> l = new ArrayList<>(byNode.getOrDefault(node, List.of()));
        l.removeIf(p -> Pods.uid(p.pod()).equals(uid));
        if (l.isEmpty()) byNode.remove(node);
        else byNode.put(node, List.copyOf(l));
    }

    /** Keeps a nominated pod's newest object, and its nomination unless the update changed it. */
    synchronized void updateNominatedPod(Pod oldPod, PodInfo newPod) {
        String node = nodeOfPod.get(Pods.uid(newPod.pod()));
        // a nomination the scheduler made but has not written to status yet survives an update
        // that does not name a node itself
        if (node != null && Pods.nominatedNodeName(oldPod).isEmpty() && Pods.nominatedNodeName(newPod.pod()).isEmpty()) {
            addNominatedPod(newPod, node);
        } else {
            addNominatedPod(newPod, "");
        }
    }

    String nominatedNode(Pod pod) {
        return nodeOfPod.get(Pods.uid(pod));
    }
}
