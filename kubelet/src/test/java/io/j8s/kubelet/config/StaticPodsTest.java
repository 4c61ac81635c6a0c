package io.j8s.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.FakeTimers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPodsTest {

    @TempDir
    Path dir;

    final List<String> changes = new CopyOnWriteArrayList<>();
    final FakeTimers timers = new FakeTimers();

    StaticPods source() {
        return new StaticPods(dir, "node-2", timers, Duration.ofSeconds(20), new StaticPods.Listener() {
            @Override
            public void added(Pod pod) {
                changes.add("+" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }

            @Override
            public void removed(Pod pod) {
                changes.add("-" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
            }
        });
    }

    static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: static-web
            spec:
              containers:
              - name: main
                image: busybox
                command: ["busybox", "sleep", "3600"]
            """;

    @Test
    void manifestsArePodsOfThisNodeNamedAfterIt() throws Exception {
        Files.writeString(dir.resolve("web.yaml"), WEB);
        Files.writeString(dir.resolve("notes.txt"), "not a manifest");
        var source = source();
        source.scan();
        assertThat(changes).containsExactly("+default/static-web-node-2");
        Pod pod = source.pods().getFirst();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-2");
        assertThat(pod.getSpec().getRestartPolicy()).as("upstream's defaults").isEqualTo("Always");
        assertThat(pod.getSpec().getContainers().getFirst().getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("kubernetes.io/config.source", "file")
                .containsEntry("kubernetes.io/config.hash", pod.getMetadata().getUid());
        assertThat(pod.getSpec().getTolerations()).anyMatch(t -> "Exists".equals(t.getOperator()) && "NoExecute".equals(t.getEffect()));
    }

    @Test
    void anEditedManifestIsANewPodAndARemovedOneGoes() throws Exception {
        Files.writeString(dir.resolve("web.yaml"), WEB);
        var source = source();
        source.scan();
        String uid = source.pods().getFirst().getMetadata().getUid();
        Files.writeString(dir.resolve("web.yaml"), WEB.replace("3600", "60"));
        source.scan();
        assertThat(source.pods().getFirst().getMetadata().getUid()).isNotEqualTo(uid);
        Files.delete(dir.resolve("web.yaml"));
        source.scan();
        assertThat(changes).containsExactly("+default/static-web-node-2", "-default/static-web-node-2", "+default/static-web-node-2",
                "-default/static-web-node-2");
    }

    @Test
    void aManifestBeingRewrittenIsNotARemoval() throws Exception {
        Files.writeString(dir.resolve("web.yaml"), WEB);
        var source = source();
        source.scan();
        Files.writeString(dir.resolve("web.yaml"), "");
        source.scan();
        Files.writeString(dir.resolve("web.yaml"), "kind: Pod\nmetadata: {name: [");
        source.scan();
        Files.writeString(dir.resolve("web.yaml"), WEB);
        source.scan();
        assertThat(changes).containsExactly("+default/static-web-node-2");
    }

    @Test
    void theDirectoryIsReadAgainEveryCheckPeriod() throws Exception {
        var source = source().start();
        try {
            Files.writeString(dir.resolve("web.yaml"), WEB);
            timers.advance(Duration.ofSeconds(20));
            assertThat(changes).contains("+default/static-web-node-2");
        } finally {
            source.close();
        }
    }
}
