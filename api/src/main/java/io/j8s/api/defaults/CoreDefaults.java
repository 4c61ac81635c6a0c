package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Services, namespaces, secrets, storage, endpoints, nodes and the smaller kinds. */
final class CoreDefaults {

    private CoreDefaults() {}

    /** SetDefaults_Service and the REST storage's address fields; {@code old} is the stored service on update, else null. */
    static void service(ObjectNode svc, ObjectNode old) {
        ObjectNode spec = Nodes.object(svc, "spec");
        if (spec == null) return;
        Nodes.string(spec, "sessionAffinity", "None");
        String affinity = spec.path("sessionAffinity").asText();
        if (affinity.equals("None")) spec.remove("sessionAffinityConfig");
        if (affinity.equals("ClientIP") && spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").isMissingNode()) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800L);
        }
        Nodes.string(spec, "type", "ClusterIP");
        String type = spec.path("type").asText();
        for (ObjectNode port : Nodes.objects(spec, "ports")) {
            Nodes.string(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            boolean unset = target == null || target.isNull() || (target.isNumber() && target.asLong() == 0)
                    || (target.isTextual() && target.asText().isEmpty());
            if (unset && port.has("port")) port.set("targetPort", port.get("port"));
        }
        boolean externallyAccessible = type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && spec.path("externalIPs").isArray() && !spec.path("externalIPs").isEmpty());
        if (externallyAccessible) Nodes.string(spec, "externalTrafficPolicy", "Cluster");
        if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
            Nodes.pointer(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) Nodes.pointer(spec, "allocateLoadBalancerNodePorts", true);
        JsonNode oldSpec = old == null ? null : old.path("spec");
        if (oldSpec != null) {
            keepAllocated(spec, oldSpec);
            dropTypeDependentFields(spec, oldSpec);
        }
        if (!type.equals("ExternalName")) ipFamilies(spec, oldSpec);
        // Go always writes the (struct) status: "status: {loadBalancer: {}}".
        ObjectNode status = Nodes.object(svc, "status");
        if (status != null) Nodes.object(status, "loadBalancer");
    }

