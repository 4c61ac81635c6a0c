package io.j8s.api.patch;

import io.j8s.api.ResourceType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Upstream's strategic-merge struct tags ({@code patchStrategy}, {@code patchMergeKey}) for the
 * types of the kinds j8s serves, the way LookupPatchMeta finds them: a type names, per JSON field,
 * how the field merges and which type its value (or list element) has.
 *
 * <p>Only fields that matter to merging are listed. Any other field is "plain": an object merges
 * key by key, a list is replaced whole (upstream's default, also for atomic lists such as
 * {@code tolerations}, {@code args}, {@code command}, {@code envFrom}, {@code containerStatuses},
 * endpoint {@code subsets} and node {@code taints}, which carry no patch tags upstream).
 */
final class PatchMeta {

    /**
     * How one field merges.
     *
     * @param merge {@code patchStrategy:"merge"}: a list merges item by item instead of being replaced
     * @param mergeKey {@code patchMergeKey}: the member that identifies an item of a list of objects;
     *     empty for lists of primitives, which merge as sets
     * @param retainKeys {@code patchStrategy:"retainKeys"}: clients send {@code $retainKeys} for it
     *     (the server honours that directive wherever it appears, as upstream does)
     * @param type the type of the field's value, or of its list's items; empty if it has no tags below
     */
    record Field(String name, boolean merge, String mergeKey, boolean retainKeys, String type) {
        static final Field PLAIN = new Field("", false, "", false, "");

        Field {
            Objects.requireNonNull(mergeKey, "mergeKey");
            Objects.requireNonNull(type, "type");
        }

        /** The tags of the fields of this field's value (or list items). */
        PatchMeta meta() {
            return PatchMeta.named(type);
        }

        Field withRetainKeys() {
            return new Field(name, merge, mergeKey, true, type);
        }
    }

    private static final PatchMeta NONE = new PatchMeta("", Map.of());

    private static final Map<String, PatchMeta> TYPES = types(
            // k8s.io/apimachinery/pkg/apis/meta/v1
            type("ObjectMeta", mergeSet("finalizers"), mergeBy("ownerReferences", "uid")),
            // k8s.io/api/core/v1
            type("PodTemplateSpec", struct("metadata", "ObjectMeta"), struct("spec", "PodSpec")),
            type("PodSpec",
                    mergeBy("volumes", "name").withRetainKeys(),
                    mergeBy("initContainers", "name", "Container"),
                    mergeBy("containers", "name", "Container"),
                    mergeBy("ephemeralContainers", "name", "Container"),
                    mergeBy("imagePullSecrets", "name"),
                    mergeBy("hostAliases", "ip"),
                    mergeBy("topologySpreadConstraints", "topologyKey"),
                    mergeBy("schedulingGates", "name"),
                    mergeBy("resourceClaims", "name").withRetainKeys()),
            // EphemeralContainerCommon carries the same tags as Container
            type("Container",
                    mergeBy("ports", "containerPort"),
                    mergeBy("env", "name"),
                    mergeBy("volumeMounts", "mountPath"),
                    mergeBy("volumeDevices", "devicePath")),
            type("PodStatus",
                    conditions(),
                    mergeBy("podIPs", "ip"),
                    mergeBy("hostIPs", "ip"),
                    mergeBy("resourceClaimStatuses", "name").withRetainKeys()),
            type("Pod", struct("spec", "PodSpec"), struct("status", "PodStatus")),
            type("PodTemplate", struct("template", "PodTemplateSpec")),
            type("ReplicationController", struct("spec", "ReplicationControllerSpec"),
                    struct("status", "ReplicationControllerStatus")),
            type("ReplicationControllerSpec", struct("template", "PodTemplateSpec")),
            type("ReplicationControllerStatus", conditions()),
            type("Service", struct("spec", "ServiceSpec"), struct("status", "ServiceStatus")),
            type("ServiceSpec", mergeBy("ports", "port")),
            type("ServiceStatus", conditions()),
            type("ServiceAccount", mergeBy("secrets", "name")),
            type("Node", struct("spec", "NodeSpec"), struct("status", "NodeStatus")),
            type("NodeSpec", mergeSet("podCIDRs")),
            type("NodeStatus", conditions(), mergeBy("addresses", "type")),
            type("Namespace", struct("status", "NamespaceStatus")),
            type("NamespaceStatus", conditions()),
            type("PersistentVolumeClaim", struct("status", "PersistentVolumeClaimStatus")),
            type("PersistentVolumeClaimStatus", conditions()),
            // k8s.io/api/apps/v1
            type("Deployment", struct("spec", "DeploymentSpec"), struct("status", "DeploymentStatus")),
            type("DeploymentSpec", struct("template", "PodTemplateSpec"), struct("strategy", "").withRetainKeys()),
            type("DeploymentStatus", conditions()),
            type("ReplicaSet", struct("spec", "ReplicaSetSpec"), struct("status", "ReplicaSetStatus")),
            type("ReplicaSetSpec", struct("template", "PodTemplateSpec")),
            type("ReplicaSetStatus", conditions()),
            type("StatefulSet", struct("spec", "StatefulSetSpec"), struct("status", "StatefulSetStatus")),
            type("StatefulSetSpec", struct("template", "PodTemplateSpec")),
            type("StatefulSetStatus", conditions()),
            type("DaemonSet", struct("spec", "DaemonSetSpec"), struct("status", "DaemonSetStatus")),
            type("DaemonSetSpec", struct("template", "PodTemplateSpec")),
            type("DaemonSetStatus", conditions()),
            // k8s.io/api/batch/v1
            type("Job", struct("spec", "JobSpec"), struct("status", "JobStatus")),
            type("JobSpec", struct("template", "PodTemplateSpec")),
            type("JobStatus", conditions()),
            type("CronJob", struct("spec", "CronJobSpec")),
            type("CronJobSpec", struct("jobTemplate", "JobTemplateSpec")),
            type("JobTemplateSpec", struct("metadata", "ObjectMeta"), struct("spec", "JobSpec")),
            // k8s.io/api/policy/v1
            type("PodDisruptionBudget", struct("status", "PodDisruptionBudgetStatus")),
            type("PodDisruptionBudgetStatus", conditions()));

