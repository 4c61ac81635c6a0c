package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceType;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's validation of the built-in kinds ({@code k8s.io/apimachinery/pkg/api/validation},
 * {@code pkg/apis/{core,apps,batch,...}/validation} and the registry strategies' checks), on
 * objects that have already been defaulted. Each returned {@link FieldError} is one cause of a
 * 422 {@code Invalid} with upstream's field path, type and message.
 *
 * <p>Kinds without rules of their own get the generic metadata rules (names as path segments), as
 * upstream's generic registry applies to every object.
 */
public final class Validation {

    private Validation() {}

    /** The errors in {@code obj}, a new object of {@code type} about to be created. */
    public static List<FieldError> validateCreate(ResourceType type, ObjectNode obj) {
        return List.copyOf(switch (key(type)) {
            case "v1/Pod" -> PodValidation.pod(obj);
            case "v1/PodTemplate" -> WorkloadValidation.podTemplate(obj);
            case "v1/ReplicationController" -> WorkloadValidation.replicationController(obj);
            case "v1/Service" -> ServiceValidation.service(obj);
            case "v1/Endpoints" -> ServiceValidation.endpoints(obj);
            case "v1/ConfigMap" -> ConfigValidation.configMap(obj);
            case "v1/Secret" -> ConfigValidation.secret(obj);
            case "v1/ServiceAccount" -> ConfigValidation.serviceAccount(obj);
            case "v1/Namespace" -> NodeValidation.namespace(obj);
            case "v1/Node" -> NodeValidation.node(obj);
            case "v1/PersistentVolumeClaim" -> StorageValidation.pvc(obj);
            case "v1/PersistentVolume" -> StorageValidation.pv(obj);
            case "v1/Event" -> EventValidation.coreEvent(obj);
            case "v1/Binding" -> PolicyValidation.binding(obj);
            case "v1/LimitRange" -> PolicyValidation.limitRange(obj);
            case "v1/ResourceQuota" -> PolicyValidation.resourceQuota(obj);
            case "apps/v1/Deployment" -> WorkloadValidation.deployment(obj);
            case "apps/v1/ReplicaSet" -> WorkloadValidation.replicaSet(obj);
            case "apps/v1/StatefulSet" -> WorkloadValidation.statefulSet(obj);
            case "apps/v1/DaemonSet" -> WorkloadValidation.daemonSet(obj);
            case "apps/v1/ControllerRevision" -> WorkloadValidation.controllerRevision(obj);
            case "batch/v1/Job" -> BatchValidation.job(obj);
            case "batch/v1/CronJob" -> BatchValidation.cronJob(obj);
            case "coordination.k8s.io/v1/Lease" -> EventValidation.lease(obj);
            case "events.k8s.io/v1/Event" -> EventValidation.event(obj);
            case "discovery.k8s.io/v1/EndpointSlice" -> ServiceValidation.endpointSlice(obj);
            case "scheduling.k8s.io/v1/PriorityClass" -> NodeValidation.priorityClass(obj);
            case "policy/v1/PodDisruptionBudget" -> PolicyValidation.podDisruptionBudget(obj);
            case "rbac.authorization.k8s.io/v1/Role" -> PolicyValidation.role(obj, true);
            case "rbac.authorization.k8s.io/v1/ClusterRole" -> PolicyValidation.role(obj, false);
            case "rbac.authorization.k8s.io/v1/RoleBinding" -> PolicyValidation.roleBinding(obj, true);
            case "rbac.authorization.k8s.io/v1/ClusterRoleBinding" -> PolicyValidation.roleBinding(obj, false);
            case "certificates.k8s.io/v1/CertificateSigningRequest" -> PolicyValidation.certificateSigningRequest(obj);
            default -> MetaValidation.objectMeta(obj, type.namespaced(), NameRule.PATH_SEGMENT);
        });
    }

