package io.j8s.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One sync at a time against fake caches whose writes are fed back as an informer would. */
class EndpointSliceControllerTest {

    final StaticLister<Service> services = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final StaticLister<Node> nodes = StaticLister.of(new NodeBuilder().withNewMetadata().withName("n1")
            .withLabels(Map.of("topology.kubernetes.io/zone", "z1")).endMetadata().build());
    final StaticLister<EndpointSlice> slices = new StaticLister<>();
    final List<String> writes = new ArrayList<>();
    final AtomicLong rv = new AtomicLong(10);

    final EndpointSliceController.SliceClient client = new EndpointSliceController.SliceClient() {
        @Override
        public EndpointSlice create(EndpointSlice s) {
            EndpointSlice stored = Copies.deepCopy(s);
            stored.getMetadata().setName(s.getMetadata().getGenerateName() + writes.size());
            stored.getMetadata().setUid("uid-" + stored.getMetadata().getName());
            stored.getMetadata().setResourceVersion(Long.toString(rv.incrementAndGet()));
            writes.add("create " + stored.getEndpoints().size());
            slices.put(stored);
            return stored;
        }

        @Override
        public EndpointSlice update(EndpointSlice s) {
            EndpointSlice stored = Copies.deepCopy(s);
            stored.getMetadata().setResourceVersion(Long.toString(rv.incrementAndGet()));
            writes.add("update " + s.getMetadata().getName() + " " + s.getEndpoints().size());
            slices.put(stored);
            return stored;
        }

        @Override
        public void delete(String namespace, String name) {
            writes.add("delete " + name);
            slices.remove(namespace, name);
        }
    };

    final EndpointSliceController controller = new EndpointSliceController(services, pods, nodes, slices, client,
            WorkQueue.withDefaultRateLimiter(Clock.systemUTC()), 3, Duration.ZERO);

    static Pod pod(int i, boolean ready) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName("p" + i).withUid("u" + i).withLabels(Map.of("app", "web"))
                .endMetadata().withNewSpec().withNodeName("n1").endSpec().withNewStatus().withPodIP("10.0.0." + (i + 1)).withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").withLastTransitionTime("2025-01-01T00:00:0" + (ready ? 1 : 2) + "Z")
                .endCondition().endStatus().build();
    }

    @Test
    void writesOnlyWhatChangedAndDeletesWithTheService() {
        services.put(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").withUid("svc-uid")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().withNewSpec().withSelector(Map.of("app", "web"))
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).build()).endSpec().build());
        for (int i = 0; i < 7; i++) pods.put(pod(i, true));
        controller.sync("default/web");
        assertThat(writes).containsExactly("create 3", "create 3", "create 1");
        EndpointSlice first = slices.list("default").getFirst();
        assertThat(first.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2025-01-01T00:00:00Z");
        assertThat(first.getEndpoints().getFirst().getZone()).isEqualTo("z1");

        writes.clear();
        controller.sync("default/web");
        assertThat(writes).as("nothing changed, nothing written").isEmpty();

        pods.put(pod(4, false));
        controller.sync("default/web");
        assertThat(writes).as("one readiness change, one slice").singleElement().asString().startsWith("update web-");
        EndpointSlice changed = slices.list("default").stream().filter(s -> s.getEndpoints().stream()
                .anyMatch(e -> e.getTargetRef().getName().equals("p4"))).findFirst().orElseThrow();
        assertThat(changed.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2025-01-01T00:00:02Z");

        writes.clear();
        services.remove("default", "web");
        controller.sync("default/web");
        assertThat(writes).hasSize(3).allSatisfy(w -> assertThat(w).startsWith("delete "));
    }
}
