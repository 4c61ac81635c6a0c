package io.j8s.controllers.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePodsTest {

    static final Pod POD = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata().withNewSpec()
            .addToContainers(new ContainerBuilder().withName("c").withPorts(new ContainerPortBuilder().withName("http").withContainerPort(8080).build(),
                    new ContainerPortBuilder().withName("dns").withContainerPort(5353).withProtocol("UDP").build()).build())
            .addToInitContainers(new ContainerBuilder().withName("sidecar").withRestartPolicy("Always")
                    .withPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(9100).build()).build(),
                    new ContainerBuilder().withName("init").withPorts(new ContainerPortBuilder().withName("once").withContainerPort(7000).build()).build())
            .endSpec().build();

    record PortCase(String name, ServicePort port, OptionalInt want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ServicePort sp(IntOrString target, String protocol) {
        return new ServicePortBuilder().withPort(80).withTargetPort(target).withProtocol(protocol).build();
    }

    static Stream<PortCase> ports() {
        return Stream.of(
                new PortCase("a number as is", sp(new IntOrString(9000), "TCP"), OptionalInt.of(9000)),
                new PortCase("no targetPort: the port", sp(null, "TCP"), OptionalInt.of(80)),
                new PortCase("a name from the container", sp(new IntOrString("http"), "TCP"), OptionalInt.of(8080)),
                new PortCase("a name of another protocol does not match", sp(new IntOrString("http"), "UDP"), OptionalInt.empty()),
                new PortCase("a UDP name", sp(new IntOrString("dns"), "UDP"), OptionalInt.of(5353)),
                new PortCase("a sidecar's port", sp(new IntOrString("metrics"), "TCP"), OptionalInt.of(9100)),
                new PortCase("not a plain init container's", sp(new IntOrString("once"), "TCP"), OptionalInt.empty()),
                new PortCase("an unknown name", sp(new IntOrString("nope"), "TCP"), OptionalInt.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void findsPorts(PortCase c) {
        assertThat(ServicePods.findPort(POD, c.port())).isEqualTo(c.want());
    }

    record MemberCase(String name, String ip, String restartPolicy, String phase, boolean deleting, boolean includeTerminating, boolean want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<MemberCase> members() {
        return Stream.of(
                new MemberCase("running with an IP", "10.0.0.1", "Always", "Running", false, false, true),
                new MemberCase("no IP", null, "Always", "Running", false, false, false),
                new MemberCase("terminating", "10.0.0.1", "Always", "Running", true, false, false),
                new MemberCase("terminating, included", "10.0.0.1", "Always", "Running", true, true, true),
                new MemberCase("succeeded, never restarted", "10.0.0.1", "Never", "Succeeded", false, false, false),
                new MemberCase("failed, restarted on failure", "10.0.0.1", "OnFailure", "Failed", false, false, true),
                new MemberCase("succeeded, restarted on failure", "10.0.0.1", "OnFailure", "Succeeded", false, false, false),
                new MemberCase("failed, always restarted", "10.0.0.1", "Always", "Failed", false, false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("members")
    void decidesWhoBelongsInEndpoints(MemberCase c) {
        Pod p = new PodBuilder().withNewMetadata().withName("p").withDeletionTimestamp(c.deleting() ? "2025-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withRestartPolicy(c.restartPolicy()).endSpec().withNewStatus().withPodIP(c.ip()).withPhase(c.phase()).endStatus().build();
        assertThat(ServicePods.shouldPodBeInEndpoints(p, c.includeTerminating())).isEqualTo(c.want());
    }
}
