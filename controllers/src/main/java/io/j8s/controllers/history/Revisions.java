package io.j8s.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.j8s.controllers.common.ControllerRefs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Upstream's {@code pkg/controller/history} helpers, pure functions over ControllerRevisions:
 * the {@code controller-revision-hash} label, the hashes, {@code <owner>-<hash>} names, new
 * revisions, ordering by revision number, equality, and which revisions a history limit drops.
 *
 * <p>Hashes are FNV-32a, encoded as upstream's {@code rand.SafeEncodeString} of the decimal sum.
 * Upstream hashes Go's bytes (a spew dump of a template, or a revision's raw JSON); j8s hashes the
 * canonical JSON (keys sorted, null and empty values left out), so hashes are stable across
 * restarts and reads but not equal to upstream's for the same template.
 */
public final class Revisions {

    /** Upstream's {@code ControllerRevisionHashLabel} (also {@code apps.DefaultDaemonSetUniqueLabelKey}). */
    public static final String HASH_LABEL = "controller-revision-hash";
    /** Upstream's limit on a revision name's prefix, so {@code <prefix>-<hash>} stays a valid name. */
    static final int MAX_PREFIX = 223;

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Revisions() {}

    // ---- hashes and names ----

    /**
     * Upstream's {@code controller.ComputeHash} (the DaemonSet's {@code controller-revision-hash}):
     * the template, then the collision count as 8 little-endian bytes when there is one.
     */
    public static String hashTemplate(PodTemplateSpec template, Integer collisionCount) {
        int h = fnv(FNV_OFFSET, canonicalJson(template).getBytes(StandardCharsets.UTF_8));
        if (collisionCount != null) {
            int c = collisionCount;
            h = fnv(h, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0});
        }
        return safeEncode(Integer.toUnsignedString(h));
    }

    /**
     * Upstream's {@code HashControllerRevision} (the StatefulSet's): the revision's data, then the
     * collision count in decimal when there is one.
     */
    public static String hashRevision(ControllerRevision revision, Integer collisionCount) {
        int h = FNV_OFFSET;
        if (revision.getData() != null) h = fnv(h, canonicalJson(revision.getData()).getBytes(StandardCharsets.UTF_8));
        if (collisionCount != null) h = fnv(h, Integer.toString(collisionCount).getBytes(StandardCharsets.UTF_8));
        return safeEncode(Integer.toUnsignedString(h));
    }

    /** Upstream's {@code ControllerRevisionName}: {@code <prefix>-<hash>}, the prefix cut to 223 characters. */
    public static String revisionName(String prefix, String hash) {
        if (prefix.length() > MAX_PREFIX) prefix = prefix.substring(0, MAX_PREFIX);
        return prefix + "-" + hash;
    }

    /**
     * Upstream's {@code NewControllerRevision}: a revision of {@code parent} (namespace, controller
     * reference) holding {@code data}, labelled with the template's labels plus its hash
     * ({@link #hashRevision}), named {@code <parent>-<hash>}.
     */
    public static ControllerRevision newRevision(HasMetadata parent, String apiVersion, String kind,
            Map<String, String> templateLabels, Object data, long revision, Integer collisionCount) {
        ControllerRevision cr = new ControllerRevision();
        cr.setApiVersion("apps/v1");
        cr.setKind("ControllerRevision");
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(parent.getMetadata().getNamespace());
        meta.setLabels(new HashMap<>(templateLabels == null ? Map.of() : templateLabels));
        meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(parent, apiVersion, kind))));
        cr.setMetadata(meta);
        cr.setData(data);
        cr.setRevision(revision);
        String hash = hashRevision(cr, collisionCount);
        meta.setName(revisionName(parent.getMetadata().getName(), hash));
        meta.getLabels().put(HASH_LABEL, hash);
        return cr;
    }

    // ---- order and equality ----

    /** Upstream's {@code SortControllerRevisions} order: revision number, then creation time, then name. */
    public static final Comparator<ControllerRevision> BY_REVISION = Comparator
            .comparingLong((ControllerRevision r) -> revisionOf(r))
            .thenComparing(r -> Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(r -> r.getMetadata().getName());

    /** The revisions sorted oldest first (a new list). */
    public static List<ControllerRevision> sorted(List<ControllerRevision> revisions) {
        List<ControllerRevision> out = new ArrayList<>(revisions);
        out.sort(BY_REVISION);
        return out;
    }

    /** Upstream's {@code NextRevision}: one more than the highest revision number, 1 for none. */
    public static long nextRevision(List<ControllerRevision> revisions) {
        long max = 0;
        for (ControllerRevision r : revisions) max = Math.max(max, revisionOf(r));
        return max + 1;
    }

    /**
     * Upstream's {@code EqualRevision}: different hash labels mean different revisions; otherwise
     * the data decide (compared as canonical JSON, so a revision read back equals the one made).
     */
    public static boolean equalRevision(ControllerRevision a, ControllerRevision b) {
        if (a == null || b == null) return a == b;
        String ha = labels(a).get(HASH_LABEL);
        String hb = labels(b).get(HASH_LABEL);
        if (ha != null && hb != null && !ha.equals(hb)) return false;
        return canonicalJson(a.getData()).equals(canonicalJson(b.getData()));
    }

    /** Whether two revisions' data are the same JSON (what the DaemonSet's {@code Match} checks). */
    public static boolean equalData(Object a, Object b) {
        return canonicalJson(a).equals(canonicalJson(b));
    }

    /** Upstream's {@code FindEqualRevisions}: the revisions equal to {@code needle}, in the order given. */
    public static List<ControllerRevision> findEqual(List<ControllerRevision> revisions, ControllerRevision needle) {
        return revisions.stream().filter(r -> equalRevision(r, needle)).toList();
    }

    /**
     * The revisions a history limit drops (upstream's StatefulSet {@code truncateHistory}): of
     * those that are not live, the oldest beyond {@code limit}. Live revisions (the current and
     * update revisions, those some pod still runs) are never dropped and do not count against the
     * limit. (The DaemonSet's {@code cleanupHistory} counts live old ones towards the excess.)
     */
    public static List<ControllerRevision> toTruncate(List<ControllerRevision> revisions, Predicate<ControllerRevision> live, int limit) {
        List<ControllerRevision> old = sorted(revisions).stream().filter(live.negate()).toList();
        int excess = old.size() - Math.max(limit, 0);
        return excess <= 0 ? List.of() : old.subList(0, excess);
    }

    // ---- internals ----

    /** The revision number, 0 when unset. */
    public static long revisionOf(ControllerRevision r) {
        return r.getRevision() == null ? 0 : r.getRevision();
    }

    /** The object's labels, empty when it has none. */
    public static Map<String, String> labels(HasMetadata o) {
        Map<String, String> l = o.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    /** Canonical JSON of any model object or tree: keys sorted, nulls and empty objects and lists left out. */
    static String canonicalJson(Object value) {
        if (value == null) return "null";
        JsonNode tree = value instanceof String s ? parse(s) : Serialization.jsonMapper().valueToTree(value);
        return normalize(tree).toString();
    }

    private static JsonNode parse(String s) {
        try {
            return Serialization.jsonMapper().readTree(s);
        } catch (Exception e) {
            return Serialization.jsonMapper().getNodeFactory().textNode(s);
        }
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
        if (n.isIntegralNumber()) return Serialization.jsonMapper().getNodeFactory().numberNode(n.bigIntegerValue());
        return n;
    }

    private static int fnv(int h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** Upstream's {@code rand.SafeEncodeString}: each character to one of 27 consonants and digits. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.append(ALPHANUMS.charAt(c % ALPHANUMS.length())));
        return out.toString();
    }
}
