package io.j8s.api.proto;

import static java.util.Map.entry;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the protobuf schema of a kind lives: the generated descriptors of client-java-proto 24,
 * one file per group version.
 *
 * <p>Those descriptors are Kubernetes 1.30's .proto files (the jar was not regenerated for 1.31
 * or 1.32). Fields added since (VolumeSource.image, PodSpec.resources, ContainerStatus.user,
 * PodSecurityContext.supplementalGroupsPolicy, PodResourceClaim.resourceClaimName, …) are unknown
 * fields to the parser and are dropped, as an older API server would drop them; none of the
 * bodies kubectl's typed commands send carries one.
 *
 * <p>Only group versions a 1.32 server serves are mapped; the jar's old betas
 * (extensions/v1beta1, apps/v1beta2, …) are not. The jar has no descriptors at all for
 * coordination.k8s.io/v1 (Lease), discovery.k8s.io/v1 (EndpointSlice), events.k8s.io/v1,
 * autoscaling/v2, node.k8s.io/v1, flowcontrol.apiserver.k8s.io, apiextensions.k8s.io/v1,
 * apiregistration.k8s.io, resource.k8s.io and storagemigration; bodies of those kinds are
 * refused as an unknown format.
 */
final class ProtoSchemas {

    private static final Map<String, FileDescriptor> GROUP_VERSIONS = Map.ofEntries(
            entry("v1", V1.getDescriptor()),
            entry("apps/v1", V1Apps.getDescriptor()),
            entry("batch/v1", V1Batch.getDescriptor()),
            entry("rbac.authorization.k8s.io/v1", V1Rbac.getDescriptor()),
            entry("policy/v1", V1Policy.getDescriptor()),
            entry("scheduling.k8s.io/v1", V1Scheduling.getDescriptor()),
            entry("networking.k8s.io/v1", V1Networking.getDescriptor()),
            entry("certificates.k8s.io/v1", V1Certificates.getDescriptor()),
            entry("storage.k8s.io/v1", V1Storage.getDescriptor()),
            entry("autoscaling/v1", V1Autoscaling.getDescriptor()),
            entry("admissionregistration.k8s.io/v1", V1Admissionregistration.getDescriptor()),
            entry("authentication.k8s.io/v1", V1Authentication.getDescriptor()),
            entry("authorization.k8s.io/v1", V1Authorization.getDescriptor()),
            entry("meta.k8s.io/v1", Meta.getDescriptor()));

    /**
     * The meta.k8s.io/v1 kinds that every group version registers (metav1.AddToGroupVersion), so
     * client-go may label a DeleteOptions body with the group of the client that sends it.
     */
    private static final Set<String> SHARED_META_KINDS = Set.of(
            "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions",
            "Status", "WatchEvent");

    private ProtoSchemas() {}

    static Optional<Descriptor> find(String apiVersion, String kind) {
        FileDescriptor file = GROUP_VERSIONS.get(apiVersion);
        if (file == null || kind.isEmpty()) return Optional.empty();
        Descriptor d = file.findMessageTypeByName(kind);
        if (d == null && SHARED_META_KINDS.contains(kind)) d = Meta.getDescriptor().findMessageTypeByName(kind);
        return Optional.ofNullable(d);
    }

    static Set<String> groupVersions() {
        return GROUP_VERSIONS.keySet();
    }
}
