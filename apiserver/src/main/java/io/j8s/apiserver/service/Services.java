package io.j8s.apiserver.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a Service's spec says about the addresses it needs and holds (upstream's needsClusterIP, needsNodePort, NeedsHealthCheck). */
final class Services {

    private Services() {}

    static String type(JsonNode spec) {
        return spec.path("type").asText("ClusterIP");
    }

    static boolean isExternalName(JsonNode spec) {
        return type(spec).equals("ExternalName");
    }

    static boolean isLoadBalancer(JsonNode spec) {
        return type(spec).equals("LoadBalancer");
    }

    static boolean isHeadless(JsonNode spec) {
        return spec.path("clusterIPs").path(0).asText(spec.path("clusterIP").asText("")).equals("None");
    }

    /** Every type but ExternalName gets a cluster IP, unless it is headless. */
    static boolean needsClusterIp(JsonNode spec) {
        return !isExternalName(spec) && !isHeadless(spec);
    }

    /** The spec (as stored) holds an allocated cluster IP. */
    static boolean holdsClusterIp(JsonNode spec) {
        String ip = clusterIp(spec);
        return !isExternalName(spec) && !ip.isEmpty() && !ip.equals("None");
    }

    static String clusterIp(JsonNode spec) {
        return spec.path("clusterIPs").path(0).asText(spec.path("clusterIP").asText(""));
    }

    static boolean needsNodePorts(JsonNode spec) {
        String t = type(spec);
        return t.equals("NodePort") || t.equals("LoadBalancer");
    }

    static boolean needsHealthCheck(JsonNode spec) {
        return isLoadBalancer(spec) && spec.path("externalTrafficPolicy").asText("").equals("Local");
    }

    /** The distinct node ports of the spec's ports (not the health-check one). */
    static Set<Long> nodePorts(JsonNode spec) {
        Set<Long> out = new LinkedHashSet<>();
        for (JsonNode p : spec.path("ports")) {
            long n = p.path("nodePort").asLong(0);
            if (n != 0) out.add(n);
        }
        return out;
    }
}
