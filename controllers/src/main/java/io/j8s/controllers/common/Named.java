package io.j8s.controllers.common;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;

/**
 * Objects named for a patch. fabric8's {@code withName(n).patch(…)} first GETs the object it is
 * about to patch (to learn a name it was just given), doubling every patch's requests; a patch
 * through {@code resource(stub)}, where the stub carries only the name, is one request, as
 * client-go's is.
 */
public final class Named {

    private Named() {}

    public static PodResource pod(KubernetesClient k8s, String namespace, String name) {
        return k8s.pods().inNamespace(namespace)
                .resource(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
    }

    public static Resource<Node> node(KubernetesClient k8s, String name) {
        return k8s.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build());
    }

    public static RollableScalableResource<ReplicaSet> replicaSet(KubernetesClient k8s, String namespace, String name) {
        return k8s.apps().replicaSets().inNamespace(namespace)
                .resource(new ReplicaSetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
    }

    public static Resource<ControllerRevision> controllerRevision(KubernetesClient k8s, String namespace, String name) {
        return k8s.apps().controllerRevisions().inNamespace(namespace).resource(
                new ControllerRevisionBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
    }

    /** A generic object of {@code op}'s kind; {@code namespace} is null for a cluster-scoped one. */
    public static Resource<GenericKubernetesResource> generic(
            MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> op, String apiVersion, String kind,
            String namespace, String name) {
        GenericKubernetesResource stub = new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
        NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> scoped =
                namespace == null ? op : op.inNamespace(namespace);
        return scoped.resource(stub);
    }
}
