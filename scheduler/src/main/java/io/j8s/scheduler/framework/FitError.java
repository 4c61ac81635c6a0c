package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Why no node fits a pod, worded as upstream's FitError:
 * {@code 0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: database}, 2 Insufficient cpu. preemption: ...}
 * Reasons are counted over nodes and sorted as strings (count first), like upstream's histogram.
 */
public record FitError(Pod pod, int numAllNodes, NodeToStatus nodeToStatus, String preFilterMsg, String postFilterMsg,
                       Set<String> unschedulablePlugins) {

    public static final String NO_NODE_AVAILABLE_MSG = "0/%d nodes are available";

    public FitError {
        unschedulablePlugins = Set.copyOf(unschedulablePlugins);
        preFilterMsg = preFilterMsg == null ? "" : preFilterMsg;
        postFilterMsg = postFilterMsg == null ? "" : postFilterMsg;
    }

    public FitError withPostFilterMsg(String msg) {
        return new FitError(pod, numAllNodes, nodeToStatus, preFilterMsg, msg, unschedulablePlugins);
    }

    public String message() {
        StringBuilder b = new StringBuilder(String.format(NO_NODE_AVAILABLE_MSG, numAllNodes)).append(':');
        if (!preFilterMsg.isEmpty()) {
            b.append(' ').append(preFilterMsg).append('.');
        } else {
            Map<String, Integer> reasons = new HashMap<>();
            nodeToStatus.explicit().values().forEach(s -> s.reasons().forEach(r -> reasons.merge(r, 1, Integer::sum)));
            int absent = numAllNodes - nodeToStatus.size();
            if (absent > 0) {
                nodeToStatus.absentNodesStatus().reasons().forEach(r -> reasons.merge(r, absent, Integer::sum));
            }
            List<String> histogram = new ArrayList<>();
            reasons.forEach((reason, n) -> histogram.add(n + " " + reason));
            histogram.sort(null);
            if (!histogram.isEmpty()) b.append(' ').append(String.join(", ", histogram)).append('.');
        }
        // the PostFilter message ends its own sentence (upstream dropped the extra period)
        if (!postFilterMsg.isEmpty()) b.append(' ').append(postFilterMsg);
        return b.toString();
    }
}
