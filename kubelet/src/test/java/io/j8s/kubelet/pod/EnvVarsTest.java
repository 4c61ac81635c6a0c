package io.j8s.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvVarsTest {

    record Case(String input, String want) {}

    static Stream<Case> expansions() {
        return Stream.of(new Case("$(A)-$(B)", "1-2"), new Case("$$(A)", "$(A)"), new Case("$(MISSING)", "$(MISSING)"),
                new Case("no vars", "no vars"), new Case("$(A", "$(A"), new Case("$", "$"));
    }

    @ParameterizedTest
    @MethodSource("expansions")
    void expandsAsUpstream(Case c) {
        assertThat(EnvVars.expand(c.input(), Map.of("A", "1", "B", "2"))).isEqualTo(c.want());
    }

    @Test
    void envFromThenEnvThenServiceLinks() throws Exception {
        PodFixture f = new PodFixture();
        f.configMaps.put("default/app", new ConfigMapBuilder().addToData("MODE", "fast").addToData("bad-name!", "x").build());
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("u1").addToLabels("app", "web")
                .endMetadata().withNewSpec().withNodeName("node-1").addNewContainer().withName("main").withImage("busybox")
                .addNewEnvFrom().withNewConfigMapRef().withName("app").endConfigMapRef().withPrefix("CFG_").endEnvFrom()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hi $(POD) in $(CFG_MODE)").endEnv()
                .addNewEnv().withName("CPUS").withNewValueFrom().withNewResourceFieldRef().withResource("limits.cpu").endResourceFieldRef()
                .endValueFrom().endEnv()
                .endContainer().endSpec().build();
        var objects = new PodObjects() {
            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String ns, String name) {
                return f.objects.configMap(ns, name);
            }

            @Override
            public java.util.Optional<io.fabric8.kubernetes.api.model.Secret> secret(String ns, String name) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.List<io.fabric8.kubernetes.api.model.Service> services(String ns) {
                return java.util.List.of(new ServiceBuilder().withNewMetadata().withName(ns.equals("default") ? "web-service" : "x")
                        .endMetadata().withNewSpec().withClusterIP("10.96.0.5").addNewPort().withName("http").withPort(80).withProtocol("TCP")
                        .endPort().endSpec().build());
            }

            @Override
            public Map<String, String> nodeAllocatable() {
                return Map.of("cpu", "2");
            }
        };
        Map<String, String> env = EnvVars.of(pod, pod.getSpec().getContainers().getFirst(), "10.244.0.7", "10.250.0.11", objects);
        assertThat(env).containsEntry("CFG_MODE", "fast").doesNotContainKey("CFG_bad-name!")
                .containsEntry("POD", "web").containsEntry("IP", "10.244.0.7").containsEntry("APP", "web")
                .containsEntry("GREETING", "hi web in fast").containsEntry("CPUS", "2")
                .containsEntry("WEB_SERVICE_SERVICE_HOST", "10.96.0.5").containsEntry("WEB_SERVICE_SERVICE_PORT", "80")
                .containsEntry("WEB_SERVICE_SERVICE_PORT_HTTP", "80").containsEntry("WEB_SERVICE_PORT", "tcp://10.96.0.5:80")
                .containsEntry("WEB_SERVICE_PORT_80_TCP_ADDR", "10.96.0.5");
    }
}
