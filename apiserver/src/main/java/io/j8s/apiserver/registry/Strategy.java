package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What every kind's REST strategy does upstream, in one place: system metadata on create, what an
 * update of the main resource or of {@code /status} may change, and generation tracking.
 */
public final class Strategy {

    /** The alphabet upstream draws generateName suffixes from: no vowels, no look-alikes. */
    private static final String SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    /** Kinds whose status is kept from the request on create (the writer owns both). */
    private static final Set<String> STATUS_ON_CREATE = Set.of("Node", "Event", "Lease", "EndpointSlice", "Endpoints",
            "PersistentVolume", "CertificateSigningRequest");

    private final Clock clock;
    private final RandomGenerator random;

    public Strategy(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** @param random draws generateName suffixes (tests script it to force a taken name) */
    public Strategy(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public static String timestamp(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public String now() {
        return timestamp(clock.instant());
    }

    public Instant instant() {
        return clock.instant();
    }

    /** Resolves generateName; sets uid, creationTimestamp and generation; resets what a create may not set. */
    public void prepareForCreate(ResourceType type, ObjectNode obj) {
        ObjectNode meta = metadata(obj);
        if (generatesName(obj)) {
            meta.put("name", meta.get("generateName").asText() + suffix());
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now());
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink");
        if (hasSpec(type)) meta.put("generation", 1);
        else meta.remove("generation");
        if (type.subresources().contains("status") && !STATUS_ON_CREATE.contains(type.kind())) {
            obj.remove("status");
        }
        switch (type.kind()) {
            case "Pod" -> obj.putObject("status").put("phase", "Pending").put("qosClass", qosClass(obj));
            case "Namespace" -> obj.putObject("status").put("phase", "Active");
            case "Job" -> {
                if ("batch/v1".equals(obj.path("apiVersion").asText("batch/v1"))) JobDefaults.apply(obj);
            }
            case "CronJob" -> {
                if ("batch/v1".equals(obj.path("apiVersion").asText("batch/v1"))) JobDefaults.applyCronJob(obj);
            }
            default -> { }
        }
        omitEmpty(obj);
    }

    /** Metadata maps and lists that Go's {@code omitempty} leaves out of upstream's objects when empty. */
    private static final String[] OMITTED_WHEN_EMPTY = {"labels", "annotations", "finalizers", "ownerReferences", "managedFields"};

    /**
     * Drops empty metadata maps and lists, and empty ConfigMap and Secret data, as upstream's
     * round trip through Go structs does: {@code kubectl label x a-} on the last label leaves no
     * {@code labels: {}} behind.
     */
    public static void omitEmpty(ObjectNode obj) {
        if (obj.get("metadata") instanceof ObjectNode meta) {
            for (String f : OMITTED_WHEN_EMPTY) dropIfEmpty(meta, f);
        }
        String kind = obj.path("kind").asText("");
        if (kind.equals("ConfigMap") || kind.equals("Secret")) {
            for (String f : new String[] {"data", "binaryData", "stringData"}) dropIfEmpty(obj, f);
        }
    }

    private static void dropIfEmpty(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        if (v != null && (v.isNull() || (v.isContainerNode() && v.isEmpty()))) o.remove(field);
    }

    /**
     * Carries over what the request may not change: system metadata always; the status on an
     * update of the main resource; everything but the status on an update of {@code /status}.
     * Bumps the generation when the spec changed.
     */
    public void prepareForUpdate(ResourceType type, ObjectNode obj, ObjectNode old, String subresource) {
        ObjectNode meta = metadata(obj);
        ObjectNode oldMeta = metadata(old);
        for (String f : new String[] {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"}) {
            if (oldMeta.has(f)) meta.set(f, oldMeta.get(f));
            else meta.remove(f);
        }
        meta.remove("selfLink");
        boolean statusSub = "status".equals(subresource);
        if (statusSub) {
            // Through /status only the status moves, with the labels and annotations that agents
            // such as the kubelet keep beside it; the spec stays as it was.
            JsonNode status = obj.get("status");
            String rv = meta.path("resourceVersion").asText("");
            JsonNode labels = meta.get("labels");
            JsonNode annotations = meta.get("annotations");
            obj.removeAll();
            obj.setAll(old.deepCopy());
            ObjectNode m = metadata(obj);
            m.put("resourceVersion", rv);
            if (labels != null) m.set("labels", labels); else m.remove("labels");
            if (annotations != null) m.set("annotations", annotations); else m.remove("annotations");
            if (status != null) obj.set("status", status);
            else obj.remove("status");
        } else if (type.subresources().contains("status") && !"binding".equals(subresource)) {
            // (pods/binding sets spec.nodeName and the PodScheduled condition in one write)
            if (old.has("status")) obj.set("status", old.get("status").deepCopy());
            else obj.remove("status");
        }
        if (hasSpec(type) && !statusSub && changedBeyondMetadataAndStatus(obj, old)) {
            metadata(obj).put("generation", oldMeta.path("generation").asLong(1) + 1);
        }
        omitEmpty(obj);
    }

    private static boolean changedBeyondMetadataAndStatus(ObjectNode a, ObjectNode b) {
        ObjectNode x = a.deepCopy();
        ObjectNode y = b.deepCopy();
        for (ObjectNode o : new ObjectNode[] {x, y}) {
            o.remove("metadata");
            o.remove("status");
        }
        return !x.equals(y);
    }

    /** Kinds whose changes are counted in metadata.generation: those with a spec (and a few more). */
    static boolean hasSpec(ResourceType type) {
        return switch (type.kind()) {
            case "ConfigMap", "Secret", "Event", "Endpoints", "EndpointSlice", "ServiceAccount", "Binding",
                 "ControllerRevision", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "PriorityClass",
                 "Namespace", "Node", "Lease" -> false;
            default -> true;
        };
    }

    /** Whether a create of {@code obj} takes its name from generateName. */
    public static boolean generatesName(ObjectNode obj) {
        JsonNode meta = obj.path("metadata");
        return meta.path("name").asText("").isEmpty() && !meta.path("generateName").asText("").isEmpty();
    }

    /** Another name from generateName, for a create whose generated name was taken. */
    public void renameGenerated(ObjectNode obj) {
        ObjectNode meta = metadata(obj);
        meta.put("name", meta.path("generateName").asText() + suffix());
    }

    public static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode om) return om;
        return obj.putObject("metadata");
    }

    private String suffix() {
        StringBuilder s = new StringBuilder(5);
        for (int i = 0; i < 5; i++) s.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        return s.toString();
    }

    /** Upstream's QoS class: Guaranteed, Burstable or BestEffort from the containers' resources. */
    static String qosClass(ObjectNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : pod.path("spec").path("containers")) {
            JsonNode req = c.path("resources").path("requests");
            JsonNode lim = c.path("resources").path("limits");
            if (req.size() > 0 || lim.size() > 0) any = true;
            for (String r : new String[] {"cpu", "memory"}) {
                if (!lim.has(r) || (req.has(r) && !req.get(r).equals(lim.get(r)))) guaranteed = false;
            }
        }
        if (!any) return "BestEffort";
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
