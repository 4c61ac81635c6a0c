package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Quantity;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pod specs as upstream's {@code SetDefaults_PodSpec} and the defaulters of everything inside one
 * (containers, ports, probes, volumes, field selectors), which apply to pods and pod templates
 * alike; and what applies to Pods only ({@code SetDefaults_Pod}, pod admission, pod status).
 */
final class PodDefaults {

    private PodDefaults() {}

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    /** Every volume source a Volume may name; a volume with none of them gets an emptyDir. */
    private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
            "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
            "ephemeral", "image");
    private static final int DEFAULT_MODE = 0644;

    /** A pod template's spec (and a pod's): SetDefaults_PodSpec and the nested defaulters. */
    static void spec(ObjectNode spec) {
        Nodes.string(spec, "dnsPolicy", "ClusterFirst");
        Nodes.string(spec, "restartPolicy", "Always");
        Nodes.object(spec, "securityContext");
        Nodes.pointer(spec, "terminationGracePeriodSeconds", 30L);
        Nodes.string(spec, "schedulerName", "default-scheduler");
        for (String list : CONTAINER_LISTS) {
            for (ObjectNode c : Nodes.objects(spec, list)) container(c);
        }
        for (ObjectNode v : Nodes.objects(spec, "volumes")) volume(v);
    }

    /** A template (metadata + spec) wherever one is embedded. */
    static void template(ObjectNode owner, String field) {
        ObjectNode template = Nodes.existing(owner, field);
        if (template == null) return;
        ObjectNode spec = Nodes.object(template, "spec");
        if (spec != null) spec(spec);
    }

    private static void container(ObjectNode c) {
        if (Nodes.emptyString(c, "imagePullPolicy")) {
            c.put("imagePullPolicy", "latest".equals(imageTag(c.path("image").asText(""))) ? "Always" : "IfNotPresent");
        }
        Nodes.string(c, "terminationMessagePath", "/dev/termination-log");
        Nodes.string(c, "terminationMessagePolicy", "File");
        for (ObjectNode p : Nodes.objects(c, "ports")) Nodes.string(p, "protocol", "TCP");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode p = Nodes.existing(c, probe);
            if (p == null) continue;
            Nodes.number(p, "timeoutSeconds", 1);
            Nodes.number(p, "periodSeconds", 10);
            Nodes.number(p, "successThreshold", 1);
            Nodes.number(p, "failureThreshold", 3);
            handler(p);
        }
        ObjectNode lifecycle = Nodes.existing(c, "lifecycle");
        if (lifecycle != null) {
            for (String hook : List.of("postStart", "preStop")) {
                ObjectNode h = Nodes.existing(lifecycle, hook);
                if (h != null) handler(h);
            }
        }
        for (ObjectNode env : Nodes.objects(c, "env")) {
            ObjectNode fieldRef = Nodes.existing(Nodes.existing(env, "valueFrom"), "fieldRef");
            if (fieldRef != null) Nodes.string(fieldRef, "apiVersion", "v1");
        }
        // Go always writes the (struct) resources field, so every container shows "resources: {}".
        ObjectNode resources = Nodes.object(c, "resources");
        if (resources != null) {
            roundResourceList(Nodes.existing(resources, "limits"));
            roundResourceList(Nodes.existing(resources, "requests"));
        }
    }

    private static void handler(ObjectNode h) {
        ObjectNode http = Nodes.existing(h, "httpGet");
        if (http != null) {
            Nodes.string(http, "path", "/");
            Nodes.string(http, "scheme", "HTTP");
        }
        ObjectNode grpc = Nodes.existing(h, "grpc");
        if (grpc != null) Nodes.pointer(grpc, "service", "");
    }

    /** SetDefaults_ResourceList: quantities are kept to milli precision, rounding up, in canonical form. */
    static void roundResourceList(ObjectNode list) {
        if (list == null) return;
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) continue;
            Quantity q = Quantity.parseOrNull(e.getValue().asText());
            if (q != null) e.setValue(list.textNode(q.roundUpToMilli().toString()));
        }
    }

    private static void volume(ObjectNode v) {
        boolean hasSource = VOLUME_SOURCES.stream().anyMatch(s -> !Nodes.unset(v, s));
        if (!hasSource) v.putObject("emptyDir");
        for (String s : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ObjectNode src = Nodes.existing(v, s);
            if (src != null) Nodes.pointer(src, "defaultMode", DEFAULT_MODE);
        }
        ObjectNode hostPath = Nodes.existing(v, "hostPath");
        if (hostPath != null) Nodes.pointer(hostPath, "type", "");
        ObjectNode iscsi = Nodes.existing(v, "iscsi");
        if (iscsi != null) Nodes.string(iscsi, "iscsiInterface", "default");
        ObjectNode azureDisk = Nodes.existing(v, "azureDisk");
        if (azureDisk != null) {
            Nodes.pointer(azureDisk, "cachingMode", "ReadWrite");
            Nodes.pointer(azureDisk, "kind", "Shared");
            Nodes.pointer(azureDisk, "fsType", "ext4");
            Nodes.pointer(azureDisk, "readOnly", false);
        }
        ObjectNode scaleIO = Nodes.existing(v, "scaleIO");
        if (scaleIO != null) {
            Nodes.string(scaleIO, "storageMode", "ThinProvisioned");
            Nodes.string(scaleIO, "fsType", "xfs");
        }
        ObjectNode downward = Nodes.existing(v, "downwardAPI");
        if (downward != null) fieldRefs(downward);
        ObjectNode projected = Nodes.existing(v, "projected");
        if (projected != null) {
            for (ObjectNode source : Nodes.objects(projected, "sources")) {
                ObjectNode token = Nodes.existing(source, "serviceAccountToken");
                if (token != null) Nodes.pointer(token, "expirationSeconds", 3600L);
                ObjectNode d = Nodes.existing(source, "downwardAPI");
                if (d != null) fieldRefs(d);
            }
        }
        ObjectNode ephemeral = Nodes.existing(v, "ephemeral");
        ObjectNode claimSpec = Nodes.existing(Nodes.existing(ephemeral, "volumeClaimTemplate"), "spec");
        if (claimSpec != null) Nodes.pointer(claimSpec, "volumeMode", "Filesystem");
    }

    private static void fieldRefs(ObjectNode downwardApi) {
        for (ObjectNode item : Nodes.objects(downwardApi, "items")) {
            ObjectNode fieldRef = Nodes.existing(item, "fieldRef");
            if (fieldRef != null) Nodes.string(fieldRef, "apiVersion", "v1");
        }
    }

    /**
     * The tag of an image reference as the container runtime reads it: after the last ':' of the
     * last path component, cut at any digest. No tag and no digest means "latest".
     */
    static String imageTag(String image) {
        if (image.isEmpty() || !image.equals(image.strip())) return "";
        String name = image;
        boolean digest = false;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
            digest = true;
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String repository = colon > slash ? name.substring(0, colon) : name;
        // References that do not parse (upper case repositories) have no tag at all.
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) return "";
        if (colon > slash) return name.substring(colon + 1);
        return digest ? "" : "latest";
    }

    /** SetDefaults_Pod: what only Pods (not templates) get. */
    static void podOnly(ObjectNode pod) {
        ObjectNode spec = Nodes.object(pod, "spec");
        if (spec == null) return;
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode c : Nodes.objects(spec, list)) {
                // Requests default to limits, for pods only: templates keep what was written.
                ObjectNode resources = Nodes.existing(c, "resources");
                ObjectNode limits = Nodes.existing(resources, "limits");
                if (limits == null) continue;
                ObjectNode requests = Nodes.object(resources, "requests");
                if (requests == null) continue;
                limits.properties().forEach(e -> {
                    if (!requests.has(e.getKey())) requests.set(e.getKey(), e.getValue().deepCopy());
                });
            }
        }
        Nodes.pointer(spec, "enableServiceLinks", true);
        if (spec.path("hostNetwork").asBoolean(false)) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode c : Nodes.objects(spec, list)) {
                    for (ObjectNode p : Nodes.objects(c, "ports")) {
                        if (Nodes.zero(p, "hostPort") && p.has("containerPort")) p.set("hostPort", p.get("containerPort"));
                    }
                }
            }
        }
    }

    /**
     * The DefaultTolerationSeconds admission plugin: pods tolerate a not-ready or unreachable node
     * for a while, unless they already say how they treat those taints.
     */
    static void defaultTolerations(ObjectNode pod, DefaultsConfig config) {
        ObjectNode spec = Nodes.object(pod, "spec");
        if (spec == null) return;
        boolean notReady = false;
        boolean unreachable = false;
        for (ObjectNode t : Nodes.objects(spec, "tolerations")) {
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            if (noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/not-ready"))) notReady = true;
            if (noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/unreachable"))) unreachable = true;
        }
        if (notReady && unreachable) return;
        JsonNode existing = spec.get("tolerations");
        ArrayNode tolerations = existing instanceof ArrayNode a ? a : spec.putArray("tolerations");
        if (!notReady) addToleration(tolerations, "node.kubernetes.io/not-ready", config.notReadyTolerationSeconds());
        if (!unreachable) addToleration(tolerations, "node.kubernetes.io/unreachable", config.unreachableTolerationSeconds());
    }

    private static void addToleration(ArrayNode tolerations, String key, long seconds) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute").put("tolerationSeconds", seconds);
    }

    /**
     * What admission and the pod strategy add to a new pod: the ServiceAccount admission's
     * "default" account, the Priority admission's priority for the built-in classes (or 0 without a
     * class), and the initial status.
     */
    static void onCreate(ObjectNode pod) {
        ObjectNode spec = Nodes.object(pod, "spec");
        if (spec == null) return;
        Nodes.string(spec, "serviceAccountName", "default");
        // v1 still carries the deprecated twin of serviceAccountName.
        Nodes.string(spec, "serviceAccount", spec.path("serviceAccountName").asText());
        String priorityClass = spec.path("priorityClassName").asText("");
        Long priority = switch (priorityClass) {
            case "" -> 0L;
            case "system-node-critical" -> 2_000_001_000L;
            case "system-cluster-critical" -> 2_000_000_000L;
            default -> null; // a user-defined class: resolved by whoever can read PriorityClasses
        };
        if (priority != null) {
            Nodes.pointer(spec, "priority", priority);
            Nodes.pointer(spec, "preemptionPolicy", "PreemptLowerPriority");
        }
        // A new pod's status is the API server's to write, whatever the body says.
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", Qos.of(spec));
        if (spec.path("schedulingGates").isArray() && !spec.path("schedulingGates").isEmpty()) {
            status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
                    .put("reason", "SchedulingGated").put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
    }
}
