package io.j8s.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.controllers.ControllerManagerOptions;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.Fixtures;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodGcControllerTest {

    final FakeClock clock = new FakeClock();
    final StaticLister<Pod> pods = new StaticLister<>();
    final StaticLister<Node> nodes = new StaticLister<>();
    final Set<String> apiNodes = new HashSet<>();
    final List<String> deleted = new ArrayList<>();

    PodGcController controller(int threshold) {
        return new PodGcController(pods, nodes, new PodGcController.PodGcClient() {
            @Override
            public boolean nodeExists(String name) {
                return apiNodes.contains(name);
            }

            @Override
            public void forceDelete(String namespace, String name) {
                deleted.add(name);
                pods.remove(namespace, name);
            }
        }, new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1))), clock,
                new ControllerManagerOptions.PodGc(threshold, Duration.ofSeconds(20), Duration.ofSeconds(40)));
    }

    Pod pod(String name, String phase, String node, String created) {
        Pod p = new PodBuilder(Fixtures.pod(name, Map.of(), null, phase, false, node)).editMetadata().withCreationTimestamp(created)
                .endMetadata().build();
        pods.put(p);
        return p;
    }

    @Test
    void finishedPodsBeyondTheThresholdGoOldestFirst() {
        nodes.put(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build());
        pod("new", "Succeeded", "n1", "2025-01-01T00:03:00Z");
        pod("old", "Failed", "n1", "2025-01-01T00:01:00Z");
        pod("mid", "Succeeded", "n1", "2025-01-01T00:02:00Z");
        pod("running", "Running", "n1", "2025-01-01T00:00:00Z");
        controller(1).gc();
        assertThat(deleted).containsExactly("old", "mid");
    }

    @Test
    void podsOfANodeGoneForTheQuarantineAreDeletedOnceTheApiAgrees() {
        pod("orphan", "Running", "gone", "2025-01-01T00:00:00Z");
        pod("cached-late", "Running", "late", "2025-01-01T00:00:00Z");
        apiNodes.add("late");
        var gc = controller(0);
        gc.gc();
        clock.advance(Duration.ofSeconds(39));
        gc.gc();
        assertThat(deleted).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        gc.gc();
        assertThat(deleted).containsExactly("orphan");
    }

    @Test
    void unscheduledPodsBeingDeletedAreForced() {
        Pod p = pod("pending", "Pending", "", "2025-01-01T00:00:00Z");
        pods.put(new PodBuilder(p).editMetadata().withDeletionTimestamp("2025-01-01T00:01:00Z").endMetadata().build());
        controller(0).gc();
        assertThat(deleted).containsExactly("pending");
    }
}
