package io.j8s.scheduler.cache;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.PodInfo;
import io.j8s.scheduler.framework.Pods;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the scheduler believes runs where: nodes and the pods bound to them, fed by the informers,
 * plus the pods it has <em>assumed</em> onto a node but whose binding has not come back through the
 * watch yet, so the next cycle already counts them. Upstream's schedulerCache.
 *
 * <p>Pod life in the cache: {@link #assumePod} (scheduling cycle) → {@link #finishBinding}
 * (binding sent) → {@link #addPod} from the informer confirms it; or {@link #forgetPod} when
 * the binding fails. A pod's node may not be known yet (or any more): it then sits on a node info
 * without a node, which the snapshot leaves out.
 *
 * <p>One lock guards everything; informer threads and the scheduling thread take it briefly.
 */
public final class Cache {

    private record PodState(Pod pod, boolean bindingFinished) {}

    /** An image's size and the nodes that have it, for ImageLocality's spread factor. */
    private record ImageState(long size, Set<String> nodes) {}

    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Node infos in the order they last changed, most recent last (upstream keeps a linked list
     * with the same invariant): a snapshot update walks back from the end and stops at the first
     * node it already has, so a cycle costs what changed, not the cluster's size. Every change to
     * a node info goes through {@link #touch}.
     */
    private final java.util.LinkedHashMap<String, NodeInfo> nodes = new java.util.LinkedHashMap<>();
    private final NodeTree nodeTree = new NodeTree();
    private final Map<String, PodState> podStates = new HashMap<>();
    private final Set<String> assumedPods = new HashSet<>();
    private final Map<String, ImageState> images = new HashMap<>();

    /** Puts {@code pod} (its spec.nodeName set) on its node before it is bound. */
    public void assumePod(PodInfo pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod.pod());
            if (podStates.containsKey(uid)) throw new IllegalStateException("pod " + Pods.key(pod.pod()) + " is in the cache, so can't be assumed");
            addPodLocked(pod);
            podStates.put(uid, new PodState(pod.pod(), false));
            assumedPods.add(uid);
        } finally {
            lock.unlock();
        }
    }

    public void finishBinding(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            PodState s = podStates.get(uid);
            if (s != null && assumedPods.contains(uid)) podStates.put(uid, new PodState(s.pod(), true));
        } finally {
            lock.unlock();
        }
    }

    /** Takes an assumed pod back off its node (its binding failed). */
    public void forgetPod(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            PodState s = podStates.get(uid);
            if (s == null || !assumedPods.contains(uid)) return;
            removePodLocked(s.pod());
            podStates.remove(uid);
            assumedPods.remove(uid);
        } finally {
            lock.unlock();
        }
    }

    /** A bound pod seen by the informer; confirms it if it was assumed (perhaps onto another node). */
    public void addPod(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            PodState s = podStates.get(uid);
            if (s != null && assumedPods.contains(uid)) {
                removePodLocked(s.pod());
                addPodLocked(PodInfo.of(pod));
                assumedPods.remove(uid);
                podStates.put(uid, new PodState(pod, true));
            } else if (s == null) {
                addPodLocked(PodInfo.of(pod));
                podStates.put(uid, new PodState(pod, true));
            } else {
                // seen twice (an informer relist): take the newer object
                removePodLocked(s.pod());
                addPodLocked(PodInfo.of(pod));
                podStates.put(uid, new PodState(pod, true));
            }
        } finally {
            lock.unlock();
        }
    }

    public void updatePod(Pod oldPod, Pod newPod) {
        lock.lock();
        try {
            String uid = Pods.uid(newPod);
            PodState s = podStates.get(uid);
            if (s == null || assumedPods.contains(uid)) {
                // an update of a pod we never saw added, or still assumed: an add (the lock is reentrant)
                addPod(newPod);
                return;
            }
            removePodLocked(s.pod());
            addPodLocked(PodInfo.of(newPod));
            podStates.put(uid, new PodState(newPod, true));
        } finally {
            lock.unlock();
        }
    }

    public void removePod(Pod pod) {
        lock.lock();
        try {
            String uid = Pods.uid(pod);
            PodState s = podStates.remove(uid);
            assumedPods.remove(uid);
            if (s != null) removePodLocked(s.pod());
        } finally {
            lock.unlock();
        }
    }

    public boolean isAssumedPod(Pod pod) {
        lock.lock();
        try {
            return assumedPods.contains(Pods.uid(pod));
        } finally {
            lock.unlock();
        }
    }

    /** The cache's version of a pod (the assumed one while assumed), or null. */
    public Pod getPod(Pod pod) {
        lock.lock();
        try {
            PodState s = podStates.get(Pods.uid(pod));
            return s == null ? null : s.pod();
        } finally {
            lock.unlock();
        }
    }

    public void addNode(Node node) {
        lock.lock();
        try {
            String name = node.getMetadata().getName();
            NodeInfo info = touch(name);
            nodeTree.add(node);
            setImages(info, node);
            info.setNode(node);
        } finally {
            lock.unlock();
        }
    }

    public void updateNode(Node oldNode, Node newNode) {
        addNode(newNode);
    }

    /** Removes the node; its pods stay on a node-less info until they are deleted too. */
    public void removeNode(Node node) {
        lock.lock();
        try {
            String name = node.getMetadata().getName();
            if (!nodes.containsKey(name)) return;
            NodeInfo info = touch(name);
            nodeTree.remove(name);
            removeImages(name);
            if (info.pods().isEmpty()) {
                nodes.remove(name);
            } else {
                info.removeNode();
            }
        } finally {
            lock.unlock();
        }
    }

    public int nodeCount() {
        lock.lock();
        try {
            return nodeTree.size();
        } finally {
            lock.unlock();
        }
    }

    public int podCount() {
        lock.lock();
        try {
            return podStates.size();
        } finally {
            lock.unlock();
        }
    }

    public int assumedPodCount() {
        lock.lock();
        try {
            return assumedPods.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Brings {@code snapshot} up to date: copies in the node infos that changed since its last
     * update (by generation), drops removed nodes, and rebuilds its lists when a node came or went
     * or a node's pods with affinity changed.
     */
    public void updateSnapshot(Snapshot snapshot) {
        lock.lock();
        try {
            long since = snapshot.generation;
            long newest = since;
            boolean updateAll = false;
            boolean updateAffinity = false;
            int live = nodeTree.size();
            for (Map.Entry<String, NodeInfo> e : nodes.sequencedEntrySet().reversed()) {
                NodeInfo info = e.getValue();
                // generations only grow and the order is by last change: the rest is older
                if (info.generation() <= since) break;
                newest = Math.max(newest, info.generation());
                if (info.node() == null) continue;
                NodeInfo existing = snapshot.nodeInfoMap.get(e.getKey());
                if (existing == null) {
                    existing = new NodeInfo();
                    snapshot.nodeInfoMap.put(e.getKey(), existing);
                    updateAll = true;
                }
                NodeInfo clone = info.copy();
                if (existing.podsWithAffinity().isEmpty() != clone.podsWithAffinity().isEmpty()
                        || existing.podsWithRequiredAntiAffinity().isEmpty() != clone.podsWithRequiredAntiAffinity().isEmpty()) {
                    updateAffinity = true;
                }
                existing.replaceWith(clone);
            }
            if (snapshot.nodeInfoMap.size() > live) {
                snapshot.nodeInfoMap.keySet().removeIf(name -> {
                    NodeInfo n = nodes.get(name);
                    return n == null || n.node() == null;
                });
                updateAll = true;
            }
            snapshot.generation = newest;
            if (updateAll) {
                List<NodeInfo> list = new ArrayList<>(live);
                for (String name : nodeTree.list()) {
                    NodeInfo n = snapshot.nodeInfoMap.get(name);
                    if (n != null) list.add(n);
                }
                snapshot.nodeInfoList = list;
            }
            if (updateAll || updateAffinity) snapshot.rebuildAffinityLists();
        } finally {
            lock.unlock();
        }
    }

    /** The node's info, moved to the end of the change order, created if absent. */
    private NodeInfo touch(String node) {
        NodeInfo info = nodes.get(node);
        if (info == null) info = new NodeInfo();
        nodes.putLast(node, info);
        return info;
    }

    private void addPodLocked(PodInfo pod) {
        touch(Pods.nodeName(pod.pod())).addPod(pod);
    }

    private void removePodLocked(Pod pod) {
        String node = Pods.nodeName(pod);
        if (!nodes.containsKey(node)) return;
        NodeInfo info = touch(node);
        info.removePod(pod);
        if (info.pods().isEmpty() && info.node() == null) nodes.remove(node);
    }

    private void setImages(NodeInfo info, Node node) {
        String name = node.getMetadata().getName();
        removeImages(name);
        Map<String, NodeInfo.ImageStateSummary> summaries = new HashMap<>();
        List<ContainerImage> list = node.getStatus() == null || node.getStatus().getImages() == null ? List.of() : node.getStatus().getImages();
        for (ContainerImage image : list) {
            if (image.getNames() == null) continue;
            long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
            for (String n : image.getNames()) {
                ImageState s = images.computeIfAbsent(n, k -> new ImageState(size, new HashSet<>()));
                s.nodes().add(name);
                summaries.put(n, new NodeInfo.ImageStateSummary(size, s.nodes().size()));
            }
        }
        info.setImageStates(summaries);
    }

    private void removeImages(String node) {
        images.values().removeIf(s -> s.nodes().remove(node) && s.nodes().isEmpty());
    }
}
