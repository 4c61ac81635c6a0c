package io.j8s.controllers.statefulset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.common.ApiPodControl;
import io.j8s.controllers.common.ControllerRefs;
import io.j8s.controllers.common.Copies;
import io.j8s.controllers.common.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's {@code stateful_set_utils.go}: a StatefulSet's pods by ordinal, their identity
 * (name, hostname, subdomain, labels) and storage (one claim per volumeClaimTemplate and ordinal),
 * the revision a pod runs, the health predicates the ordering waits on, and the owner references
 * the PVC retention policy asks for.
 */
final class StatefulSets {

    private StatefulSets() {}

    static final String API_VERSION = "apps/v1";
    static final String KIND = "StatefulSet";
    /** Upstream's {@code apps.StatefulSetPodNameLabel}. */
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    /** Upstream's {@code apps.PodIndexLabel}. */
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    /** Upstream's {@code apps.ControllerRevisionHashLabelKey}: on a pod it holds the revision's name. */
    static final String REVISION_LABEL = "controller-revision-hash";
    static final String RETAIN = "Retain";
    static final String DELETE = "Delete";

    private static final Pattern ORDINAL = Pattern.compile("(.*)-([0-9]+)$");

    // ---- ordinals and names ----

    /** The parent's name and the ordinal of a pod named {@code <parent>-<ordinal>}; ordinal -1 otherwise. */
    record ParentAndOrdinal(String parent, int ordinal) {}

