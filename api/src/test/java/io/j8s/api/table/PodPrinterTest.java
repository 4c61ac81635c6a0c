package io.j8s.api.table;

import static io.j8s.api.table.Tables.ago;
import static io.j8s.api.table.Tables.cells;
import static io.j8s.api.table.Tables.type;
import static io.j8s.api.table.Tables.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pods' READY, STATUS and RESTARTS as upstream's printPod computes them. */
class PodPrinterTest {

    private static final ResourceType PODS = type("", "pods");

    /** What a pod row says: the first four cells after the name, and the wide ones. */
    record Want(String ready, String status, String restarts, String ip, String node, String nominated, String gates) {
        static Want of(String ready, String status, String restarts) {
            return new Want(ready, status, restarts, "<none>", "<none>", "<none>", "<none>");
        }
    }

    record Case(String name, String spec, String status, String extraMetadata, Want want) {
        Case(String name, String spec, String status, Want want) {
            this(name, spec, status, "", want);
        }

        @Override
        public String toString() {
            return name;
        }

        ObjectNode pod() {
            return yaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: p
                      namespace: default
                      creationTimestamp: "%s"
                    %s
                    spec:
                    %s
                    status:
                    %s
                    """.formatted(ago("10m"), extraMetadata.indent(2), spec.indent(2), status.indent(2)));
        }
    }

    private static final String ONE_CONTAINER = """
            containers:
            - {name: app, image: busybox}
            """;

    static List<Case> cases() {
        return List.of(
                new Case("running and ready", ONE_CONTAINER + "nodeName: node-1", """
                        phase: Running
                        conditions:
                        - {type: Ready, status: "True"}
                        podIPs:
                        - {ip: 10.244.1.5}
                        - {ip: "fd00::5"}
                        containerStatuses:
                        - {name: app, ready: true, restartCount: 0, state: {running: {startedAt: "%s"}}}
                        """.formatted(ago("9m")),
                        new Want("1/1", "Running", "0", "10.244.1.5", "node-1", "<none>", "<none>")),
                new Case("an old kubelet's podIP alone", ONE_CONTAINER, """
                        phase: Running
                        podIP: 10.244.3.9
                        containerStatuses:
                        - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """,
                        new Want("1/1", "Running", "0", "10.244.3.9", "<none>", "<none>", "<none>")),
                new Case("crash-looping container shows the waiting reason and when it last died", ONE_CONTAINER, """
                        phase: Running
                        containerStatuses:
                        - name: app
                          ready: false
                          restartCount: 5
                          state: {waiting: {reason: CrashLoopBackOff, message: back-off 2m40s}}
                          lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: "%s"}}
                        """.formatted(ago("75s")),
                        Want.of("0/1", "CrashLoopBackOff", "5 (75s ago)")),
                new Case("restarts without a recorded termination have no time", ONE_CONTAINER, """
                        phase: Running
                        containerStatuses:
                        - {name: app, ready: true, restartCount: 2, state: {running: {}}}
                        """,
                        Want.of("1/1", "Running", "2")),
                new Case("creating", ONE_CONTAINER, """
                        phase: Pending
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
                        """,
                        Want.of("0/1", "ContainerCreating", "0")),
                new Case("image pull error", ONE_CONTAINER, """
                        phase: Pending
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: ErrImagePull}}}
                        """,
                        Want.of("0/1", "ErrImagePull", "0")),
                new Case("pending without statuses shows the phase", ONE_CONTAINER, "phase: Pending",
                        Want.of("0/1", "Pending", "0")),
                new Case("scheduling gated", ONE_CONTAINER, """
                        phase: Pending
                        conditions:
                        - {type: PodScheduled, status: "False", reason: SchedulingGated}
                        """,
                        Want.of("0/1", "SchedulingGated", "0")),
                new Case("second init container running", """
                        initContainers:
                        - {name: init-db, image: busybox}
                        - {name: init-cache, image: busybox}
                        """ + ONE_CONTAINER, """
                        phase: Pending
                        conditions:
                        - {type: Initialized, status: "False"}
                        initContainerStatuses:
                        - {name: init-db, ready: true, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        - {name: init-cache, ready: false, restartCount: 0, state: {running: {}}}
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
                        """,
                        Want.of("0/1", "Init:1/2", "0")),
                new Case("init container crash-looping", "initContainers:\n- {name: migrate, image: busybox}\n" + ONE_CONTAINER, """
                        phase: Pending
                        initContainerStatuses:
                        - name: migrate
                          ready: false
                          restartCount: 3
                          state: {waiting: {reason: CrashLoopBackOff}}
                          lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: "%s"}}
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}
                        """.formatted(ago("30s")),
                        Want.of("0/1", "Init:CrashLoopBackOff", "3 (30s ago)")),
                new Case("init container failed without a reason", "initContainers:\n- {name: migrate, image: busybox}\n" + ONE_CONTAINER, """
                        phase: Pending
                        initContainerStatuses:
                        - {name: migrate, ready: false, restartCount: 0, state: {terminated: {exitCode: 2}}}
                        """,
                        Want.of("0/1", "Init:ExitCode:2", "0")),
                new Case("init container killed by a signal", "initContainers:\n- {name: migrate, image: busybox}\n" + ONE_CONTAINER, """
                        phase: Pending
                        initContainerStatuses:
                        - {name: migrate, ready: false, restartCount: 0, state: {terminated: {exitCode: 137, signal: 9}}}
                        """,
                        Want.of("0/1", "Init:Signal:9", "0")),
                new Case("sidecar counts as a container and its restarts count", """
                        initContainers:
                        - {name: proxy, image: envoy, restartPolicy: Always}
                        """ + ONE_CONTAINER, """
                        phase: Running
                        conditions:
                        - {type: Initialized, status: "True"}
                        - {type: Ready, status: "True"}
                        initContainerStatuses:
                        - name: proxy
                          ready: true
                          started: true
                          restartCount: 2
                          state: {running: {}}
                          lastState: {terminated: {exitCode: 1, finishedAt: "%s"}}
                        containerStatuses:
                        - name: app
                          ready: true
                          restartCount: 1
                          state: {running: {}}
                          lastState: {terminated: {exitCode: 1, finishedAt: "%s"}}
                        """.formatted(ago("5m"), ago("8m")),
                        Want.of("2/2", "Running", "3 (5m ago)")),
                new Case("completed job pod", ONE_CONTAINER, """
                        phase: Succeeded
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        """,
                        Want.of("0/1", "Completed", "0")),
                new Case("out of memory", ONE_CONTAINER, """
                        phase: Running
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 1, state: {terminated: {exitCode: 137, reason: OOMKilled}}}
                        """,
                        Want.of("0/1", "OOMKilled", "1")),
                new Case("terminated by a signal without a reason", ONE_CONTAINER, """
                        phase: Running
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 143, signal: 15}}}
                        """,
                        Want.of("0/1", "Signal:15", "0")),
                new Case("the first container's state wins", """
                        containers:
                        - {name: a, image: busybox}
                        - {name: b, image: busybox}
                        """, """
                        phase: Running
                        containerStatuses:
                        - {name: a, ready: false, restartCount: 0, state: {waiting: {reason: ImagePullBackOff}}}
                        - {name: b, ready: false, restartCount: 0, state: {waiting: {reason: CrashLoopBackOff}}}
                        """,
                        Want.of("0/2", "ImagePullBackOff", "0")),
                new Case("one container done, one running, pod not ready", """
                        containers:
                        - {name: a, image: busybox}
                        - {name: b, image: busybox}
                        """, """
                        phase: Running
                        conditions:
                        - {type: Ready, status: "False"}
                        containerStatuses:
                        - {name: a, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        - {name: b, ready: true, restartCount: 0, state: {running: {}}}
                        """,
                        Want.of("1/2", "NotReady", "0")),
                new Case("one container done, one running, pod ready", """
                        containers:
                        - {name: a, image: busybox}
                        - {name: b, image: busybox}
                        """, """
                        phase: Running
                        conditions:
                        - {type: Ready, status: "True"}
                        containerStatuses:
                        - {name: a, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        - {name: b, ready: true, restartCount: 0, state: {running: {}}}
                        """,
                        Want.of("1/2", "Running", "0")),
                new Case("terminating", ONE_CONTAINER, """
                        phase: Running
                        containerStatuses:
                        - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """, "deletionTimestamp: \"" + ago("5s") + "\"",
                        Want.of("1/1", "Terminating", "0")),
                new Case("a finished pod being deleted keeps its status", ONE_CONTAINER, """
                        phase: Succeeded
                        containerStatuses:
                        - {name: app, ready: false, restartCount: 0, state: {terminated: {exitCode: 0, reason: Completed}}}
                        """, "deletionTimestamp: \"" + ago("5s") + "\"",
                        Want.of("0/1", "Completed", "0")),
                new Case("on a lost node", ONE_CONTAINER, """
                        phase: Running
                        reason: NodeLost
                        containerStatuses:
                        - {name: app, ready: true, restartCount: 0, state: {running: {}}}
                        """, "deletionTimestamp: \"" + ago("5s") + "\"",
                        Want.of("1/1", "Unknown", "0")),
                new Case("evicted", ONE_CONTAINER, """
                        phase: Failed
                        reason: Evicted
                        message: "The node was low on resource: memory."
                        """,
                        Want.of("0/1", "Evicted", "0")),
                new Case("readiness gates and a nominated node", ONE_CONTAINER + """
                        readinessGates:
                        - {conditionType: example.com/lb-ready}
                        - {conditionType: example.com/warm}
                        """, """
                        phase: Pending
                        nominatedNodeName: node-2
                        conditions:
                        - {type: example.com/lb-ready, status: "True"}
                        - {type: example.com/warm, status: "False"}
                        """,
                        new Want("0/1", "Pending", "0", "<none>", "<none>", "node-2", "1/2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsUpstreamCells(Case c) {
        Want w = c.want();
        assertThat(cells(PODS, c.pod()))
                .containsExactly("p", w.ready(), w.status(), w.restarts(), "10m", w.ip(), w.node(), w.nominated(), w.gates());
    }

    @Test
    void finishedPodsCarryTheCompletedCondition() {
        ObjectNode succeeded = cases().stream().filter(c -> c.name().equals("completed job pod")).findFirst().orElseThrow().pod();
        ObjectNode failed = cases().stream().filter(c -> c.name().equals("evicted")).findFirst().orElseThrow().pod();
        ObjectNode running = cases().getFirst().pod();

        JsonNode rows = Tables.PRINTER.table(PODS, List.of(succeeded, failed, running), TablePrinter.IncludeObject.NONE,
                TablePrinter.ListMeta.of("7")).get("rows");

        assertThat(rows.get(0).get("conditions").toString()).isEqualTo(
                "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}]");
        assertThat(rows.get(1).get("conditions").toString()).isEqualTo(
                "[{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Failed\",\"message\":\"The pod failed.\"}]");
        assertThat(rows.get(2).has("conditions")).isFalse();
    }
}
