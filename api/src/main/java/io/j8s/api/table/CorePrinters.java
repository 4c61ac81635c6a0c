package io.j8s.api.table;

import static io.j8s.api.table.Fields.age;
import static io.j8s.api.table.Fields.at;
import static io.j8s.api.table.Fields.entries;
import static io.j8s.api.table.Fields.formatLabels;
import static io.j8s.api.table.Fields.list;
import static io.j8s.api.table.Fields.name;
import static io.j8s.api.table.Fields.num;
import static io.j8s.api.table.Fields.present;
import static io.j8s.api.table.Fields.size;
import static io.j8s.api.table.Fields.str;
import static io.j8s.api.table.PodPrinter.orNone;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The core/v1 kinds other than pods and events, as upstream prints them. */
final class CorePrinters {

    private CorePrinters() {}

    private static final String NODE_ROLE_PREFIX = "node-role.kubernetes.io/";
    private static final String NODE_ROLE_LABEL = "kubernetes.io/role";
    private static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    static Map<String, Printer> all() {
        return Map.ofEntries(
                Map.entry("/Node", new Printer(List.of(
                        Column.NAME,
                        Column.string("Status", "The status of the node"),
                        Column.string("Roles", "The roles of the node"),
                        Column.AGE,
                        Column.string("Version", Docs.NODE_SYSTEM_INFO_KUBELET_VERSION),
                        Column.wide("Internal-IP", Docs.NODE_STATUS_ADDRESSES),
                        Column.wide("External-IP", Docs.NODE_STATUS_ADDRESSES),
                        Column.wide("OS-Image", Docs.NODE_SYSTEM_INFO_OS_IMAGE),
                        Column.wide("Kernel-Version", Docs.NODE_SYSTEM_INFO_KERNEL_VERSION),
                        Column.wide("Container-Runtime", Docs.NODE_SYSTEM_INFO_CONTAINER_RUNTIME_VERSION)),
                        CorePrinters::node)),
                Map.entry("/Service", new Printer(List.of(
                        Column.NAME,
                        Column.string("Type", Docs.SERVICE_SPEC_TYPE),
                        Column.string("Cluster-IP", Docs.SERVICE_SPEC_CLUSTER_IP),
                        Column.string("External-IP", Docs.SERVICE_SPEC_EXTERNAL_IPS),
                        Column.string("Port(s)", Docs.SERVICE_SPEC_PORTS),
                        Column.AGE,
                        Column.wide("Selector", Docs.SERVICE_SPEC_SELECTOR)),
                        CorePrinters::service)),
                Map.entry("/Endpoints", new Printer(List.of(
                        Column.NAME, Column.string("Endpoints", Docs.ENDPOINTS_SUBSETS), Column.AGE),
                        (o, now) -> Row.of(name(o), endpoints(o), age(o, now)))),
                Map.entry("/Namespace", new Printer(List.of(
                        Column.NAME, Column.string("Status", "The status of the namespace"), Column.AGE),
                        (o, now) -> Row.of(name(o), str(o, "status", "phase"), age(o, now)))),
                Map.entry("/ConfigMap", new Printer(List.of(
                        Column.NAME, Column.string("Data", Docs.CONFIG_MAP_DATA), Column.AGE),
                        (o, now) -> Row.of(name(o), size(o, "data") + size(o, "binaryData"), age(o, now)))),
                Map.entry("/Secret", new Printer(List.of(
                        Column.NAME, Column.string("Type", Docs.SECRET_TYPE), Column.string("Data", Docs.SECRET_DATA), Column.AGE),
                        (o, now) -> Row.of(name(o), str(o, "type"), size(o, "data"), age(o, now)))),
                Map.entry("/ServiceAccount", new Printer(List.of(
                        Column.NAME, Column.string("Secrets", Docs.SERVICE_ACCOUNT_SECRETS), Column.AGE),
                        (o, now) -> Row.of(name(o), size(o, "secrets"), age(o, now)))),
                Map.entry("/PersistentVolume", new Printer(List.of(
                        Column.NAME,
                        Column.string("Capacity", Docs.PERSISTENT_VOLUME_SPEC_CAPACITY),
                        Column.string("Access Modes", Docs.PERSISTENT_VOLUME_SPEC_ACCESS_MODES),
                        Column.string("Reclaim Policy", Docs.PERSISTENT_VOLUME_SPEC_PERSISTENT_VOLUME_RECLAIM_POLICY),
                        Column.string("Status", Docs.PERSISTENT_VOLUME_STATUS_PHASE),
                        Column.string("Claim", Docs.PERSISTENT_VOLUME_SPEC_CLAIM_REF),
                        Column.string("StorageClass", "StorageClass of the pv"),
                        Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                        Column.string("Reason", Docs.PERSISTENT_VOLUME_STATUS_REASON),
                        Column.AGE,
                        Column.wide("VolumeMode", Docs.PERSISTENT_VOLUME_SPEC_VOLUME_MODE)),
                        CorePrinters::persistentVolume)),
                Map.entry("/PersistentVolumeClaim", new Printer(List.of(
                        Column.NAME,
                        Column.string("Status", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_PHASE),
                        Column.string("Volume", Docs.PERSISTENT_VOLUME_CLAIM_SPEC_VOLUME_NAME),
                        Column.string("Capacity", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_CAPACITY),
                        Column.string("Access Modes", Docs.PERSISTENT_VOLUME_CLAIM_STATUS_ACCESS_MODES),
                        Column.string("StorageClass", "StorageClass of the pvc"),
                        Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                        Column.AGE,
                        Column.wide("VolumeMode", Docs.PERSISTENT_VOLUME_CLAIM_SPEC_VOLUME_MODE)),
                        CorePrinters::persistentVolumeClaim)),
                Map.entry("/ResourceQuota", new Printer(List.of(
                        Column.NAME,
                        Column.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
                        Column.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
                        Column.AGE),
                        CorePrinters::resourceQuota)),
                Map.entry("/PodTemplate", new Printer(List.of(
                        Column.NAME,
                        Column.string("Containers", "Names of each container in the template."),
                        Column.string("Images", "Images referenced by each container in the template."),
                        Column.string("Pod Labels", "The labels for the pod template.")),
                        (o, now) -> {
                            Fields.Containers c = Fields.Containers.of(o, "template", "spec", "containers");
                            return Row.of(name(o), c.names(), c.images(), formatLabels(o, "template", "metadata", "labels"));
                        })),
                Map.entry("/ReplicationController", new Printer(List.of(
                        Column.NAME,
                        Column.integer("Desired", Docs.REPLICATION_CONTROLLER_SPEC_REPLICAS),
                        Column.integer("Current", Docs.REPLICATION_CONTROLLER_STATUS_REPLICAS),
                        Column.integer("Ready", Docs.REPLICATION_CONTROLLER_STATUS_READY_REPLICAS),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.REPLICATION_CONTROLLER_SPEC_SELECTOR)),
                        (o, now) -> {
                            Fields.Containers c = Fields.Containers.of(o, "spec", "template", "spec", "containers");
                            return Row.of(name(o), num(o, 1, "spec", "replicas"), num(o, "status", "replicas"),
                                    num(o, "status", "readyReplicas"), age(o, now), c.names(), c.images(), formatLabels(o, "spec", "selector"));
                        })));
    }

    static Row node(JsonNode node, Instant now) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode c : list(node, "status", "conditions")) {
            if (str(c, "type").equals("Ready")) {
                ready = c; // upstream keys conditions by type in a map: the last one wins
            }
        }
        if (ready != null) {
            status.add(str(ready, "status").equals("True") ? "Ready" : "NotReady");
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (Fields.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, String> label : entries(node, "metadata", "labels")) {
            String key = label.getKey();
            if (key.startsWith(NODE_ROLE_PREFIX) && key.length() > NODE_ROLE_PREFIX.length()) {
                roles.add(key.substring(NODE_ROLE_PREFIX.length()));
            } else if (key.equals(NODE_ROLE_LABEL) && !label.getValue().isEmpty()) {
                roles.add(label.getValue());
            }
        }
        JsonNode info = at(node, "status", "nodeInfo");
        return Row.of(name(node), String.join(",", status), orNone(String.join(",", roles)), age(node, now),
                str(info, "kubeletVersion"), nodeAddress(node, "InternalIP"), nodeAddress(node, "ExternalIP"),
                orUnknown(str(info, "osImage")), orUnknown(str(info, "kernelVersion")), orUnknown(str(info, "containerRuntimeVersion")));
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : list(node, "status", "addresses")) {
            if (str(a, "type").equals(type)) {
                return str(a, "address");
            }
        }
        return "<none>";
    }

    static Row service(JsonNode svc, Instant now) {
        JsonNode spec = at(svc, "spec");
        // Stored services are defaulted: a missing type is ClusterIP, a missing protocol TCP, and
        // clusterIPs holds clusterIP.
        String type = str(spec, "type").isEmpty() ? "ClusterIP" : str(spec, "type");
        List<JsonNode> clusterIPs = list(spec, "clusterIPs");
        String internalIP = !clusterIPs.isEmpty() ? clusterIPs.getFirst().asText() : orNone(str(spec, "clusterIP"));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : list(spec, "ports")) {
            String protocol = str(p, "protocol").isEmpty() ? "TCP" : str(p, "protocol");
            long nodePort = num(p, "nodePort");
            ports.add(nodePort > 0 ? num(p, "port") + ":" + nodePort + "/" + protocol : num(p, "port") + "/" + protocol);
        }
        return Row.of(name(svc), type, internalIP, externalIP(svc, type), ports.isEmpty() ? "<none>" : String.join(",", ports),
                age(svc, now), formatLabels(spec, "selector"));
    }

    /** upstream's {@code getServiceExternalIP}, wide: load balancer addresses are not clipped. */
    private static String externalIP(JsonNode svc, String type) {
        List<String> externalIPs = list(svc, "spec", "externalIPs").stream().map(JsonNode::asText).toList();
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
            }
            case "LoadBalancer" -> {
                TreeSet<String> ingress = new TreeSet<>();
                for (JsonNode i : list(svc, "status", "loadBalancer", "ingress")) {
                    if (!str(i, "ip").isEmpty()) {
                        ingress.add(str(i, "ip"));
                    } else if (!str(i, "hostname").isEmpty()) {
                        ingress.add(str(i, "hostname"));
                    }
                }
                if (!externalIPs.isEmpty()) {
                    List<String> all = new ArrayList<>(ingress);
                    all.addAll(externalIPs);
                    return String.join(",", all);
                }
                return ingress.isEmpty() ? "<pending>" : String.join(",", ingress);
            }
            case "ExternalName" -> {
                return str(svc, "spec", "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** upstream's {@code formatEndpoints}: the first three addresses (with each port), then a count. */
    static String endpoints(JsonNode ep) {
        List<JsonNode> subsets = list(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        final int max = 3;
        List<String> shown = new ArrayList<>();
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = list(ss, "addresses");
            List<JsonNode> ports = list(ss, "ports");
            if (ports.isEmpty()) {
                // a headless service without ports lists bare IPs
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(str(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (shown.size() == max) {
                        more = true;
                        break;
                    }
                    shown.add(joinHostPort(str(a, "ip"), num(port, "port")));
                }
            }
        }
        String joined = String.join(",", shown);
        return more ? joined + " + " + (count - max) + " more..." : joined;
    }

    private static String joinHostPort(String host, long port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    static Row persistentVolume(JsonNode pv, Instant now) {
        String claim = "";
        if (present(pv, "spec", "claimRef")) {
            claim = str(pv, "spec", "claimRef", "namespace") + "/" + str(pv, "spec", "claimRef", "name");
        }
        String phase = present(pv, "metadata", "deletionTimestamp") ? "Terminating" : str(pv, "status", "phase");
        String storageClass = present(pv, "metadata", "annotations", BETA_STORAGE_CLASS)
                ? str(pv, "metadata", "annotations", BETA_STORAGE_CLASS) : str(pv, "spec", "storageClassName");
        return Row.of(name(pv), quantity(pv, "spec", "capacity", "storage"), accessModes(at(pv, "spec", "accessModes")),
                str(pv, "spec", "persistentVolumeReclaimPolicy"), phase, claim, storageClass,
                orUnset(pv, "spec", "volumeAttributesClassName"), str(pv, "status", "reason"), age(pv, now),
                orUnset(pv, "spec", "volumeMode"));
    }

    static Row persistentVolumeClaim(JsonNode pvc, Instant now) {
        String phase = present(pvc, "metadata", "deletionTimestamp") ? "Terminating" : str(pvc, "status", "phase");
        String volumeName = str(pvc, "spec", "volumeName");
        String capacity = "";
        String accessModes = "";
        if (!volumeName.isEmpty()) {
            // what the claim asked for is not shown until a volume is bound to it
            accessModes = accessModes(at(pvc, "status", "accessModes"));
            capacity = quantity(pvc, "status", "capacity", "storage");
        }
        String storageClass = present(pvc, "metadata", "annotations", BETA_STORAGE_CLASS)
                ? str(pvc, "metadata", "annotations", BETA_STORAGE_CLASS) : str(pvc, "spec", "storageClassName");
        return Row.of(name(pvc), phase, volumeName, capacity, accessModes, storageClass,
                orUnset(pvc, "spec", "volumeAttributesClassName"), age(pvc, now), orUnset(pvc, "spec", "volumeMode"));
    }

    /** upstream's {@code GetAccessModesAsString}: abbreviations in a fixed order, each once. */
    private static String accessModes(JsonNode modes) {
        List<String> given = new ArrayList<>();
        modes.forEach(m -> given.add(m.asText()));
        List<String> out = new ArrayList<>();
        for (String[] mode : new String[][] {{"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}}) {
            if (given.contains(mode[0])) {
                out.add(mode[1]);
            }
        }
        return String.join(",", out);
    }

    static Row resourceQuota(JsonNode quota, Instant now) {
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        TreeSet<String> resources = new TreeSet<>();
        entries(quota, "status", "hard").forEach(e -> resources.add(e.getKey()));
        for (String resource : resources) {
            String used = quantity(quota, "status", "used", resource);
            String hard = quantity(quota, "status", "hard", resource);
            String[] pieces = resource.split("\\.", -1);
            (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(resource + ": " + used + "/" + hard);
        }
        return Row.of(name(quota), String.join(", ", requests), String.join(", ", limits), age(quota, now));
    }

    /**
     * A resource.Quantity as stored; the zero quantity, {@code 0}, when absent. Upstream prints
     * the canonical form ({@code 1024Mi} as {@code 1Gi}); the stored string is the same whenever
     * it was written canonically, as kubectl and the controllers write quantities.
     */
    static String quantity(JsonNode node, String... path) {
        String q = str(node, path);
        return q.isEmpty() ? "0" : q;
    }

    private static String orUnset(JsonNode node, String... path) {
        return present(node, path) ? str(node, path) : "<unset>";
    }

    private static String orUnknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
