package io.j8s.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.registry.ResourceRest;
import io.j8s.apiserver.service.IpRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API server writes before it serves, as upstream's bootstrap controllers do: the system
 * namespaces; the {@code default/kubernetes} Service at the first address of the Service range,
 * with its Endpoints (labelled {@code endpointslice.kubernetes.io/skip-mirror}, so the mirroring
 * controller leaves them alone) and its EndpointSlice (labelled {@code kubernetes.io/service-name}
 * and, as upstream's, without a managed-by label); and the {@code kube-system/kube-dns} Service at
 * the tenth address, the cluster DNS every node answers for. Both addresses are allocated like any
 * requested cluster IP, so nothing else can take them.
 */
final class SystemObjects {

    private static final Logger log = LoggerFactory.getLogger(SystemObjects.class);

    static final String SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
    static final String SERVICE_NAME = "kubernetes.io/service-name";

    private final ResourceRest rest;
    private final ResourceRegistry registry;
    private final IpRange serviceRange;
    private final String advertiseAddress;
    private final int port;

    SystemObjects(ResourceRest rest, ResourceRegistry registry, IpRange serviceRange, String advertiseAddress, int port) {
        this.rest = rest;
        this.registry = registry;
        this.serviceRange = serviceRange;
        this.advertiseAddress = advertiseAddress;
        this.port = port;
    }

    void ensure() {
        ResourceType namespaces = type("", "namespaces");
        for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            n.putObject("metadata").put("name", ns).putObject("labels").put("kubernetes.io/metadata.name", ns);
            rest.ensure(namespaces, null, n);
        }
        ensureService(kubernetesService());
        ensureService(dnsService());
        if (port == 0 || isLoopback(advertiseAddress)) {
            // Endpoints may not name a loopback address (upstream's rule): in-cluster clients
            // could not reach it anyway. Only tests and `j8s up` without a network get here.
            log.info("Not publishing endpoints for the kubernetes Service: {}:{} is not reachable from pods", advertiseAddress, port);
            return;
        }
        reconcile(type("", "endpoints"), "default", endpoints(), "subsets");
        reconcile(type("discovery.k8s.io", "endpointslices"), "default", endpointSlice(), "endpoints", "ports", "addressType");
    }

    private ObjectNode kubernetesService() {
        ObjectNode svc = service("kubernetes", "default", serviceRange.nth(1));
        ObjectNode labels = (ObjectNode) svc.path("metadata").path("labels");
        labels.put("component", "apiserver").put("provider", "kubernetes");
        ((ObjectNode) svc.get("spec")).putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
                .put("targetPort", port);
        return svc;
    }

    private ObjectNode dnsService() {
        ObjectNode svc = service("kube-dns", "kube-system", serviceRange.nth(10));
        ObjectNode labels = (ObjectNode) svc.path("metadata").path("labels");
        labels.put("k8s-app", "kube-dns").put("kubernetes.io/name", "j8s-dns");
        var ports = ((ObjectNode) svc.get("spec")).putArray("ports");
        ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP").put("targetPort", 53);
        ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP").put("targetPort", 53);
        return svc;
    }

    private static ObjectNode service(String name, String ns, String clusterIp) {
        ObjectNode svc = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        svc.putObject("metadata").put("name", name).put("namespace", ns).putObject("labels");
        ObjectNode spec = svc.putObject("spec").put("type", "ClusterIP").put("clusterIP", clusterIp).put("sessionAffinity", "None");
        spec.putArray("clusterIPs").add(clusterIp);
        return svc;
    }

    private ObjectNode endpoints() {
        ObjectNode ep = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
        ep.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels").put(SKIP_MIRROR, "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", advertiseAddress);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        return ep;
    }

    /** Upstream's endpointSliceFromEndpoints for the kubernetes Service. */
    private ObjectNode endpointSlice() {
        ObjectNode es = Json.MAPPER.createObjectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        es.putObject("metadata").put("name", "kubernetes").put("namespace", "default").putObject("labels").put(SERVICE_NAME, "kubernetes");
        es.put("addressType", advertiseAddress.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = es.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(advertiseAddress);
        endpoint.putObject("conditions").put("ready", true);
        es.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        return es;
    }

    /** Creates the Service unless it exists; one whose address is taken is left out, with a warning. */
    private void ensureService(ObjectNode svc) {
        ResourceType services = type("", "services");
        String ns = svc.path("metadata").path("namespace").asText();
        String name = svc.path("metadata").path("name").asText();
        try {
            rest.get(services, ns, name);
            return;
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
        }
        try {
            rest.create(services, ns, svc, false);
            log.info("Created the {}/{} Service at {}", ns, name, svc.path("spec").path("clusterIP").asText());
        } catch (StatusException e) {
            if (e.code() == 409) return;
            if (e.code() != 422) throw e;
            log.warn("Cannot create the {}/{} Service: {}", ns, name, e.getMessage());
        }
    }

    /** Creates {@code obj}, or replaces the stored one when the fields the server owns differ (a new advertise address). */
    private void reconcile(ResourceType type, String ns, ObjectNode obj, String... owned) {
        String name = obj.path("metadata").path("name").asText();
        ObjectNode current;
        try {
            current = rest.get(type, ns, name);
        } catch (StatusException e) {
            if (e.code() != 404) throw e;
            rest.ensure(type, ns, obj);
            return;
        }
        boolean same = current.path("metadata").path("labels").equals(obj.path("metadata").path("labels"));
        for (String f : owned) same &= sameDefaulted(current.path(f), obj.path(f));
        if (same) return;
        log.info("Updating {} {}/{}: the API server's address is now {}:{}", type.kind(), ns, name, advertiseAddress, port);
        ObjectNode body = current.deepCopy();
        ((ObjectNode) body.get("metadata")).set("labels", obj.path("metadata").path("labels").deepCopy());
        for (String f : owned) body.set(f, obj.get(f).deepCopy());
        rest.update(type, ns, name, body, null, false);
    }

    /** Stored values carry defaults the wanted ones lack; compare what the wanted ones say. */
    private static boolean sameDefaulted(JsonNode stored, JsonNode wanted) {
        if (wanted.isObject()) {
            if (!stored.isObject()) return false;
            for (var e : wanted.properties()) if (!sameDefaulted(stored.path(e.getKey()), e.getValue())) return false;
            return true;
        }
        if (wanted.isArray()) {
            if (!stored.isArray() || stored.size() != wanted.size()) return false;
            for (int i = 0; i < wanted.size(); i++) if (!sameDefaulted(stored.get(i), wanted.get(i))) return false;
            return true;
        }
        return stored.equals(wanted);
    }

    private ResourceType type(String group, String plural) {
        return registry.byPath(group, "v1", plural).orElseThrow();
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
