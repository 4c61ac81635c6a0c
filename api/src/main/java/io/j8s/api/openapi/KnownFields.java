package io.j8s.api.openapi;

import static io.j8s.api.openapi.UpstreamNames.META;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What upstream's schemas know about fields that fabric8's Java types cannot say: which strings
 * are timestamps or base64 bytes, which fields are required, and how lists merge under a
 * strategic merge patch. The last matters beyond documentation: {@code kubectl apply} computes
 * its patch from these annotations when the document offers strategic-merge-patch.
 */
final class KnownFields {

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";

    private static final Map<String, Shape> SHAPES = Map.of(
            CORE + "Secret.data", new Shape.MapOf(Shape.BYTES),
            CORE + "ConfigMap.binaryData", new Shape.MapOf(Shape.BYTES),
            "io.k8s.api.certificates.v1.CertificateSigningRequestSpec.request", Shape.BYTES,
            "io.k8s.api.certificates.v1.CertificateSigningRequestStatus.certificate", Shape.BYTES,
            "io.k8s.api.policy.v1.PodDisruptionBudgetStatus.disruptedPods", new Shape.MapOf(new Shape.Ref(UpstreamNames.TIME)));

    private static final Map<String, List<String>> REQUIRED = new HashMap<>();
    private static final Map<String, Map<String, Object>> EXTENSIONS = new HashMap<>();

