package io.j8s.api.table;

import static io.j8s.api.table.Fields.at;
import static io.j8s.api.table.Fields.bool;
import static io.j8s.api.table.Fields.list;
import static io.j8s.api.table.Fields.num;
import static io.j8s.api.table.Fields.present;
import static io.j8s.api.table.Fields.str;
import static io.j8s.api.table.Fields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pods, as upstream's {@code printPod}: STATUS is the most telling thing about the pod, read in
 * upstream's order (phase or status reason, scheduling gates, the first unfinished init
 * container, then the containers with the first one winning, then deletion), and RESTARTS says
 * when the last restart was.
 */
final class PodPrinter {

    private PodPrinter() {}

    static Map<String, Printer> all() {
        return Map.of("/Pod", new Printer(List.of(
                Column.NAME,
                Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                Column.string("Status", "The aggregate status of the containers in this pod."),
                Column.string("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                Column.AGE,
                Column.wide("IP", Docs.POD_STATUS_POD_IP),
                Column.wide("Node", Docs.POD_SPEC_NODE_NAME),
                Column.wide("Nominated Node", Docs.POD_STATUS_NOMINATED_NODE_NAME),
                Column.wide("Readiness Gates", Docs.POD_SPEC_READINESS_GATES)),
                PodPrinter::row));
    }

    private static final List<Row.Condition> SUCCEEDED =
            List.of(new Row.Condition("Completed", "True", "Succeeded", "The pod has completed successfully."));
    private static final List<Row.Condition> FAILED =
            List.of(new Row.Condition("Completed", "True", "Failed", "The pod failed."));

    /** The latest of the restarts seen so far: the last termination time of a container. */
    private static final class LastRestart {
        private Instant at;

        void see(JsonNode containerStatus) {
            // Only a recorded last termination counts; its finishedAt may still be the zero time.
            if (present(containerStatus, "lastState", "terminated")) {
                Optional<Instant> finished = time(containerStatus, "lastState", "terminated", "finishedAt");
                if (finished.isPresent() && (at == null || at.isBefore(finished.get()))) {
                    at = finished.get();
                }
            }
        }
    }

    static Row row(JsonNode pod, Instant now) {
        JsonNode spec = at(pod, "spec");
        JsonNode status = at(pod, "status");
        int restarts = 0;
        int restartableInitRestarts = 0;
        int total = list(spec, "containers").size();
        int ready = 0;
        LastRestart lastRestart = new LastRestart();
        LastRestart lastRestartableInitRestart = new LastRestart();

        String phase = str(status, "phase");
        String reason = str(status, "reason").isEmpty() ? phase : str(status, "reason");
        for (JsonNode c : list(status, "conditions")) {
            if (str(c, "type").equals("PodScheduled") && str(c, "reason").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }
        List<Row.Condition> conditions = switch (phase) {
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> List.of();
        };

        Map<String, JsonNode> initContainers = new HashMap<>();
        List<JsonNode> initSpecs = list(spec, "initContainers");
        for (JsonNode c : initSpecs) {
            initContainers.put(str(c, "name"), c);
            if (restartable(c)) {
                total++; // sidecars count as containers of the running pod
            }
        }

        boolean initializing = false;
        List<JsonNode> initStatuses = list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            restarts += (int) num(c, "restartCount");
            lastRestart.see(c);
            boolean sidecar = restartable(initContainers.get(str(c, "name")));
            if (sidecar) {
                restartableInitRestarts += (int) num(c, "restartCount");
                lastRestartableInitRestart.see(c);
            }
            JsonNode terminated = at(c, "state", "terminated");
            JsonNode waiting = at(c, "state", "waiting");
            if (!terminated.isMissingNode() && num(terminated, "exitCode") == 0) {
                continue;
            }
            if (sidecar && bool(c, "started")) {
                if (bool(c, "ready")) {
                    ready++;
                }
                continue;
            }
            if (!terminated.isMissingNode()) {
                // the init container failed
                reason = str(terminated, "reason").isEmpty()
                        ? num(terminated, "signal") != 0 ? "Init:Signal:" + num(terminated, "signal") : "Init:ExitCode:" + num(terminated, "exitCode")
                        : "Init:" + str(terminated, "reason");
            } else if (!waiting.isMissingNode() && !str(waiting, "reason").isEmpty() && !str(waiting, "reason").equals("PodInitializing")) {
                reason = "Init:" + str(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || conditionTrue(status, "Initialized")) {
            // Past initialization only sidecars' restarts count among the init containers'.
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = list(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += (int) num(c, "restartCount");
                lastRestart.see(c);
                JsonNode terminated = at(c, "state", "terminated");
                JsonNode waiting = at(c, "state", "waiting");
                if (!waiting.isMissingNode() && !str(waiting, "reason").isEmpty()) {
                    reason = str(waiting, "reason");
                } else if (!terminated.isMissingNode() && !str(terminated, "reason").isEmpty()) {
                    reason = str(terminated, "reason");
                } else if (!terminated.isMissingNode()) {
                    reason = num(terminated, "signal") != 0 ? "Signal:" + num(terminated, "signal") : "ExitCode:" + num(terminated, "exitCode");
                } else if (bool(c, "ready") && present(c, "state", "running")) {
                    hasRunning = true;
                    ready++;
                }
            }
            // A container that completed while another still runs does not make the pod Completed.
            if (reason.equals("Completed") && hasRunning) {
                reason = anyConditionTrue(status, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = present(pod, "metadata", "deletionTimestamp");
        if (deleting && str(status, "reason").equals("NodeLost")) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Failed") && !phase.equals("Succeeded")) {
            reason = "Terminating";
        }

        String restartsCell = restarts != 0 && lastRestart.at != null
                ? restarts + " (" + HumanDuration.since(Optional.of(lastRestart.at), now) + " ago)"
                : String.valueOf(restarts);

        // Upstream reads the internal podIPs, which conversion from v1 fills from podIP when
        // podIP is set (it is authoritative, for older kubelets).
        List<JsonNode> podIPs = list(status, "podIPs");
        String podIP = !str(status, "podIP").isEmpty() ? str(status, "podIP") : podIPs.isEmpty() ? "" : str(podIPs.getFirst(), "ip");
        return new Row(List.of(
                Fields.name(pod), ready + "/" + total, reason, restartsCell, Fields.age(pod, now),
                orNone(podIP), orNone(str(spec, "nodeName")), orNone(str(status, "nominatedNodeName")),
                readinessGates(spec, status)), conditions);
    }

    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = list(spec, "readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            for (JsonNode c : list(status, "conditions")) {
                if (str(c, "type").equals(str(gate, "conditionType"))) {
                    if (str(c, "status").equals("True")) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }

    /** A sidecar: an init container with {@code restartPolicy: Always}. */
    private static boolean restartable(JsonNode initContainer) {
        return initContainer != null && str(initContainer, "restartPolicy").equals("Always");
    }

    /** Whether the pod condition of this type is True; only the first of a type counts. */
    private static boolean conditionTrue(JsonNode status, String type) {
        for (JsonNode c : list(status, "conditions")) {
            if (str(c, "type").equals(type)) {
                return str(c, "status").equals("True");
            }
        }
        return false;
    }

    /** upstream's {@code hasPodReadyCondition}: any condition of this type that is True. */
    private static boolean anyConditionTrue(JsonNode status, String type) {
        return list(status, "conditions").stream().anyMatch(c -> str(c, "type").equals(type) && str(c, "status").equals("True"));
    }

    static String orNone(String s) {
        return s.isEmpty() ? "<none>" : s;
    }
}