    /** The root type of each kind, by upstream's GroupKind string ("Deployment.apps", "Pod"). */
    private static final Map<String, String> ROOTS = Map.ofEntries(
            Map.entry("Pod", "Pod"),
            Map.entry("PodTemplate", "PodTemplate"),
            Map.entry("ReplicationController", "ReplicationController"),
            Map.entry("Service", "Service"),
            Map.entry("ServiceAccount", "ServiceAccount"),
            Map.entry("Node", "Node"),
            Map.entry("Namespace", "Namespace"),
            Map.entry("PersistentVolumeClaim", "PersistentVolumeClaim"),
            Map.entry("Deployment.apps", "Deployment"),
            Map.entry("ReplicaSet.apps", "ReplicaSet"),
            Map.entry("StatefulSet.apps", "StatefulSet"),
            Map.entry("DaemonSet.apps", "DaemonSet"),
            Map.entry("Job.batch", "Job"),
            Map.entry("CronJob.batch", "CronJob"),
            Map.entry("PodDisruptionBudget.policy", "PodDisruptionBudget"));

    private static final Field METADATA = struct("metadata", "ObjectMeta");

    private final String name;
    private final Map<String, Field> fields;

    private PatchMeta(String name, Map<String, Field> fields) {
        this.name = name;
        this.fields = fields;
    }

    /** The tags of a kind's top-level object; every kind has {@code metadata}. */
    static PatchMeta of(ResourceType type) {
        String groupKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        PatchMeta root = named(ROOTS.getOrDefault(groupKind, ""));
        Map<String, Field> fields = new HashMap<>(root.fields);
        fields.put(METADATA.name(), METADATA);
        return new PatchMeta(root.name, Map.copyOf(fields));
    }

    private static PatchMeta named(String type) {
        return TYPES.getOrDefault(type, NONE);
    }

    /** How {@code json} merges in an object of this type. */
    Field field(String json) {
        return fields.getOrDefault(json, Field.PLAIN);
    }

    /** The field at a dotted path ("spec.template.spec.containers"), if it has tags. */
    Optional<Field> at(String path) {
        PatchMeta meta = this;
        Field f = Field.PLAIN;
        for (String part : path.split("\\.")) {
            f = meta.field(part);
            meta = f.meta();
        }
        return f == Field.PLAIN ? Optional.empty() : Optional.of(f);
    }

    @Override
    public String toString() {
        return name.isEmpty() ? "untagged" : name;
    }

    private static Field mergeBy(String name, String mergeKey) {
        return new Field(name, true, mergeKey, false, "");
    }

    private static Field mergeBy(String name, String mergeKey, String itemType) {
        return new Field(name, true, mergeKey, false, itemType);
    }

    /** A list of primitives with {@code patchStrategy:"merge"}: merged as a set. */
    private static Field mergeSet(String name) {
        return new Field(name, true, "", false, "");
    }

    /** Status conditions, merged by {@code type} wherever upstream tags them. */
    private static Field conditions() {
        return mergeBy("conditions", "type");
    }

    private static Field struct(String name, String type) {
        return new Field(name, false, "", false, type);
    }

    private static PatchMeta type(String name, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field f : fields) {
            byName.put(f.name(), f);
        }
        return new PatchMeta(name, Map.copyOf(byName));
    }

    private static Map<String, PatchMeta> types(PatchMeta... types) {
        return Arrays.stream(types).collect(Collectors.toUnmodifiableMap(t -> t.name, Function.identity()));
    }

    /** The names of all tagged types, for tests that every referenced type exists. */
    static List<String> typeNames() {
        return TYPES.keySet().stream().sorted().toList();
    }

    /** The types fields refer to. */
    static List<String> referencedTypes() {
        return TYPES.values().stream().flatMap(t -> t.fields.values().stream())
                .map(Field::type).filter(t -> !t.isEmpty()).distinct().sorted().toList();
    }
}