    static {
        required(APPS + "DeploymentSpec", "selector", "template");
        required(APPS + "ReplicaSetSpec", "selector");
        required(APPS + "DaemonSetSpec", "selector", "template");
        required(APPS + "StatefulSetSpec", "selector", "template");
        required(APPS + "ControllerRevision", "revision");
        required("io.k8s.api.batch.v1.JobSpec", "template");
        required("io.k8s.api.batch.v1.CronJobSpec", "schedule", "jobTemplate");
        required(CORE + "PodSpec", "containers");
        required(CORE + "Container", "name");
        required(CORE + "EphemeralContainer", "name");
        required(CORE + "ContainerPort", "containerPort");
        required(CORE + "ServicePort", "port");
        required(CORE + "EnvVar", "name");
        required(CORE + "Volume", "name");
        required(CORE + "VolumeMount", "name", "mountPath");
        required(CORE + "KeyToPath", "key", "path");
        required(CORE + "HTTPGetAction", "port");
        required(CORE + "TCPSocketAction", "port");
        required(CORE + "GRPCAction", "port");
        required(CORE + "Taint", "key", "effect");
        required(CORE + "NodeSelector", "nodeSelectorTerms");
        required(CORE + "NodeSelectorRequirement", "key", "operator");
        required(CORE + "TopologySpreadConstraint", "maxSkew", "topologyKey", "whenUnsatisfiable");
        required(CORE + "HostAlias", "ip");
        required(CORE + "Binding", "target");
        required(CORE + "Event", "metadata", "involvedObject");
        for (String c : List.of("PodCondition", "NodeCondition", "NamespaceCondition", "PersistentVolumeClaimCondition",
                "ReplicationControllerCondition")) {
            required(CORE + c, "type", "status");
        }
        for (String c : List.of("DeploymentCondition", "ReplicaSetCondition", "DaemonSetCondition", "StatefulSetCondition")) {
            required(APPS + c, "type", "status");
        }
        required("io.k8s.api.batch.v1.JobCondition", "type", "status");
        required("io.k8s.api.certificates.v1.CertificateSigningRequestCondition", "type", "status");
        required("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "request", "signerName");
        required("io.k8s.api.discovery.v1.EndpointSlice", "addressType", "endpoints");
        required("io.k8s.api.discovery.v1.Endpoint", "addresses");
        required("io.k8s.api.events.v1.Event", "eventTime");
        required("io.k8s.api.rbac.v1.RoleRef", "apiGroup", "kind", "name");
        required("io.k8s.api.rbac.v1.Subject", "kind", "name");
        required("io.k8s.api.rbac.v1.PolicyRule", "verbs");
        required("io.k8s.api.rbac.v1.RoleBinding", "roleRef");
        required("io.k8s.api.rbac.v1.ClusterRoleBinding", "roleRef");
        required("io.k8s.api.scheduling.v1.PriorityClass", "value");
        required(META + "OwnerReference", "apiVersion", "kind", "name", "uid");
        required(META + "LabelSelectorRequirement", "key", "operator");
        required(META + "Condition", "type", "status", "lastTransitionTime", "reason", "message");

        // Merge keys of the lists a strategic merge patch merges element by element.
        listMap(CORE + "PodSpec", "containers", "merge", "name");
        listMap(CORE + "PodSpec", "initContainers", "merge", "name");
        listMap(CORE + "PodSpec", "ephemeralContainers", "merge", "name");
        listMap(CORE + "PodSpec", "volumes", "merge,retainKeys", "name");
        listMap(CORE + "PodSpec", "resourceClaims", "merge,retainKeys", "name");
        listMap(CORE + "PodSpec", "schedulingGates", "merge", "name");
        merge(CORE + "PodSpec", "imagePullSecrets", "name");
        merge(CORE + "PodSpec", "hostAliases", "ip");
        listMap(CORE + "PodSpec", "topologySpreadConstraints", "merge", "topologyKey", "topologyKey", "whenUnsatisfiable");
        for (String c : List.of("Container", "EphemeralContainer")) {
            listMap(CORE + c, "ports", "merge", "containerPort", "containerPort", "protocol");
            merge(CORE + c, "env", "name");
            merge(CORE + c, "volumeMounts", "mountPath");
            merge(CORE + c, "volumeDevices", "devicePath");
        }
        listMap(CORE + "PodStatus", "conditions", "merge", "type");
        listMap(CORE + "PodStatus", "podIPs", "merge", "ip");
        merge(CORE + "PodStatus", "hostIPs", "ip");
        listMap(CORE + "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name");
        listMap(CORE + "ServiceSpec", "ports", "merge", "port", "port", "protocol");
        listMap(CORE + "ServiceStatus", "conditions", "merge", "type");
        merge(CORE + "NodeStatus", "conditions", "type");
        merge(CORE + "NodeStatus", "addresses", "type");
        merge(CORE + "NamespaceStatus", "conditions", "type");
        merge(CORE + "PersistentVolumeClaimStatus", "conditions", "type");
        merge(CORE + "ReplicationControllerStatus", "conditions", "type");
        merge(CORE + "ServiceAccount", "secrets", "name");
        for (String c : List.of("DeploymentStatus", "ReplicaSetStatus", "DaemonSetStatus", "StatefulSetStatus")) {
            merge(APPS + c, "conditions", "type");
        }
        merge("io.k8s.api.batch.v1.JobStatus", "conditions", "type");
        listMap("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", "merge", "type");
        listMap(META + "ObjectMeta", "ownerReferences", "merge", "uid");
        set(META + "ObjectMeta", "finalizers");
        set(CORE + "NodeSpec", "podCIDRs");
        EXTENSIONS.put(APPS + "DeploymentSpec.strategy", Map.of("x-kubernetes-patch-strategy", "retainKeys"));
    }

    private KnownFields() {}

    /**
     * The shape upstream gives {@code definition.property} where fabric8 says only "String" (or
     * a map of strings): timestamps and base64-encoded bytes.
     */
    static Optional<Shape> shape(String definition, String property, Class<?> declared) {
        Shape known = SHAPES.get(definition + "." + property);
        if (known != null) return Optional.of(known);
        if (declared == String.class && isTimestamp(property)) return Optional.of(new Shape.Ref(UpstreamNames.TIME));
        return Optional.empty();
    }

    /** Upstream's meta/v1.Time fields, by the names its API conventions give them. */
    private static boolean isTimestamp(String property) {
        return property.endsWith("Time") || property.endsWith("Timestamp") || property.equals("time")
                || property.equals("startedAt") || property.equals("finishedAt") || property.equals("timeAdded");
    }

    static List<String> required(String definition) {
        return REQUIRED.getOrDefault(definition, List.of());
    }

    static Map<String, Object> extensions(String definition, String property) {
        return EXTENSIONS.getOrDefault(definition + "." + property, Map.of());
    }

    private static void required(String definition, String... fields) {
        REQUIRED.put(definition, List.of(fields));
    }

    /** A list merged by {@code key} under strategic merge patch, without a declared list type. */
    private static void merge(String definition, String field, String key) {
        EXTENSIONS.put(definition + "." + field, Map.of(
                "x-kubernetes-patch-strategy", "merge", "x-kubernetes-patch-merge-key", key));
    }

    /** A list merged by {@code key}, and declared a map keyed by {@code mapKeys} (default: key). */
    private static void listMap(String definition, String field, String strategy, String key, String... mapKeys) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("x-kubernetes-patch-strategy", strategy);
        ext.put("x-kubernetes-patch-merge-key", key);
        ext.put("x-kubernetes-list-type", "map");
        ext.put("x-kubernetes-list-map-keys", mapKeys.length == 0 ? List.of(key) : List.of(mapKeys));
        EXTENSIONS.put(definition + "." + field, ext);
    }

    /** A list of scalars merged as a set. */
    private static void set(String definition, String field) {
        EXTENSIONS.put(definition + "." + field, Map.of("x-kubernetes-patch-strategy", "merge", "x-kubernetes-list-type", "set"));
    }
}
