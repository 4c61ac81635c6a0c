package io.j8s.scheduler.framework;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Filter status of each node that did not fit, and one status for the nodes not named (those
 * a PreFilter excluded, or all of them when PreFilter rejected the pod): upstream's NodeToStatus.
 */
public final class NodeToStatus {

    private final Map<String, Status> explicit = new HashMap<>();
    private Status absent = Status.unresolvable();

    public void set(String node, Status status) {
        explicit.put(node, status);
    }

    public Status get(String node) {
        Status s = explicit.get(node);
        return s != null ? s : absent;
    }

    public void setAbsentNodesStatus(Status status) {
        absent = status;
    }

    public Status absentNodesStatus() {
        return absent;
    }

    public Map<String, Status> explicit() {
        return explicit;
    }

    public int size() {
        return explicit.size();
    }

    /** The nodes of {@code all} whose status has {@code code}. */
    public List<NodeInfo> nodesWithCode(List<NodeInfo> all, Code code) {
        return all.stream().filter(n -> get(n.name()).code() == code).toList();
    }
}