    static ParentAndOrdinal parentAndOrdinal(Pod pod) {
        Matcher m = ORDINAL.matcher(pod.getMetadata().getName());
        if (!m.matches()) return new ParentAndOrdinal("", -1);
        try {
            return new ParentAndOrdinal(m.group(1), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            return new ParentAndOrdinal(m.group(1), -1);
        }
    }

    static int ordinal(Pod pod) {
        return parentAndOrdinal(pod).ordinal();
    }

    static boolean isMemberOf(StatefulSet set, Pod pod) {
        return parentAndOrdinal(pod).parent().equals(set.getMetadata().getName());
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    static String claimName(StatefulSet set, PersistentVolumeClaim template, int ordinal) {
        return template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
    }

    static int replicas(StatefulSet set) {
        return Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
    }

    /** {@code spec.ordinals.start}, 0 when unset. */
    static int startOrdinal(StatefulSet set) {
        var o = set.getSpec().getOrdinals();
        return o == null || o.getStart() == null ? 0 : o.getStart();
    }

    static int endOrdinal(StatefulSet set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    static boolean inOrdinalRange(Pod pod, StatefulSet set) {
        int ord = ordinal(pod);
        return ord >= startOrdinal(set) && ord <= endOrdinal(set);
    }

    static int minReadySeconds(StatefulSet set) {
        return Objects.requireNonNullElse(set.getSpec().getMinReadySeconds(), 0);
    }

    /** Parallel lets pods be made and removed at once; OrderedReady (the default) does not. */
    static boolean allowsBurst(StatefulSet set) {
        return "Parallel".equals(set.getSpec().getPodManagementPolicy());
    }

    static boolean onDelete(StatefulSet set) {
        var s = set.getSpec().getUpdateStrategy();
        return s != null && "OnDelete".equals(s.getType());
    }

    /** The RollingUpdate partition, or null when the strategy names none. */
    static Integer partition(StatefulSet set) {
        var s = set.getSpec().getUpdateStrategy();
        if (s == null || s.getRollingUpdate() == null) return null;
        return Objects.requireNonNullElse(s.getRollingUpdate().getPartition(), 0);
    }

    /**
     * Upstream's {@code getStatefulSetMaxUnavailable}: {@code rollingUpdate.maxUnavailable} scaled
     * to the replicas (rounded down, at least 1), or null when the set does not name it.
     */
    static Integer maxUnavailable(StatefulSet set) {
        var s = set.getSpec().getUpdateStrategy();
        if (s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getMaxUnavailable() == null) return null;
        var v = s.getRollingUpdate().getMaxUnavailable();
        int n;
        if (v.getIntVal() != null) {
            n = v.getIntVal();
        } else {
            String str = Objects.requireNonNullElse(v.getStrVal(), "");
            if (!str.endsWith("%")) throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + str + "\"");
            n = Math.floorDiv(Integer.parseInt(str.substring(0, str.length() - 1)) * replicas(set), 100);
        }
        return Math.max(n, 1);
    }

    // ---- pod predicates (a pod not yet created has no phase) ----

    static boolean isCreated(Pod pod) {
        return !Pods.phase(pod).isEmpty();
    }

    static boolean isPending(Pod pod) {
        return "Pending".equals(Pods.phase(pod));
    }

    static boolean isFailed(Pod pod) {
        return "Failed".equals(Pods.phase(pod));
    }

    static boolean isSucceeded(Pod pod) {
        return "Succeeded".equals(Pods.phase(pod));
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isRunningAndReady(Pod pod) {
        return "Running".equals(Pods.phase(pod)) && Pods.isReady(pod);
    }

    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        return "Running".equals(Pods.phase(pod)) && Pods.isAvailable(pod, minReadySeconds, now);
    }

    static boolean isHealthy(Pod pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    static String podRevision(Pod pod) {
        return Pods.labels(pod).getOrDefault(REVISION_LABEL, "");
    }

    // ---- identity and storage ----

    static boolean identityMatches(StatefulSet set, Pod pod) {
        ParentAndOrdinal po = parentAndOrdinal(pod);
        Map<String, String> labels = pod.getMetadata().getLabels();
        return po.ordinal() >= 0 && set.getMetadata().getName().equals(po.parent())
                && pod.getMetadata().getName().equals(podName(set, po.ordinal()))
                && Objects.equals(pod.getMetadata().getNamespace(), set.getMetadata().getNamespace())
                && labels != null && pod.getMetadata().getName().equals(labels.get(POD_NAME_LABEL))
                && Integer.toString(po.ordinal()).equals(labels.get(POD_INDEX_LABEL));
    }

    /** Upstream's {@code updateIdentity}: name, namespace and the identity labels from the ordinal. */
    static void updateIdentity(StatefulSet set, Pod pod) {
        int ord = ordinal(pod);
        pod.getMetadata().setName(podName(set, ord));
        pod.getMetadata().setNamespace(set.getMetadata().getNamespace());
        if (pod.getMetadata().getLabels() == null) pod.getMetadata().setLabels(new HashMap<>());
        pod.getMetadata().getLabels().put(POD_NAME_LABEL, pod.getMetadata().getName());
        pod.getMetadata().getLabels().put(POD_INDEX_LABEL, Integer.toString(ord));
    }

    /** The claims a pod's ordinal gets, by template name: {@code <claim>-<set>-<ordinal>}, labelled with the set's selector. */
    static Map<String, PersistentVolumeClaim> claims(StatefulSet set, int ordinal) {
        Map<String, PersistentVolumeClaim> out = new LinkedHashMap<>();
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        if (templates == null) return out;
        Map<String, String> selector = set.getSpec().getSelector() == null || set.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : set.getSpec().getSelector().getMatchLabels();
        for (PersistentVolumeClaim t : templates) {
            PersistentVolumeClaim claim = Copies.deepCopy(t);
            ObjectMeta meta = claim.getMetadata();
            meta.setName(claimName(set, t, ordinal));
            meta.setNamespace(set.getMetadata().getNamespace());
            Map<String, String> labels = meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels());
            labels.putAll(selector);
            meta.setLabels(labels);
            claim.setStatus(null);
            out.put(t.getMetadata().getName(), claim);
        }
        return out;
    }

    static boolean storageMatches(StatefulSet set, Pod pod) {
        int ord = ordinal(pod);
        if (ord < 0) return false;
        Map<String, Volume> volumes = new HashMap<>();
        if (pod.getSpec().getVolumes() != null) pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        for (var e : claims(set, ord).entrySet()) {
            Volume v = volumes.get(e.getKey());
            if (v == null || v.getPersistentVolumeClaim() == null
                    || !e.getValue().getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName())) return false;
        }
        return true;
    }

    /** Upstream's {@code updateStorage}: a volume per claim template, named after it, in front of the template's other volumes. */
    static void updateStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> claims = claims(set, ordinal(pod));
        List<Volume> volumes = new ArrayList<>();
        for (var e : claims.entrySet()) {
            volumes.add(new VolumeBuilder().withName(e.getKey()).withNewPersistentVolumeClaim()
                    .withClaimName(e.getValue().getMetadata().getName()).withReadOnly(false).endPersistentVolumeClaim().build());
        }
        if (pod.getSpec().getVolumes() != null) {
            for (Volume v : pod.getSpec().getVolumes()) if (!claims.containsKey(v.getName())) volumes.add(v);
        }
        pod.getSpec().setVolumes(volumes);
    }

