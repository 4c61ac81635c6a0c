package io.j8s.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.ResourceRegistry;
import io.j8s.api.patch.PatchMeta.Field;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of upstream struct tags, read back by kind and field path. */
class PatchMetaTest {

    private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();

    /** What the field's tags say: merged by this key (empty for a set of primitives), or untagged. */
    record Case(String apiVersion, String kind, String path, Optional<String> mergeKey, boolean retainKeys) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    private static Case merged(String apiVersion, String kind, String path, String mergeKey) {
        return new Case(apiVersion, kind, path, Optional.of(mergeKey), false);
    }

    private static Case untagged(String apiVersion, String kind, String path) {
        return new Case(apiVersion, kind, path, Optional.empty(), false);
    }

    static Stream<Case> fields() {
        return Stream.of(
                merged("v1", "Pod", "spec.containers", "name"),
                merged("v1", "Pod", "spec.initContainers", "name"),
                merged("v1", "Pod", "spec.ephemeralContainers", "name"),
                merged("v1", "Pod", "spec.containers.ports", "containerPort"),
                merged("v1", "Pod", "spec.containers.env", "name"),
                merged("v1", "Pod", "spec.containers.volumeMounts", "mountPath"),
                merged("v1", "Pod", "spec.containers.volumeDevices", "devicePath"),
                merged("v1", "Pod", "spec.ephemeralContainers.env", "name"),
                new Case("v1", "Pod", "spec.volumes", Optional.of("name"), true),
                merged("v1", "Pod", "spec.imagePullSecrets", "name"),
                merged("v1", "Pod", "spec.hostAliases", "ip"),
                merged("v1", "Pod", "spec.topologySpreadConstraints", "topologyKey"),
                merged("v1", "Pod", "status.conditions", "type"),
                merged("v1", "Pod", "status.podIPs", "ip"),
                merged("v1", "Pod", "metadata.ownerReferences", "uid"),
                merged("v1", "Pod", "metadata.finalizers", ""),
                untagged("v1", "Pod", "spec.tolerations"),
                untagged("v1", "Pod", "spec.readinessGates"),
                untagged("v1", "Pod", "spec.containers.args"),
                untagged("v1", "Pod", "spec.containers.command"),
                untagged("v1", "Pod", "spec.containers.envFrom"),
                untagged("v1", "Pod", "status.containerStatuses"),
                merged("apps/v1", "Deployment", "spec.template.spec.containers", "name"),
                merged("apps/v1", "Deployment", "spec.template.spec.containers.env", "name"),
                merged("apps/v1", "Deployment", "spec.template.metadata.finalizers", ""),
                new Case("apps/v1", "Deployment", "spec.strategy", Optional.empty(), true),
                merged("apps/v1", "Deployment", "status.conditions", "type"),
                new Case("apps/v1", "ReplicaSet", "spec.template.spec.volumes", Optional.of("name"), true),
                merged("apps/v1", "StatefulSet", "spec.template.spec.initContainers", "name"),
                untagged("apps/v1", "StatefulSet", "spec.volumeClaimTemplates"),
                merged("apps/v1", "DaemonSet", "spec.template.spec.containers.ports", "containerPort"),
                merged("batch/v1", "Job", "spec.template.spec.containers", "name"),
                merged("batch/v1", "Job", "status.conditions", "type"),
                merged("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.containers.env", "name"),
                merged("v1", "ReplicationController", "spec.template.spec.containers", "name"),
                merged("v1", "PodTemplate", "template.spec.containers", "name"),
                merged("v1", "Service", "spec.ports", "port"),
                merged("v1", "Service", "status.conditions", "type"),
                merged("v1", "ServiceAccount", "secrets", "name"),
                merged("v1", "Node", "status.conditions", "type"),
                merged("v1", "Node", "status.addresses", "type"),
                merged("v1", "Node", "spec.podCIDRs", ""),
                untagged("v1", "Node", "spec.taints"),
                merged("v1", "Namespace", "status.conditions", "type"),
                untagged("v1", "Namespace", "spec.finalizers"),
                merged("v1", "PersistentVolumeClaim", "status.conditions", "type"),
                untagged("v1", "Endpoints", "subsets"),
                merged("policy/v1", "PodDisruptionBudget", "status.conditions", "type"),
                untagged("certificates.k8s.io/v1", "CertificateSigningRequest", "status.conditions"),
                merged("v1", "ConfigMap", "metadata.ownerReferences", "uid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void readsUpstreamTagsByKindAndPath(Case c) {
        PatchMeta meta = PatchMeta.of(REGISTRY.byKind(c.apiVersion(), c.kind()).orElseThrow());
        Optional<Field> field = meta.at(c.path());
        if (c.mergeKey().isPresent()) {
            assertThat(field).get().extracting(Field::merge, Field::mergeKey, Field::retainKeys)
                    .containsExactly(true, c.mergeKey().get(), c.retainKeys());
        } else if (c.retainKeys()) {
            assertThat(field).get().extracting(Field::merge, Field::retainKeys).containsExactly(false, true);
        } else {
            assertThat(field.filter(Field::merge)).as("no merge strategy").isEmpty();
        }
    }

    @Test
    void everyReferencedTypeIsDefined() {
        assertThat(PatchMeta.typeNames()).containsAll(PatchMeta.referencedTypes());
    }
}
