package io.j8s.controllers;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** Objects for unit tests' informer fixtures, as upstream's {@code newReplicaSet}, {@code newPod}. */
public final class Fixtures {

    private Fixtures() {}

    public static PodTemplateSpec template(Map<String, String> labels, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    public static ReplicaSet replicaSet(String name, int replicas, Map<String, String> labels) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("default").withName(name).withUid(name + "-uid")
                .withGeneration(1L).withResourceVersion("1").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withTemplate(template(labels, "nginx")).endSpec().build();
    }

    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    /** A pod in {@code phase}; ready pods became ready at {@code readySince} (RFC 3339), on {@code node} if not empty. */
    public static Pod pod(String name, Map<String, String> labels, HasMetadata owner, String phase, boolean ready, String node) {
        var b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid(name + "-uid").withLabels(labels)
                .withResourceVersion("1").withCreationTimestamp("2025-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withNodeName(node.isEmpty() ? null : node).addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2025-01-01T00:00:00Z").endCondition().endStatus();
        if (owner != null) b.editMetadata().withOwnerReferences(controllerRef(owner)).endMetadata();
        return b.build();
    }
}