    /**
     * What an update that leaves them out keeps of the stored service (upstream's
     * patchAllocatedValues): its cluster IPs, node ports and health-check port, while the service
     * still needs them.
     */
    private static void keepAllocated(ObjectNode spec, JsonNode oldSpec) {
        String type = spec.path("type").asText();
        String oldType = oldSpec.path("type").asText();
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            if (Nodes.emptyString(spec, "clusterIP") && !oldSpec.path("clusterIP").asText("").isEmpty()) {
                spec.set("clusterIP", oldSpec.get("clusterIP"));
            }
            boolean noIps = !spec.path("clusterIPs").isArray() || spec.path("clusterIPs").isEmpty();
            if (noIps && oldSpec.path("clusterIPs").isArray() && !oldSpec.path("clusterIPs").isEmpty()) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        boolean needsNodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        boolean hadNodePorts = oldType.equals("NodePort") || oldType.equals("LoadBalancer");
        if (needsNodePorts && hadNodePorts) {
            for (ObjectNode port : Nodes.objects(spec, "ports")) {
                if (!Nodes.zero(port, "nodePort")) continue;
                for (JsonNode oldPort : oldSpec.path("ports")) {
                    if (oldPort.path("port").asLong() == port.path("port").asLong()
                            && oldPort.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))
                            && oldPort.path("nodePort").asLong() != 0) {
                        port.set("nodePort", oldPort.get("nodePort"));
                        break;
                    }
                }
            }
        }
        if (Nodes.zero(spec, "healthCheckNodePort") && oldSpec.path("healthCheckNodePort").asLong() != 0
                && type.equals("LoadBalancer") && spec.path("externalTrafficPolicy").asText().equals("Local")) {
            spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort"));
        }
    }

    /**
     * Upstream's service strategy {@code dropTypeDependentFields}: on a type change, the values the
     * old type had and the new one cannot use are wiped when the update left them as they were (so
     * {@code kubectl patch -p '{"spec":{"type":"ClusterIP"}}'} on a NodePort Service works); the
     * registry then releases them. Values the update changed stay, and validation judges them.
     */
    private static void dropTypeDependentFields(ObjectNode spec, JsonNode oldSpec) {
        String type = spec.path("type").asText();
        String oldType = oldSpec.path("type").asText();
        if (!oldType.equals("ExternalName") && type.equals("ExternalName")) {
            if (spec.path("clusterIP").equals(oldSpec.path("clusterIP")) && spec.path("clusterIPs").equals(oldSpec.path("clusterIPs"))) {
                spec.remove("clusterIP");
                spec.remove("clusterIPs");
            }
            if (spec.path("ipFamilies").equals(oldSpec.path("ipFamilies"))) spec.remove("ipFamilies");
            if (spec.path("ipFamilyPolicy").equals(oldSpec.path("ipFamilyPolicy"))) spec.remove("ipFamilyPolicy");
        }
        boolean neededNodePorts = oldType.equals("NodePort") || oldType.equals("LoadBalancer");
        boolean needsNodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        if (neededNodePorts && !needsNodePorts) {
            java.util.Set<Long> old = new java.util.HashSet<>();
            for (JsonNode p : oldSpec.path("ports")) if (p.path("nodePort").asLong(0) != 0) old.add(p.path("nodePort").asLong());
            boolean same = true;
            for (ObjectNode port : Nodes.objects(spec, "ports")) {
                long n = port.path("nodePort").asLong(0);
                if (n != 0 && !old.contains(n)) same = false;
            }
            if (same) for (ObjectNode port : Nodes.objects(spec, "ports")) port.remove("nodePort");
        }
        boolean neededHealthCheck = oldType.equals("LoadBalancer") && oldSpec.path("externalTrafficPolicy").asText().equals("Local");
        boolean needsHealthCheck = type.equals("LoadBalancer") && spec.path("externalTrafficPolicy").asText().equals("Local");
        if (neededHealthCheck && !needsHealthCheck && spec.path("healthCheckNodePort").asLong(0) == oldSpec.path("healthCheckNodePort").asLong(0)) {
            spec.remove("healthCheckNodePort");
        }
        if (oldType.equals("LoadBalancer") && !type.equals("LoadBalancer")) {
            if (spec.has("allocateLoadBalancerNodePorts") && spec.path("allocateLoadBalancerNodePorts").equals(oldSpec.path("allocateLoadBalancerNodePorts"))) {
                spec.remove("allocateLoadBalancerNodePorts");
            }
            if (spec.has("loadBalancerClass") && spec.path("loadBalancerClass").equals(oldSpec.path("loadBalancerClass"))) {
                spec.remove("loadBalancerClass");
            }
        }
        if (externallyAccessible(oldSpec) && !externallyAccessible(spec)
                && spec.path("externalTrafficPolicy").equals(oldSpec.path("externalTrafficPolicy"))) {
            spec.remove("externalTrafficPolicy");
        }
    }

    private static boolean externallyAccessible(JsonNode spec) {
        String type = spec.path("type").asText();
        return type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && spec.path("externalIPs").isArray() && !spec.path("externalIPs").isEmpty());
    }

    /**
     * What the service REST storage settles before allocating addresses: clusterIPs mirrors
     * clusterIP; the family policy is kept from the stored service, else SingleStack, except that
     * a headless service without selector asks for every family (and so gets IPv4 and IPv6 even
     * on a single-stack cluster); families follow the cluster IPs, else the cluster's IPv4.
     */
    private static void ipFamilies(ObjectNode spec, JsonNode oldSpec) {
        String clusterIP = spec.path("clusterIP").asText("");
        if (!clusterIP.isEmpty() && (!spec.path("clusterIPs").isArray() || spec.path("clusterIPs").isEmpty())) {
            spec.putArray("clusterIPs").add(clusterIP);
        }
        JsonNode ips = spec.path("clusterIPs");
        boolean headlessSelectorless = clusterIP.equals("None") && !Nodes.nonEmptyMap(spec, "selector");
        if (Nodes.unset(spec, "ipFamilyPolicy")) {
            if (oldSpec != null && oldSpec.path("ipFamilyPolicy").isTextual()) spec.set("ipFamilyPolicy", oldSpec.get("ipFamilyPolicy"));
            else spec.put("ipFamilyPolicy", headlessSelectorless ? "RequireDualStack" : "SingleStack");
        }
        JsonNode existing = spec.get("ipFamilies");
        ArrayNode families = existing instanceof ArrayNode a ? a : spec.putArray("ipFamilies");
        if (ips.isArray()) {
            for (int i = families.size(); i < ips.size(); i++) {
                String ip = ips.get(i).asText();
                if (ip.equals("None")) break;
                families.add(ip.contains(":") ? "IPv6" : "IPv4");
            }
        }
        if (families.isEmpty()) families.add("IPv4");
        if (headlessSelectorless && families.size() < 2 && !spec.path("ipFamilyPolicy").asText().equals("SingleStack")) {
            families.add(families.get(0).asText().equals("IPv4") ? "IPv6" : "IPv4");
        }
    }

    static void namespace(ObjectNode ns, boolean create) {
        ObjectNode meta = Nodes.object(ns, "metadata");
        String name = meta == null ? "" : meta.path("name").asText("");
        if (!name.isEmpty()) {
            ObjectNode labels = Nodes.object(meta, "labels");
            if (labels != null) labels.put("kubernetes.io/metadata.name", name);
        }
        ObjectNode status = Nodes.object(ns, "status");
        if (status != null) Nodes.string(status, "phase", "Active");
        if (!create) return;
        // Required on create only: the namespace controller removes it while deleting.
        ObjectNode spec = Nodes.object(ns, "spec");
        if (spec == null) return;
        JsonNode finalizers = spec.get("finalizers");
        ArrayNode list = finalizers instanceof ArrayNode a ? a : spec.putArray("finalizers");
        for (JsonNode f : list) {
            if (f.asText().equals("kubernetes")) return;
        }
        list.add("kubernetes");
    }

    /** Secret type, and stringData written into data (as the v1 conversion does). */
    static void secret(ObjectNode secret) {
        Nodes.string(secret, "type", "Opaque");
        JsonNode stringData = secret.get("stringData");
        if (stringData instanceof ObjectNode sd) {
            ObjectNode data = Nodes.object(secret, "data");
            if (data != null) {
                for (Map.Entry<String, JsonNode> e : sd.properties()) {
                    byte[] bytes = e.getValue().asText("").getBytes(StandardCharsets.UTF_8);
                    data.put(e.getKey(), Base64.getEncoder().encodeToString(bytes));
                }
            }
            secret.remove("stringData");
        } else if (stringData != null && stringData.isNull()) {
            secret.remove("stringData");
        }
    }

    static void persistentVolumeClaim(ObjectNode pvc) {
        ObjectNode spec = Nodes.object(pvc, "spec");
        if (spec != null) {
            Nodes.pointer(spec, "volumeMode", "Filesystem");
            ObjectNode resources = Nodes.existing(spec, "resources");
            PodDefaults.roundResourceList(Nodes.existing(resources, "requests"));
            PodDefaults.roundResourceList(Nodes.existing(resources, "limits"));
        }
        ObjectNode status = Nodes.object(pvc, "status");
        if (status != null) Nodes.string(status, "phase", "Pending");
    }

    static void persistentVolume(ObjectNode pv) {
        ObjectNode spec = Nodes.object(pv, "spec");
        if (spec != null) {
            Nodes.string(spec, "persistentVolumeReclaimPolicy", "Retain");
            Nodes.pointer(spec, "volumeMode", "Filesystem");
            ObjectNode hostPath = Nodes.existing(spec, "hostPath");
            if (hostPath != null) Nodes.pointer(hostPath, "type", "");
            ObjectNode iscsi = Nodes.existing(spec, "iscsi");
            if (iscsi != null) Nodes.string(iscsi, "iscsiInterface", "default");
            PodDefaults.roundResourceList(Nodes.existing(spec, "capacity"));
        }
        ObjectNode status = Nodes.object(pv, "status");
        if (status != null) Nodes.string(status, "phase", "Pending");
    }

    static void endpoints(ObjectNode ep) {
        for (ObjectNode subset : Nodes.objects(ep, "subsets")) {
            for (ObjectNode port : Nodes.objects(subset, "ports")) Nodes.string(port, "protocol", "TCP");
        }
    }

    static void endpointSlice(ObjectNode es) {
        for (ObjectNode port : Nodes.objects(es, "ports")) {
            Nodes.pointer(port, "name", "");
            Nodes.pointer(port, "protocol", "TCP");
        }
    }

    /** Container limits: default from max, defaultRequest from default, then from min. */
    static void limitRange(ObjectNode lr) {
        for (ObjectNode item : Nodes.objects(Nodes.existing(lr, "spec"), "limits")) {
            if (!item.path("type").asText().equals("Container")) continue;
            fill(item, "default", item.get("max"));
            fill(item, "defaultRequest", item.get("default"));
            fill(item, "defaultRequest", item.get("min"));
        }
    }

    private static void fill(ObjectNode item, String field, JsonNode from) {
        if (from == null || !from.isObject() || from.isEmpty()) return;
        ObjectNode target = Nodes.object(item, field);
        if (target == null) return;
        from.properties().forEach(e -> {
            if (!target.has(e.getKey())) target.set(e.getKey(), e.getValue().deepCopy());
        });
    }

    static void node(ObjectNode node) {
        ObjectNode status = Nodes.existing(node, "status");
        if (status != null && Nodes.unset(status, "allocatable") && status.path("capacity").isObject()) {
            status.set("allocatable", status.get("capacity").deepCopy());
        }
    }

    static void priorityClass(ObjectNode pc) {
        Nodes.pointer(pc, "preemptionPolicy", "PreemptLowerPriority");
    }

    static void roleBinding(ObjectNode rb) {
        ObjectNode roleRef = Nodes.existing(rb, "roleRef");
        if (roleRef != null) Nodes.string(roleRef, "apiGroup", "rbac.authorization.k8s.io");
        for (ObjectNode subject : Nodes.objects(rb, "subjects")) {
            if (!Nodes.emptyString(subject, "apiGroup")) continue;
            String kind = subject.path("kind").asText("");
            if (List.of("User", "Group").contains(kind)) subject.put("apiGroup", "rbac.authorization.k8s.io");
        }
    }
}
