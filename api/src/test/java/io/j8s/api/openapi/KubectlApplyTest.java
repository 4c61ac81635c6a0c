package io.j8s.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.BuiltinResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What kubectl create and apply learn from the documents: that the server validates fields
 * itself (the fieldValidation parameter of PATCH; without it kubectl validates on the client
 * from /openapi/v2), and the merge keys it computes an apply patch with.
 */
class KubectlApplyTest {

    @TempDir
    Path dir;

    static Stream<String> kubectls() {
        List<String> k = Kubectl.installed();
        return k.isEmpty() ? Stream.of((String) null) : k.stream();
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: a
                    image: nginx:1
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void createLeavesFieldValidationToTheServer(String binary) throws Exception {
        try (FakeApiServer server = new FakeApiServer(BuiltinResources.all())) {
            Files.writeString(dir.resolve("d.yaml"), DEPLOYMENT);
            Kubectl.Result r = new Kubectl(binary, dir, server).run("create", "-f", dir.resolve("d.yaml").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(server.requests).as(r.err())
                    .anySatisfy(q -> {
                        assertThat(q.method()).isEqualTo("POST");
                        assertThat(q.path()).isEqualTo("/apis/apps/v1/namespaces/default/deployments");
                        assertThat(q.query()).contains("fieldValidation=Strict");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void applyMergesContainersByName(String binary) throws Exception {
        try (FakeApiServer server = new FakeApiServer(BuiltinResources.all())) {
            Kubectl kubectl = new Kubectl(binary, dir, server);
            Files.writeString(dir.resolve("d.yaml"), DEPLOYMENT);
            assertThat(kubectl.run("apply", "-f", dir.resolve("d.yaml").toString()).code()).isZero();
            Files.writeString(dir.resolve("d.yaml"), DEPLOYMENT.replace("nginx:1", "nginx:2") + """
                          - name: b
                            image: busybox
                    """);
            Kubectl.Result r = kubectl.run("apply", "-f", dir.resolve("d.yaml").toString());

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).doesNotContain("warning");
            FakeApiServer.Request patch = server.requests.stream().filter(q -> q.method().equals("PATCH")).findFirst().orElseThrow();
            assertThat(patch.contentType()).isEqualTo("application/strategic-merge-patch+json");
            assertThat(patch.query()).contains("fieldValidation=Strict");
            assertThat(patch.body()).contains("\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]");
        }
    }
}
