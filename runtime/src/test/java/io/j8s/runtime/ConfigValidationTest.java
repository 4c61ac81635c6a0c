package io.j8s.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {
    static final PodSandboxConfig.Metadata POD = new PodSandboxConfig.Metadata("web", "default", "uid-1", 0);

    record Case(String name, Runnable build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invalid() {
        return Stream.of(
                new Case("empty pod name", () -> new PodSandboxConfig.Metadata("", "default", "u", 0)),
                new Case("negative attempt", () -> new PodSandboxConfig.Metadata("web", "default", "u", -1)),
                new Case("hostname with capitals", () -> new PodSandboxConfig(POD, "Web", Path.of("/l"), null, null, null, null, null)),
                new Case("relative cgroup parent", () -> new PodSandboxConfig.Linux("kubepods", null, null)),
                new Case("per-container network", () -> new PodSandboxConfig.NamespaceOptions(
                        PodSandboxConfig.NamespaceMode.CONTAINER, null, null)),
                new Case("port out of range", () -> new PodSandboxConfig.PortMapping(null, 70000, 0, null)),
                new Case("container name not a DNS label", () -> new ContainerConfig.Metadata("Main_1", 0)),
                new Case("relative working dir", () -> ContainerConfig.of("main", "busybox", List.of("true")).withWorkingDir("tmp")),
                new Case("env name with '='", () -> new ContainerConfig.KeyValue("A=B", "c")),
                new Case("relative mount path", () -> new ContainerConfig.Mount(Path.of("data"), Path.of("/h"), false, null)),
                new Case("absolute log path", () -> new ContainerConfig(new ContainerConfig.Metadata("main", 0),
                        ImageSpec.of("busybox"), List.of("true"), null, null, null, null, null, null, "/var/log/x.log",
                        false, false, false, null)),
                new Case("negative memory", () -> new LinuxResources(0, 0, 0, -1)),
                new Case("tiny cpu period", () -> new LinuxResources(10, 0, 0, 0)),
                new Case("empty image", () -> ImageSpec.of(" ")),
                new Case("exec without command", () -> ExecRequest.of(List.of())));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidConfigsAreRefusedWhenBuilt(Case c) {
        assertThatThrownBy(c.build()::run).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAreFilledIn() {
        PodSandboxConfig pod = PodSandboxConfig.of(POD, Path.of("/var/log/pods/default_web_uid-1"));
        ContainerConfig c = ContainerConfig.of("main", "busybox", List.of("busybox", "sleep", "1"));

        assertThat(pod.hostname()).isEqualTo("web");
        assertThat(pod.dnsConfig().isHost()).isTrue();
        assertThat(pod.linux().namespaceOptions()).isEqualTo(PodSandboxConfig.NamespaceOptions.POD);
        assertThat(c.logPath()).isEqualTo("main/0.log");
        assertThat(c.argv()).containsExactly("busybox", "sleep", "1");
        assertThat(c.resources().isEmpty()).isTrue();
    }

    @Test
    void theHostnameOfALongPodNameIsTruncatedAsTheKubeletDoes() {
        String name = "a".repeat(62) + "-b";

        assertThat(PodSandboxConfig.podHostname(name)).isEqualTo("a".repeat(62));
        assertThat(PodSandboxConfig.podHostname("web.v1")).isEqualTo("web.v1");
    }

    @Test
    void dnsConfigIsWrittenAsResolvConf() {
        var dns = new PodSandboxConfig.DnsConfig(List.of("10.96.0.10"), List.of("ns.svc.cluster.local"), List.of("ndots:5"));

        assertThat(dns.resolvConf()).isEqualTo("search ns.svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    }
}
