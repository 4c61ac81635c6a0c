package io.j8s.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.StaticLister;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One sync at a time against fake caches whose writes are fed back as an informer would. */
class EndpointsControllerTest {

    final StaticLister<Service> services = new StaticLister<>();
    final StaticLister<Pod> pods = new StaticLister<>();
    final StaticLister<Endpoints> endpoints = new StaticLister<>();
    final List<String> writes = new ArrayList<>();

    final EndpointsController.EndpointsClient client = new EndpointsController.EndpointsClient() {
        @Override
        public void create(Endpoints ep) {
            writes.add("create");
            endpoints.put(Copies.deepCopy(ep));
        }

        @Override
        public void update(Endpoints ep) {
            writes.add("update");
            endpoints.put(Copies.deepCopy(ep));
        }

        @Override
        public void delete(String namespace, String name) {
            writes.add("delete");
            endpoints.remove(namespace, name);
        }
    };

    final EndpointsController controller = new EndpointsController(services, pods, endpoints, client,
            WorkQueue.withDefaultRateLimiter(Clock.systemUTC()), Duration.ZERO);

    static Pod pod(int i, boolean ready) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName("p" + i).withUid("u" + i).withLabels(Map.of("app", "web"))
                .endMetadata().withNewSpec().withNodeName("n1").endSpec().withNewStatus().withPodIP("10.0." + (i / 250) + "." + (i % 250 + 1))
                .withPhase("Running").addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2025-01-01T00:00:01Z").endCondition().endStatus().build();
    }

    void service() {
        services.put(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").withUid("svc-uid")
                .withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata().withNewSpec().withSelector(Map.of("app", "web"))
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).build()).endSpec().build());
    }

    int ready() {
        return endpoints.get("default", "web").getSubsets().stream().mapToInt(s -> s.getAddresses().size()).sum();
    }

    @Test
    void writesOnlyWhenSomethingChanged() {
        service();
        for (int i = 0; i < 3; i++) pods.put(pod(i, true));
        controller.sync("default/web");
        controller.sync("default/web");
        assertThat(writes).containsExactly("create");
        pods.put(pod(1, false));
        controller.sync("default/web");
        controller.sync("default/web");
        assertThat(writes).containsExactly("create", "update");
        assertThat(ready()).isEqualTo(2);
        services.remove("default", "web");
        controller.sync("default/web");
        assertThat(writes).containsExactly("create", "update", "delete");
    }

    @Test
    void overAThousandAddressesAreTruncatedAndSaidSo() {
        service();
        for (int i = 0; i < 1001; i++) pods.put(pod(i, true));
        controller.sync("default/web");
        assertThat(ready()).isEqualTo(1000);
        assertThat(endpoints.get("default", "web").getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/over-capacity", "truncated");
        controller.sync("default/web");
        assertThat(writes).containsExactly("create");
        pods.remove("default", "p1000");
        controller.sync("default/web");
        assertThat(endpoints.get("default", "web").getMetadata().getAnnotations()).doesNotContainKey("endpoints.kubernetes.io/over-capacity");
    }

    @Test
    void aServiceWithoutSelectorKeepsItsEndpoints() {
        services.put(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("ext").endMetadata().withNewSpec().endSpec().build());
        endpoints.put(new io.fabric8.kubernetes.api.model.EndpointsBuilder().withNewMetadata().withNamespace("default").withName("ext").endMetadata()
                .addNewSubset().addNewAddress().withIp("192.168.0.1").endAddress().endSubset().build());
        controller.sync("default/ext");
        assertThat(writes).isEmpty();
    }
}
