package io.j8s.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.j8s.kubelet.FakeMachine;
import io.j8s.runtime.RuntimeStatus;
import io.j8s.runtime.VersionInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeStatusMakerTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final NodeConfig CONFIG = new NodeConfig("node-1", "10.250.0.11", 10250, 110, Map.of("cpu", "500m", "memory", "1Gi"),
            Map.of("memory", "512Mi"), Map.of(), List.of(), "v1.32.0");
    static final VersionInfo VERSION = new VersionInfo("0.1.0", "process", "0.1.0", "v1");

    static RuntimeStatus runtime(boolean runtimeReady, boolean networkReady) {
        return new RuntimeStatus(List.of(new RuntimeStatus.Condition(RuntimeStatus.RUNTIME_READY, runtimeReady, "", ""),
                new RuntimeStatus.Condition(RuntimeStatus.NETWORK_READY, networkReady, networkReady ? "" : "NoBridge", networkReady ? "" : "bridge down")));
    }

    static String condition(NodeStatus s, String type) {
        NodeCondition c = s.getConditions().stream().filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
        return c.getStatus() + " " + c.getReason() + ": " + c.getMessage();
    }

    record Case(String name, long memoryAvailable, RuntimeStatus runtime, String type, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> conditions() {
        return Stream.of(
                new Case("ready with a ready runtime", 6L << 30, runtime(true, true), "Ready", "True KubeletReady: kubelet is posting ready status"),
                new Case("not ready before the runtime", 6L << 30, null, "Ready",
                        "False KubeletNotReady: container runtime status check may not have completed yet"),
                new Case("not ready without the pod network", 6L << 30, runtime(true, false), "Ready",
                        "False KubeletNotReady: container runtime network not ready: NetworkReady=false reason:NoBridge message:bridge down"),
                new Case("memory pressure under 100Mi free", 50L << 20, runtime(true, true), "MemoryPressure",
                        "True KubeletHasInsufficientMemory: kubelet has insufficient memory available"),
                new Case("no memory pressure", 6L << 30, runtime(true, true), "MemoryPressure",
                        "False KubeletHasSufficientMemory: kubelet has sufficient memory available"),
                new Case("no disk pressure", 6L << 30, runtime(true, true), "DiskPressure",
                        "False KubeletHasNoDiskPressure: kubelet has no disk pressure"),
                new Case("no pid pressure", 6L << 30, runtime(true, true), "PIDPressure",
                        "False KubeletHasSufficientPID: kubelet has sufficient PID available"));
    }

    @ParameterizedTest
    @MethodSource("conditions")
    void conditionsSayWhatUpstreamSays(Case c) {
        var machine = new FakeMachine();
        machine.memoryAvailable = c.memoryAvailable();
        NodeStatus s = new NodeStatusMaker(CONFIG, machine).make(null, VERSION, c.runtime(), List.of(), T0);
        assertThat(condition(s, c.type())).isEqualTo(c.want());
    }

    @Test
    void allocatableIsCapacityLessReservedAndEvictionThresholds() {
        NodeStatus s = new NodeStatusMaker(CONFIG, new FakeMachine()).make(null, VERSION, runtime(true, true), List.of(), T0);
        assertThat(s.getCapacity().get("cpu").toString()).isEqualTo("4");
        assertThat(s.getAllocatable().get("cpu").toString()).isEqualTo("3500m");
        assertThat(s.getCapacity().get("memory").toString()).isEqualTo((8L << 20) + "Ki");
        assertThat(s.getAllocatable().get("memory").toString()).isEqualTo(((8L << 20) - 100 * 1024 - 1024 * 1024 - 512 * 1024) + "Ki");
        assertThat(s.getAllocatable().get("pods").toString()).isEqualTo("110");
        assertThat(s.getNodeInfo().getContainerRuntimeVersion()).isEqualTo("process://0.1.0");
        assertThat(s.getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItChanges() {
        var maker = new NodeStatusMaker(CONFIG, new FakeMachine());
        NodeStatus first = maker.make(null, VERSION, null, List.of(), T0);
        NodeStatus second = maker.make(first, VERSION, runtime(true, true), List.of(), T0.plusSeconds(10));
        NodeStatus third = maker.make(second, VERSION, runtime(true, true), List.of(), T0.plusSeconds(20));
        NodeCondition ready = third.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getLastTransitionTime()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(ready.getLastHeartbeatTime()).isEqualTo("2025-01-01T00:00:20Z");
    }

    @Test
    void taintsAreParsedAsTheFlagWritesThem() {
        var t = NodeAgent.parseTaint("dedicated=lab:NoSchedule");
        assertThat(t.getKey() + "|" + t.getValue() + "|" + t.getEffect()).isEqualTo("dedicated|lab|NoSchedule");
        var bare = NodeAgent.parseTaint("gpu:NoExecute");
        assertThat(bare.getValue()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeAgent.parseTaint("x=y:Sometimes"))
                .hasMessageContaining("invalid taint effect");
    }
}
