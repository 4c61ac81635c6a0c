package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.KubectlSmokeTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real kubectl: every patch type it sends, and label and field selectors on lists. */
class KubectlPatchAndSelectorTest {

    static TestServer server;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        kubeconfig = server.kubeconfig();
        Path f = server.dir.resolve("objects.yaml");
        Files.writeString(f, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web, tier: front}}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: main, image: busybox, env: [{name: A, value: "1"}, {name: B, value: "2"}]}
                      - {name: side, image: busybox}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one, labels: {app: web, tier: back}}
                data: {k: v}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: two, labels: {app: db}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: three}
                """);
        Run r = kubectl("apply", "-f", f.toString());
        assertThat(r.code()).as(r.out()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Run kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "-n", "default"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static String jsonpath(String object, String path) throws Exception {
        return kubectl("get", object, "-o", "jsonpath=" + path).out();
    }

    @Test
    void strategicMergePatchMergesContainersByName() throws Exception {
        Run r = kubectl("patch", "deployment", "web", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"env\":[{\"name\":\"B\",\"value\":\"20\"}]}]}}}}");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(jsonpath("deployment/web", "{.spec.template.spec.containers[*].name}")).isEqualTo("main side");
        assertThat(jsonpath("deployment/web", "{.spec.template.spec.containers[0].env[*].value}")).isEqualTo("1 20"); // items keep the live object's order
    }

    @Test
    void mergePatchReplacesListsAndDeletesWithNull() throws Exception {
        Run r = kubectl("patch", "configmap", "one", "--type=merge", "-p", "{\"data\":{\"k\":null,\"n\":\"new\"}}");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(jsonpath("configmap/one", "{.data}")).isEqualTo("{\"n\":\"new\"}");
    }

    @Test
    void jsonPatchAppliesOperationsAndRefusesAFailedTest() throws Exception {
        Run r = kubectl("patch", "configmap", "two", "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/data\",\"value\":{\"x\":\"1\"}},{\"op\":\"add\",\"path\":\"/metadata/labels/extra\",\"value\":\"yes\"}]");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(jsonpath("configmap/two", "{.data.x}/{.metadata.labels.extra}")).isEqualTo("1/yes");
        Run failed = kubectl("patch", "configmap", "two", "--type=json", "-p", "[{\"op\":\"test\",\"path\":\"/data/x\",\"value\":\"2\"}]");
        assertThat(failed.code()).isNotZero();
        assertThat(jsonpath("configmap/two", "{.data.x}")).isEqualTo("1");
    }

    @Test
    void scaleAndLabelAreTheirPatches() throws Exception {
        assertThat(kubectl("scale", "deployment", "web", "--replicas=3").code()).isZero();
        assertThat(jsonpath("deployment/web", "{.spec.replicas}")).isEqualTo("3");
        assertThat(kubectl("label", "configmap", "three", "color=blue").code()).isZero();
        assertThat(jsonpath("configmap/three", "{.metadata.labels.color}")).isEqualTo("blue");
        assertThat(kubectl("label", "configmap", "three", "color-").code()).isZero();
        assertThat(jsonpath("configmap/three", "{.metadata.labels}")).isEmpty();
    }

    @Test
    void labelSelectorsEqualityAndSetBased() throws Exception {
        assertThat(names("configmaps", "-l", "app=web")).isEqualTo("one");
        assertThat(names("configmaps", "-l", "app in (web,db)")).isEqualTo("one two");
        assertThat(names("configmaps", "-l", "app,app!=db")).isEqualTo("one");
        assertThat(names("configmaps", "-l", "!app")).contains("three").doesNotContain("one");
        Run bad = kubectl("get", "configmaps", "-l", "app in (web");
        assertThat(bad.code()).isNotZero();
    }

    @Test
    void fieldSelectors() throws Exception {
        assertThat(names("configmaps", "--field-selector", "metadata.name=two")).isEqualTo("two");
        assertThat(names("configmaps", "--field-selector", "metadata.name!=two,metadata.name!=kube-root-ca.crt"))
                .contains("one").contains("three").doesNotContain("two");
        Run bad = kubectl("get", "configmaps", "--field-selector", "data.k=v");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.out()).contains("\"data.k\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    private static String names(String resource, String... selector) throws Exception {
        List<String> args = new ArrayList<>(List.of("get", resource, "-o", "jsonpath={.items[*].metadata.name}"));
        args.addAll(List.of(selector));
        Run r = kubectl(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out()).isZero();
        return r.out().trim();
    }
}
