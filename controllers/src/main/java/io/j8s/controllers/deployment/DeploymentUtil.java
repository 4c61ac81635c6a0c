package io.j8s.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.common.Times;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** Upstream's {@code pkg/controller/deployment/util}: annotations, fenceposts, counts, the template hash, conditions. */
final class DeploymentUtil {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    static final String POD_TEMPLATE_HASH = "pod-template-hash";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Upstream's {@code MaxRevHistoryLengthInChars}. */
    static final int MAX_REV_HISTORY_CHARS = 2000;

    // Progressing reasons and the Available ones, as upstream's.
    static final String NEW_RS_REASON = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS_REASON = "FoundNewReplicaSet";
    static final String RS_UPDATED_REASON = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE_REASON = "NewReplicaSetAvailable";
    static final String TIMED_OUT_REASON = "ProgressDeadlineExceeded";
    static final String PAUSED_REASON = "DeploymentPaused";
    static final String RESUMED_REASON = "DeploymentResumed";
    static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";
    static final String FAILED_RS_CREATE_REASON = "ReplicaSetCreateError";

    private static final Set<String> NOT_COPIED = Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
            "deprecated.deployment.rollback.to");

    private DeploymentUtil() {}

    static int replicas(Deployment d) {
        return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    }

    static int replicas(ReplicaSet rs) {
        return rs == null ? 0 : Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || !"Recreate".equals(d.getSpec().getStrategy().getType());
    }

    /** Upstream's {@code GetScaledValueFromIntOrPercent}. */
    static int scaled(IntOrString v, int total, boolean roundUp) {
        if (v == null) return 0;
        if (v.getIntVal() != null) return v.getIntVal();
        String s = v.getStrVal();
        if (s == null || !s.endsWith("%")) throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + s + "\"");
        int pct = Integer.parseInt(s.substring(0, s.length() - 1));
        long scaledTimes100 = (long) pct * total;
        return (int) (roundUp ? Math.ceilDiv(scaledTimes100, 100) : Math.floorDiv(scaledTimes100, 100));
    }

    /** Upstream's {@code ResolveFenceposts}: [maxSurge, maxUnavailable], never both zero. */
    static int[] fenceposts(Deployment d) {
        var ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = ru == null || ru.getMaxSurge() == null ? new IntOrString("25%") : ru.getMaxSurge();
        IntOrString unavailable = ru == null || ru.getMaxUnavailable() == null ? new IntOrString("25%") : ru.getMaxUnavailable();
        int s = scaled(surge, replicas(d), true);
        int u = scaled(unavailable, replicas(d), false);
        if (s == 0 && u == 0) u = 1;
        return new int[] {s, u};
    }

    static int maxSurge(Deployment d) {
        return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
    }

    static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) return 0;
        return Math.min(fenceposts(d)[1], replicas(d));
    }

    // ---- counts over replica sets ----

    static int specReplicas(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::replicas).sum();
    }

    static int statusReplicas(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(rs -> rs.getStatus() == null ? 0 : n(rs.getStatus().getReplicas())).sum();
    }

    static int readyReplicas(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(rs -> rs.getStatus() == null ? 0 : n(rs.getStatus().getReadyReplicas())).sum();
    }

    static int availableReplicas(List<ReplicaSet> rss) {
        return rss.stream().filter(Objects::nonNull).mapToInt(DeploymentUtil::available).sum();
    }

    static int available(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : n(rs.getStatus().getAvailableReplicas());
    }

    static List<ReplicaSet> active(List<ReplicaSet> rss) {
        return rss.stream().filter(rs -> rs != null && replicas(rs) > 0).toList();
    }

    static Instant created(ReplicaSet rs) {
        return Objects.requireNonNullElse(Times.parse(rs.getMetadata().getCreationTimestamp()), Instant.EPOCH);
    }

    /** Upstream's {@code ReplicaSetsByCreationTimestamp}: oldest first, then by name. */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(DeploymentUtil::created)
            .thenComparing(rs -> rs.getMetadata().getName());

    /** Upstream's {@code ReplicaSetsByRevision}: lowest revision first, then by creation. */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.<ReplicaSet>comparingLong(rs -> revision(rs)).thenComparing(BY_CREATION);

    /** Upstream's {@code ReplicaSetsBySizeNewer}: largest first, newer first on a tie. */
    static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.<ReplicaSet>comparingInt(rs -> replicas(rs)).reversed()
            .thenComparing(BY_CREATION.reversed());

    /** Upstream's {@code ReplicaSetsBySizeOlder}: largest first, older first on a tie. */
    static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.<ReplicaSet>comparingInt(rs -> replicas(rs)).reversed()
            .thenComparing(BY_CREATION);

    // ---- revisions and annotations ----

    static long revision(io.fabric8.kubernetes.api.model.HasMetadata obj) {
        Map<String, String> a = obj.getMetadata().getAnnotations();
        if (a == null || !a.containsKey(REVISION)) return 0;
        try {
            return Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static long maxRevision(List<ReplicaSet> rss) {
        return rss.stream().mapToLong(DeploymentUtil::revision).max().orElse(0);
    }

    static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata obj) {
        if (obj.getMetadata().getAnnotations() == null) obj.getMetadata().setAnnotations(new HashMap<>());
        return obj.getMetadata().getAnnotations();
    }

    /** Upstream's {@code SetNewReplicaSetAnnotations}; true when something changed. */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, String newRevision, boolean exists) {
        boolean changed = copyDeploymentAnnotations(d, rs);
        Map<String, String> a = annotations(rs);
        String oldRevision = a.get(REVISION);
        long oldRev;
        try {
            oldRev = oldRevision == null || oldRevision.isEmpty() ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return false;
        }
        long newRev = Long.parseLong(newRevision);
        if (oldRev < newRev) {
            a.put(REVISION, newRevision);
            changed = true;
        }
        if (oldRevision != null && oldRev < newRev) {
            // Rolled back to this replica set: keep the revisions it had.
            String history = a.getOrDefault(REVISION_HISTORY, "");
            if (history.isEmpty()) {
                a.put(REVISION_HISTORY, oldRevision);
            } else {
                List<String> old = new ArrayList<>(List.of(history.split(",")));
                int total = history.length() + oldRevision.length() + 1;
                while (total > MAX_REV_HISTORY_CHARS && !old.isEmpty()) total -= old.removeFirst().length() + 1;
                if (total <= MAX_REV_HISTORY_CHARS) {
                    old.add(oldRevision);
                    a.put(REVISION_HISTORY, String.join(",", old));
                }
            }
        }
        if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) changed = true;
        return changed;
    }

    private static boolean copyDeploymentAnnotations(Deployment d, ReplicaSet rs) {
        Map<String, String> from = d.getMetadata().getAnnotations();
        if (from == null) return false;
        boolean changed = false;
        Map<String, String> to = annotations(rs);
        for (var e : from.entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || Objects.equals(to.get(e.getKey()), e.getValue())) continue;
            to.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** Upstream's {@code SetReplicasAnnotations}. */
    static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = annotations(rs);
        boolean changed = false;
        if (!String.valueOf(desired).equals(a.get(DESIRED_REPLICAS))) {
            a.put(DESIRED_REPLICAS, String.valueOf(desired));
            changed = true;
        }
        if (!String.valueOf(max).equals(a.get(MAX_REPLICAS))) {
            a.put(MAX_REPLICAS, String.valueOf(max));
            changed = true;
        }
        return changed;
    }

    static boolean replicasAnnotationsNeedUpdate(ReplicaSet rs, int desired, int max) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        if (a == null) return true;
        return !String.valueOf(desired).equals(a.get(DESIRED_REPLICAS)) || !String.valueOf(max).equals(a.get(MAX_REPLICAS));
    }

    /** Upstream's {@code SetDeploymentRevision}. */
    static boolean setDeploymentRevision(Deployment d, String revision) {
        Map<String, String> a = annotations(d);
        if (Objects.equals(a.get(REVISION), revision)) return false;
        a.put(REVISION, revision);
        return true;
    }

    static Integer desiredReplicasAnnotation(ReplicaSet rs) {
        return intAnnotation(rs, DESIRED_REPLICAS);
    }

    static Integer intAnnotation(ReplicaSet rs, String key) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        if (a == null || !a.containsKey(key)) return null;
        try {
            return Integer.parseInt(a.get(key));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- the template and its hash ----

    /**
     * Upstream's {@code ComputeHash}: FNV-32a over the template, then the collision count as 8
     * little-endian bytes (the low 4 carry it), the decimal of the sum encoded by
     * {@code rand.SafeEncodeString}. Upstream feeds the hasher spew's dump of the Go struct, which
     * Java cannot reproduce byte for byte; j8s feeds it the template's canonical JSON (keys
     * sorted, empty values left out), so a hash is stable here but differs from upstream's.
     */
    static String computeHash(PodTemplateSpec template, Integer collisionCount) {
        int h = 0x811c9dc5;
        for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            byte[] bytes = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
            for (byte b : bytes) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
        }
        return safeEncodeString(Integer.toUnsignedString(h));
    }

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    /** Upstream's {@code rand.SafeEncodeString}: each character to one of 27 consonants and digits. */
    static String safeEncodeString(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }

    /** The template as canonical JSON: object keys sorted, nulls and empty objects and lists left out. */
    static String canonical(PodTemplateSpec template) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(template);
        StringBuilder out = new StringBuilder();
        write(normalize(tree), out);
        return out.toString();
    }

    private static JsonNode normalize(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = Serialization.jsonMapper().createObjectNode();
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), normalize(e.getValue())));
            sorted.forEach((k, v) -> {
                if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty())) o.set(k, v);
            });
            return o;
        }
        if (n.isArray()) {
            var a = Serialization.jsonMapper().createArrayNode();
            n.forEach(x -> a.add(normalize(x)));
            return a;
        }
        return n;
    }

    private static void write(JsonNode n, StringBuilder out) {
        out.append(n.toString());
    }

    /** Upstream's {@code EqualIgnoreHash}: the templates equal once the pod-template-hash label is left out. */
    static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return canonical(withoutHash(a)).equals(canonical(withoutHash(b)));
    }

    static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        PodTemplateSpec copy = io.j8s.controllers.common.Copies.deepCopy(t);
        if (copy != null && copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(POD_TEMPLATE_HASH);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    // ---- conditions ----

    static DeploymentCondition condition(DeploymentStatus s, String type) {
        if (s == null || s.getConditions() == null) return null;
        for (DeploymentCondition c : s.getConditions()) if (type.equals(c.getType())) return c;
        return null;
    }

    static DeploymentCondition newCondition(String type, String status, String reason, String message, Instant now) {
        String t = Times.format(now);
        return new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder().withType(type).withStatus(status)
                .withLastUpdateTime(t).withLastTransitionTime(t).withReason(reason).withMessage(message).build();
    }

    /** Upstream's {@code SetDeploymentCondition}: same status and reason: nothing; same status: keep the transition time. */
    static void setCondition(DeploymentStatus s, DeploymentCondition c) {
        DeploymentCondition current = condition(s, c.getType());
        if (current != null && Objects.equals(current.getStatus(), c.getStatus()) && Objects.equals(current.getReason(), c.getReason())) {
            return;
        }
        if (current != null && Objects.equals(current.getStatus(), c.getStatus())) c.setLastTransitionTime(current.getLastTransitionTime());
        List<DeploymentCondition> out = new ArrayList<>();
        if (s.getConditions() != null) for (DeploymentCondition x : s.getConditions()) if (!x.getType().equals(c.getType())) out.add(x);
        out.add(c);
        s.setConditions(out);
    }

    static void removeCondition(DeploymentStatus s, String type) {
        if (s.getConditions() == null) return;
        List<DeploymentCondition> out = new ArrayList<>(s.getConditions());
        out.removeIf(c -> type.equals(c.getType()));
        s.setConditions(out);
    }

    /** Upstream's {@code getReplicaFailures}: the new ReplicaSet's ReplicaFailure condition, else an old one's, as the Deployment's. */
    static DeploymentCondition replicaFailure(List<ReplicaSet> all, ReplicaSet newRS) {
        List<ReplicaSet> order = new ArrayList<>();
        if (newRS != null) order.add(newRS);
        order.addAll(all);
        for (ReplicaSet rs : order) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) continue;
            for (var c : rs.getStatus().getConditions()) {
                if (!"ReplicaFailure".equals(c.getType())) continue;
                return new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder().withType("ReplicaFailure")
                        .withStatus(c.getStatus()).withReason(c.getReason()).withMessage(c.getMessage())
                        .withLastUpdateTime(c.getLastTransitionTime()).withLastTransitionTime(c.getLastTransitionTime()).build();
            }
        }
        return null;
    }

    static boolean hasProgressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    /** Upstream's {@code DeploymentComplete}. */
    static boolean complete(Deployment d, DeploymentStatus s) {
        int want = replicas(d);
        return n(s.getUpdatedReplicas()) == want && n(s.getReplicas()) == want && n(s.getAvailableReplicas()) == want
                && Objects.requireNonNullElse(s.getObservedGeneration(), 0L) >= Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
    }

    /** Upstream's {@code DeploymentProgressing}: more updated, fewer old, more ready or more available than before. */
    static boolean progressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas()) || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /** Upstream's {@code DeploymentTimedOut}. */
    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        if (!hasProgressDeadline(d)) return false;
        DeploymentCondition c = condition(s, "Progressing");
        if (c == null) return false;
        if (NEW_RS_AVAILABLE_REASON.equals(c.getReason())) return false;
        if (TIMED_OUT_REASON.equals(c.getReason())) return true;
        Instant from = Times.parse(c.getLastUpdateTime());
        return from != null && from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }
}
