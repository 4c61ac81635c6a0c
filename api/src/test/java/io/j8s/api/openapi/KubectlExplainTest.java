package io.j8s.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.BuiltinResources;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl explain} on the documents, served from a throwaway loopback server, for each
 * kubectl release at hand: 1.29 and later read /openapi/v3, 1.27 and 1.28 the protobuf of
 * /openapi/v2. Skipped where no kubectl is installed.
 */
class KubectlExplainTest {

    @TempDir
    Path dir;

    record Case(String name, String field, List<String> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("deployment spec", "deployment.spec", List.of("KIND:", "Deployment", "replicas", "<integer>",
                    "template", "<PodTemplateSpec>", "The number of pods to run")),
            new Case("pod containers", "pods.spec.containers", List.of("containers", "[]Container", "image",
                    "<string>", "ports", "<[]ContainerPort>")),
            new Case("cluster-scoped node status", "nodes.status", List.of("capacity", "<map[string]Quantity>", "conditions")),
            new Case("short name and group", "cj.spec.jobTemplate", List.of("CronJob", "batch", "spec", "<JobSpec>")),
            new Case("rbac rules", "clusterroles.rules", List.of("verbs", "<[]string>", "apiGroups")));

    static Stream<Arguments> cases() {
        List<String> kubectls = Kubectl.installed();
        if (kubectls.isEmpty()) kubectls = java.util.Arrays.asList((String) null);
        return kubectls.stream().flatMap(k -> CASES.stream().map(c -> Arguments.of(k, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void explains(String binary, Case c) throws Exception {
        try (FakeApiServer server = new FakeApiServer(BuiltinResources.all())) {
            Kubectl.Result r = new Kubectl(binary, dir, server).run("explain", c.field());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as(r.err()).contains(c.want());
        }
    }
}