    /** Upstream's {@code newStatefulSetPod}: the template, named for the ordinal, hostname and subdomain set, its claims mounted. */
    static Pod newPod(StatefulSet set, int ordinal) {
        Pod pod = ApiPodControl.podFromTemplate(set.getMetadata().getNamespace(), set.getSpec().getTemplate(), set,
                ControllerRefs.newControllerRef(set, API_VERSION, KIND));
        pod.getMetadata().setGenerateName(null);
        pod.getMetadata().setName(podName(set, ordinal));
        updateIdentity(set, pod);
        pod.getSpec().setHostname(pod.getMetadata().getName());
        pod.getSpec().setSubdomain(set.getSpec().getServiceName());
        updateStorage(set, pod);
        return pod;
    }

    /**
     * Upstream's {@code newVersionedStatefulSetPod}: ordinals below the partition (or, with no
     * partition, below currentReplicas) are made at the current revision, the others at the update
     * revision.
     */
    static Pod newVersionedPod(StatefulSet currentSet, StatefulSet updateSet, String currentRevision, String updateRevision,
            int ordinal) {
        Integer partition = partition(currentSet);
        int currentReplicas = currentSet.getStatus() == null ? 0 : Objects.requireNonNullElse(currentSet.getStatus().getCurrentReplicas(), 0);
        boolean rolling = !onDelete(currentSet);
        boolean atCurrent = rolling && ordinal < startOrdinal(currentSet) + (partition == null ? currentReplicas : partition);
        Pod pod = newPod(atCurrent ? currentSet : updateSet, ordinal);
        pod.getMetadata().getLabels().put(REVISION_LABEL, atCurrent ? currentRevision : updateRevision);
        return pod;
    }

    // ---- revisions: the patch of spec.template a ControllerRevision holds ----

    /** Upstream's {@code getPatch}: {@code {"spec":{"template":{…,"$patch":"replace"}}}}. */
    static Map<String, Object> patch(StatefulSet set) {
        ObjectNode template = Serialization.jsonMapper().valueToTree(set.getSpec().getTemplate());
        template.put("$patch", "replace");
        ObjectNode spec = Serialization.jsonMapper().createObjectNode();
        spec.set("template", template);
        ObjectNode root = Serialization.jsonMapper().createObjectNode();
        root.set("spec", spec);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = Serialization.jsonMapper().convertValue(root, Map.class);
        return out;
    }

    /** Upstream's {@code ApplyRevision}: the set with the template the revision recorded (the patch replaces it whole). */
    static StatefulSet applyRevision(StatefulSet set, ControllerRevision revision) {
        StatefulSet clone = Copies.deepCopy(set);
        JsonNode data = Serialization.jsonMapper().valueToTree(revision.getData());
        JsonNode template = data.path("spec").path("template");
        if (template.isObject()) {
            ObjectNode t = ((ObjectNode) template).deepCopy();
            t.remove("$patch");
            clone.getSpec().setTemplate(Serialization.jsonMapper().convertValue(t, PodTemplateSpec.class));
        }
        return clone;
    }

