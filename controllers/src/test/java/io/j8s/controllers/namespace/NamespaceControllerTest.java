package io.j8s.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.j8s.api.ResourceType;
import io.j8s.controllers.FakeClock;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.RateLimiter;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceControllerTest {

    final FakeClock clock = new FakeClock();
    final WorkQueue queue = new WorkQueue(clock, new RateLimiter.ItemExponentialFailure(Duration.ofMillis(5), Duration.ofSeconds(1)));
    final StaticLister<Namespace> namespaces = new StaticLister<>();
    /** Content by resource ("pods", "configmaps"); what deleteAll leaves (graceful pods, finalizers) stays listed. */
    final Map<String, List<NamespaceController.Item>> content = new HashMap<>();
    final Map<String, List<NamespaceController.Item>> stays = new HashMap<>();
    final List<String> actions = new ArrayList<>();
    Namespace live;

    final NamespaceController.NamespaceClient client = new NamespaceController.NamespaceClient() {
        @Override
        public Namespace get(String name) {
            return live;
        }

        @Override
        public List<NamespaceController.Item> list(ResourceType type, String namespace) {
            return content.getOrDefault(type.groupResource(), List.of());
        }

        @Override
        public void deleteAll(ResourceType type, String namespace) {
            actions.add("delete all " + type.groupResource());
            content.put(type.groupResource(), stays.getOrDefault(type.groupResource(), List.of()));
        }

        @Override
        public void updateStatus(Namespace ns) {
            var conds = ns.getStatus().getConditions().stream().filter(c -> c.getStatus().equals("True"))
                    .map(c -> c.getType() + ": " + c.getMessage()).toList();
            actions.add("status " + ns.getStatus().getPhase() + " " + conds);
            live = ns;
        }

        @Override
        public void finalize(Namespace ns) {
            actions.add("finalize " + ns.getSpec().getFinalizers());
        }
    };

    NamespaceController controller() {
        return new NamespaceController(namespaces, client, queue, clock);
    }

    Namespace terminating() {
        return new NamespaceBuilder().withNewMetadata().withName("lab").withDeletionTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withFinalizers("kubernetes").endSpec().withNewStatus().withPhase("Terminating").endStatus().build();
    }

    @Test
    void anEmptiedNamespaceIsFinalized() {
        live = terminating();
        namespaces.put(live);
        content.put("configmaps", List.of(new NamespaceController.Item("a", null, 0)));
        content.put("replicasets.apps", List.of(new NamespaceController.Item("web", null, 0)));
        controller().sync("lab");
        assertThat(actions).containsExactly("delete all configmaps", "delete all replicasets.apps", "status Terminating []", "finalize []");
    }

    @Test
    void remainingContentIsReportedAndLookedAtAgainAfterHalfItsGracePeriod() {
        live = terminating();
        namespaces.put(live);
        var pod = new NamespaceController.Item("web-1", List.of("example.com/hold"), 30);
        content.put("pods", List.of(pod));
        stays.put("pods", List.of(pod));
        controller().sync("lab");
        assertThat(actions).containsExactly("delete all pods", "status Terminating [NamespaceContentRemaining: Some resources are remaining: "
                + "pods has 1 resource instances, NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: "
                + "example.com/hold in 1 resource instances]");
        clock.advance(Duration.ofSeconds(15));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).contains("lab");
    }

    @Test
    void anActiveNamespaceIsLeftAlone() {
        live = new NamespaceBuilder().withNewMetadata().withName("lab").endMetadata().build();
        namespaces.put(live);
        content.put("configmaps", List.of(new NamespaceController.Item("a", null, 0)));
        controller().sync("lab");
        assertThat(actions).isEmpty();
    }

    @Test
    void everyNamespacedKindButTheEventsViewIsDeleted() {
        var kinds = NamespaceController.deletable().stream().map(ResourceType::groupResource).toList();
        assertThat(kinds).contains("pods", "events", "replicasets.apps", "leases.coordination.k8s.io", "serviceaccounts")
                .doesNotContain("events.events.k8s.io", "nodes", "namespaces");
    }
}
