package io.j8s.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.Constructor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ResourceRegistryTest {

    private final ResourceRegistry registry = ResourceRegistry.builtin();

    static java.util.List<ResourceType> builtins() {
        return BuiltinResources.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void everyKindMatchesItsModelClass(ResourceType t) throws Exception {
        Constructor<? extends HasMetadata> c = t.type().getConstructor();
        HasMetadata o = c.newInstance();
        assertThat(o.getApiVersion()).isEqualTo(t.apiVersion());
        assertThat(o.getKind()).isEqualTo(t.kind());
        assertThat(KubernetesResource.class).isAssignableFrom(t.type());
    }

    @Test
    void findsResourcesByPathAndByKind() {
        assertThat(registry.byPath("apps", "v1", "deployments")).get().extracting(ResourceType::kind).isEqualTo("Deployment");
        assertThat(registry.byPath("", "v1", "pods")).get().extracting(ResourceType::namespaced).isEqualTo(true);
        assertThat(registry.byKind("v1", "Node")).get().extracting(ResourceType::namespaced).isEqualTo(false);
        assertThat(registry.byKind("events.k8s.io/v1", "Event")).get().extracting(ResourceType::plural).isEqualTo("events");
        assertThat(registry.byPath("", "v1", "frobnicators")).isEmpty();
    }

    @Test
    void listsTheCoreGroupFirst() {
        assertThat(registry.groupVersions()).first().isEqualTo("v1");
        assertThat(registry.groupVersions()).contains("apps/v1", "batch/v1", "coordination.k8s.io/v1",
                "discovery.k8s.io/v1", "events.k8s.io/v1", "scheduling.k8s.io/v1", "policy/v1",
                "rbac.authorization.k8s.io/v1", "certificates.k8s.io/v1");
    }

    @Test
    void answersToKubectlsNames() {
        ResourceType deploy = registry.byPath("apps", "v1", "deployments").orElseThrow();
        assertThat(deploy.answersTo("deploy")).isTrue();
        assertThat(deploy.answersTo("deployment")).isTrue();
        assertThat(deploy.groupResource()).isEqualTo("deployments.apps");
    }
}