    /**
     * The errors in {@code obj}, replacing {@code old}: the create rules that still apply plus what
     * may not change (names, uid, selectors, most of a pod's spec...). Both are defaulted objects.
     */
    public static List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = switch (key(type)) {
            case "v1/Pod" -> PodValidation.podUpdate(obj, old);
            case "v1/PodTemplate" -> WorkloadValidation.podTemplateUpdate(obj, old);
            case "v1/ReplicationController" -> WorkloadValidation.replicationControllerUpdate(obj, old);
            case "v1/Service" -> ServiceValidation.serviceUpdate(obj, old);
            case "v1/ConfigMap" -> ConfigValidation.configMapUpdate(obj, old);
            case "v1/Secret" -> ConfigValidation.secretUpdate(obj, old);
            case "v1/Namespace" -> NodeValidation.namespaceUpdate(obj, old);
            case "v1/Node" -> NodeValidation.nodeUpdate(obj, old);
            case "v1/PersistentVolumeClaim" -> StorageValidation.pvcUpdate(obj, old);
            case "v1/PersistentVolume" -> StorageValidation.pvUpdate(obj, old);
            case "v1/Event" -> EventValidation.coreEventUpdate(obj, old);
            case "apps/v1/Deployment" -> WorkloadValidation.deploymentUpdate(obj, old);
            case "apps/v1/ReplicaSet" -> WorkloadValidation.replicaSetUpdate(obj, old);
            case "apps/v1/StatefulSet" -> WorkloadValidation.statefulSetUpdate(obj, old);
            case "apps/v1/DaemonSet" -> WorkloadValidation.daemonSetUpdate(obj, old);
            case "apps/v1/ControllerRevision" -> WorkloadValidation.controllerRevisionUpdate(obj, old);
            case "batch/v1/Job" -> BatchValidation.jobUpdate(obj, old);
            case "batch/v1/CronJob" -> BatchValidation.cronJobUpdate(obj, old);
            case "coordination.k8s.io/v1/Lease" -> EventValidation.leaseUpdate(obj, old);
            case "events.k8s.io/v1/Event" -> EventValidation.eventUpdate(obj, old);
            case "discovery.k8s.io/v1/EndpointSlice" -> ServiceValidation.endpointSliceUpdate(obj, old);
            case "scheduling.k8s.io/v1/PriorityClass" -> NodeValidation.priorityClassUpdate(obj, old);
            case "rbac.authorization.k8s.io/v1/RoleBinding" -> PolicyValidation.roleBindingUpdate(obj, old, true);
            case "rbac.authorization.k8s.io/v1/ClusterRoleBinding" -> PolicyValidation.roleBindingUpdate(obj, old, false);
            default -> {
                // The create rules, without re-judging the (immutable) name, plus the metadata update rules.
                List<FieldError> e = new ArrayList<>(MetaValidation.objectMetaUpdate(obj, old));
                e.addAll(validateCreate(type, obj).stream().filter(x -> !x.field().startsWith("metadata.")).toList());
                yield e;
            }
        };
        return List.copyOf(errs);
    }

    /**
     * The fields of {@code body} the kind's schema does not have, as paths the way upstream's strict
     * decoder names them: {@code spec.foo}, {@code spec.containers[0].imagePullPolice} (no leading
     * dot). For {@code fieldValidation=Strict} each becomes {@code unknown field "<path>"} in a 400;
     * for {@code Warn}, a {@code Warning} header with the same text. Keys of maps (labels, data,
     * resource lists) are free, and so are fields of opaque values (RawExtension, Quantity).
     */
    public static List<String> unknownFields(ResourceType type, JsonNode body) {
        return List.copyOf(Schema.unknownFields(type.type(), body));
    }

    /**
     * The fields that appear more than once in one object of a raw JSON or YAML body, as paths
     * ({@code spec.replicas}); for {@code fieldValidation=Strict} each is {@code duplicate field
     * "<path>"}. A parsed {@link JsonNode} has already lost the duplicates, hence the bytes.
     */
    public static List<String> duplicateFields(byte[] body) {
        return List.copyOf(Schema.duplicateFields(body));
    }

    private static String key(ResourceType type) {
        return type.apiVersion() + "/" + type.kind();
    }
}
