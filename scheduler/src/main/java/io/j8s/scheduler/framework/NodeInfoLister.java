package io.j8s.scheduler.framework;

import java.util.List;

/** The nodes of the cycle's snapshot, read-only: what every plugin sees of the cluster. */
public interface NodeInfoLister {

    /** Every node, in the cache's zone-interleaved order. */
    List<NodeInfo> list();

    /** The nodes that run at least one pod with (anti-)affinity terms. */
    List<NodeInfo> havePodsWithAffinityList();

    /** The nodes that run at least one pod with required anti-affinity terms. */
    List<NodeInfo> havePodsWithRequiredAntiAffinityList();

    /** The node by name, or null. */
    NodeInfo get(String nodeName);
}
