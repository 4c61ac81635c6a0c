package io.j8s.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.kubelet.FakeRuntime;
import io.j8s.kubelet.FakeTimers;
import io.j8s.kubelet.RecordingEvents;
import io.j8s.kubelet.pod.RuntimePod;
import io.j8s.runtime.ContainerConfig;
import io.j8s.runtime.PodSandboxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Probe workers on fake time: a failing exec liveness probe is reported and flips the verdict. */
class ProbeManagerTest {

    final FakeTimers timers = new FakeTimers();
    final FakeRuntime runtime = new FakeRuntime(timers.clock());
    final RecordingEvents events = new RecordingEvents();
    final List<String> changed = new CopyOnWriteArrayList<>();

    @Test
    void aFailingLivenessProbeIsUnhealthyThenFailsAfterTheThreshold() {
        Pod pod = new PodBuilder().withNewMetadata().withName("sick").withNamespace("default").withUid("u1").endMetadata()
                .withNewSpec().withContainers(new ContainerBuilder().withName("main").withImage("busybox").withCommand("busybox", "sleep", "9")
                        .withNewLivenessProbe().withNewExec().withCommand("busybox", "false").endExec().withPeriodSeconds(1)
                        .withFailureThreshold(2).endLivenessProbe().build()).endSpec().build();
        String sb = runtime.runPodSandbox(PodSandboxConfig.of(new PodSandboxConfig.Metadata("sick", "default", "u1", 0), Path.of("/tmp")))
                .orElseThrow();
        var cfg = ContainerConfig.of("main", "busybox", List.of("busybox", "sleep", "9")).withLabels(java.util.Map.of("io.kubernetes.pod.uid", "u1"));
        String id = runtime.createContainer(sb, cfg, null).orElseThrow();
        runtime.startContainer(id);
        runtime.exec.put("main", cmd -> new io.j8s.runtime.ExecResult("nope\n".getBytes(), null, 1, false));
        var manager = new ProbeManager(new DefaultProber(runtime), timers, events, changed::add);
        manager.update(pod, RuntimePod.read(runtime, "u1"));
        assertThat(manager.liveness(id)).isEqualTo(ProbeResults.Result.SUCCESS);
        timers.advance(Duration.ZERO);
        assertThat(manager.liveness(id)).isEqualTo(ProbeResults.Result.SUCCESS);
        assertThat(events.events).containsExactly("Warning Unhealthy Liveness probe failed: nope\n");
        timers.advance(Duration.ofSeconds(1));
        assertThat(manager.liveness(id)).isEqualTo(ProbeResults.Result.FAILURE);
        assertThat(changed).containsExactly("u1");
        assertThat(runtime.calls("exec")).hasSize(2);
        timers.advance(Duration.ofSeconds(5));
        assertThat(runtime.calls("exec")).as("held after the failure").hasSize(2);
        manager.remove("u1");
        assertThat(manager.liveness(id)).isEqualTo(ProbeResults.Result.SUCCESS);
    }

    @Test
    void tcpAndHttpProbesReachALocalServer() throws Exception {
        try (var server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            assertThat(DefaultProber.tcp("127.0.0.1", port, Duration.ofSeconds(1)).result()).isEqualTo(ProbeResults.Result.SUCCESS);
        }
        var closed = DefaultProber.tcp("127.0.0.1", 1, Duration.ofSeconds(1));
        assertThat(closed.result()).isEqualTo(ProbeResults.Result.FAILURE);
        assertThat(closed.output()).isEqualTo("dial tcp 127.0.0.1:1: connect: connection refused");
        var http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        AtomicBoolean healthy = new AtomicBoolean(true);
        http.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(healthy.get() ? 200 : 500, -1);
            ex.close();
        });
        http.start();
        try {
            var prober = new DefaultProber(runtime);
            var c = new ContainerBuilder().withName("main").addNewPort().withName("web").withContainerPort(http.getAddress().getPort()).endPort().build();
            var action = new io.fabric8.kubernetes.api.model.HTTPGetActionBuilder().withPath("/healthz")
                    .withPort(new io.fabric8.kubernetes.api.model.IntOrString("web")).build();
            assertThat(prober.httpGet(c, "127.0.0.1", action, Duration.ofSeconds(2)).result()).isEqualTo(ProbeResults.Result.SUCCESS);
            healthy.set(false);
            assertThat(prober.httpGet(c, "127.0.0.1", action, Duration.ofSeconds(2)).output()).isEqualTo("HTTP probe failed with statuscode: 500");
        } finally {
            http.stop(0);
        }
    }
}
