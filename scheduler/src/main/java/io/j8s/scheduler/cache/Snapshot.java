package io.j8s.scheduler.cache;

import io.j8s.scheduler.framework.NodeInfo;
import io.j8s.scheduler.framework.NodeInfoLister;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache as one scheduling cycle sees it: copies of the node infos, frozen for the cycle.
 * {@link Cache#updateSnapshot} brings it up to date in place, copying only nodes that changed.
 * Read by the scheduling thread and its parallel workers only.
 */
public final class Snapshot implements NodeInfoLister {

    final Map<String, NodeInfo> nodeInfoMap = new HashMap<>();
    List<NodeInfo> nodeInfoList = List.of();
    List<NodeInfo> havePodsWithAffinity = List.of();
    List<NodeInfo> havePodsWithRequiredAntiAffinity = List.of();
    long generation;

    public Snapshot() {}

    /** A snapshot of exactly these node infos, for tests of plugins. */
    public static Snapshot of(List<NodeInfo> nodes) {
        Snapshot s = new Snapshot();
        for (NodeInfo n : nodes) s.nodeInfoMap.put(n.name(), n);
        s.nodeInfoList = List.copyOf(nodes);
        s.rebuildAffinityLists();
        return s;
    }

    void rebuildAffinityLists() {
        List<NodeInfo> aff = new ArrayList<>();
        List<NodeInfo> anti = new ArrayList<>();
        for (NodeInfo n : nodeInfoList) {
            if (!n.podsWithAffinity().isEmpty()) aff.add(n);
            if (!n.podsWithRequiredAntiAffinity().isEmpty()) anti.add(n);
        }
        havePodsWithAffinity = aff;
        havePodsWithRequiredAntiAffinity = anti;
    }

    @Override
    public List<NodeInfo> list() {
        return nodeInfoList;
    }

    @Override
    public List<NodeInfo> havePodsWithAffinityList() {
        return havePodsWithAffinity;
    }

    @Override
    public List<NodeInfo> havePodsWithRequiredAntiAffinityList() {
        return havePodsWithRequiredAntiAffinity;
    }

    @Override
    public NodeInfo get(String nodeName) {
        return nodeInfoMap.get(nodeName);
    }

    public int numNodes() {
        return nodeInfoList.size();
    }
}