    // ---- PVC retention: which owner references a pod's claims carry ----

    record Retention(String whenDeleted, String whenScaled) {}

    static Retention retention(StatefulSet set) {
        var p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        if (p == null) return new Retention(RETAIN, RETAIN);
        return new Retention(Objects.requireNonNullElse(p.getWhenDeleted(), RETAIN), Objects.requireNonNullElse(p.getWhenScaled(), RETAIN));
    }

    static boolean hasOwnerRef(HasMetadata target, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        List<OwnerReference> refs = target.getMetadata().getOwnerReferences();
        return uid != null && refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()));
    }

    /** Whether another controller (neither the set nor the pod) controls the claim: then the policy leaves it alone. */
    static boolean hasUnexpectedController(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        OwnerReference c = ControllerRefs.controllerOf(claim);
        if (c == null) return false;
        return !Objects.equals(c.getUid(), set.getMetadata().getUid()) && !Objects.equals(c.getUid(), pod.getMetadata().getUid());
    }

    /** Whether the pod's claim has a reference to a pod other than this very one (the claim of a pod scaled down before). */
    static boolean hasStaleOwnerRef(PersistentVolumeClaim claim, Pod pod) {
        List<OwnerReference> refs = claim.getMetadata().getOwnerReferences();
        if (refs == null) return false;
        for (OwnerReference r : refs) {
            if ("Pod".equals(r.getKind()) && r.getName().equals(pod.getMetadata().getName())
                    && !Objects.equals(r.getUid(), pod.getMetadata().getUid())) return true;
        }
        return false;
    }

    /** Upstream's {@code isClaimOwnerUpToDate}. */
    static boolean claimOwnerUpToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (hasUnexpectedController(claim, set, pod)) return !hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
        Retention r = retention(set);
        boolean scaledDown = !inOrdinalRange(pod, set);
        boolean deleteWhenDeleted = DELETE.equals(r.whenDeleted());
        boolean deleteWhenScaled = DELETE.equals(r.whenScaled());
        boolean wantSetRef = deleteWhenDeleted && !(deleteWhenScaled && scaledDown);
        boolean wantPodRef = deleteWhenScaled && scaledDown;
        return hasOwnerRef(claim, set) == wantSetRef && hasOwnerRef(claim, pod) == wantPodRef;
    }

    /** Upstream's {@code updateClaimOwnerRefForSetAndPod}: the references the policy wants, on a copy owned by the caller. */
    static void updateClaimOwnerRefs(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (hasUnexpectedController(claim, set, pod)) {
            removeOwnerRef(claim, set);
            removeOwnerRef(claim, pod);
            return;
        }
        Retention r = retention(set);
        boolean scaledDown = !inOrdinalRange(pod, set);
        boolean deleteWhenDeleted = DELETE.equals(r.whenDeleted());
        boolean deleteWhenScaled = DELETE.equals(r.whenScaled());
        if (deleteWhenDeleted && !(deleteWhenScaled && scaledDown)) setOwnerRef(claim, set, API_VERSION, KIND);
        else removeOwnerRef(claim, set);
        if (deleteWhenScaled && scaledDown) setOwnerRef(claim, pod, "v1", "Pod");
        else removeOwnerRef(claim, pod);
    }

    private static void setOwnerRef(HasMetadata target, HasMetadata owner, String apiVersion, String kind) {
        if (hasOwnerRef(target, owner)) return;
        List<OwnerReference> refs = target.getMetadata().getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(target.getMetadata().getOwnerReferences());
        refs.add(new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).build());
        target.getMetadata().setOwnerReferences(refs);
    }

    private static void removeOwnerRef(HasMetadata target, HasMetadata owner) {
        if (!hasOwnerRef(target, owner)) return;
        List<OwnerReference> refs = new ArrayList<>(target.getMetadata().getOwnerReferences());
        refs.removeIf(ref -> Objects.equals(ref.getUid(), owner.getMetadata().getUid()));
        target.getMetadata().setOwnerReferences(refs);
    }
}
