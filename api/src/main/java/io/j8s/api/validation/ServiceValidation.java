package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Services, Endpoints and EndpointSlices. */
final class ServiceValidation {

    private ServiceValidation() {}

    private static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    private static final List<String> AFFINITIES = List.of("ClientIP", "None");
    private static final List<String> FAMILIES = List.of("IPv4", "IPv6");
    private static final List<String> FAMILY_POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");
    private static final List<String> TRAFFIC_POLICIES = List.of("Cluster", "Local");
    private static final int KUBELET_PORT = 10250;

    static List<FieldError> service(JsonNode svc) {
        List<FieldError> errs = MetaValidation.objectMeta(svc, true, NameRule.DNS1035_LABEL);
        JsonNode spec = Tree.at(svc, "spec");
        String type = Tree.str(spec, "type");
        boolean headless = isHeadless(spec);
        List<JsonNode> ports = Tree.items(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) errs.add(FieldError.required("spec.ports", ""));
        List<String> clusterIPs = Tree.stringList(spec, "clusterIPs");
        switch (type) {
            case "LoadBalancer" -> {
                if (headless) errs.add(Errs.invalid("spec.clusterIPs[0]", clusterIPs.get(0), "may not be set to 'None' for LoadBalancer services"));
                for (int i = 0; i < ports.size(); i++) {
                    long port = Tree.num(ports.get(i), "port");
                    if (port == KUBELET_PORT) {
                        errs.add(Errs.invalid("spec.ports[" + i + "]", port, "may not expose port " + KUBELET_PORT + " externally since it is used by kubelet"));
                    }
                }
            }
            case "NodePort" -> {
                if (headless) errs.add(Errs.invalid("spec.clusterIPs[0]", clusterIPs.get(0), "may not be set to 'None' for NodePort services"));
            }
            case "ExternalName" -> {
                if (!clusterIPs.isEmpty()) errs.add(FieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
                if (!Tree.items(spec, "ipFamilies").isEmpty()) errs.add(FieldError.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
                if (Tree.has(spec, "ipFamilyPolicy")) errs.add(FieldError.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
                // A CNAME may end in a dot to say it is fully qualified.
                String cname = Tree.str(spec, "externalName");
                if (cname.endsWith(".")) cname = cname.substring(0, cname.length() - 1);
                if (cname.isEmpty()) errs.add(FieldError.required("spec.externalName", ""));
                else errs.addAll(Names.validateDns1123Subdomain(cname, "spec.externalName"));
            }
            default -> { }
        }
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) errs.addAll(servicePort(ports.get(i), ports.size() > 1, portNames, "spec.ports[" + i + "]"));
        errs.addAll(MetaValidation.labels(Tree.at(spec, "selector"), "spec.selector"));
        String affinity = Tree.str(spec, "sessionAffinity");
        if (affinity.isEmpty()) errs.add(FieldError.required("spec.sessionAffinity", ""));
        else if (!AFFINITIES.contains(affinity)) errs.add(Errs.notSupported("spec.sessionAffinity", affinity, AFFINITIES));
        if (affinity.equals("ClientIP")) errs.addAll(clientIpAffinity(spec));
        else if (affinity.equals("None") && Tree.has(spec, "sessionAffinityConfig")) {
            errs.add(FieldError.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
        }
        errs.addAll(clusterIps(spec, type, headless));
        List<String> externalIPs = Tree.stringList(spec, "externalIPs");
        for (int i = 0; i < externalIPs.size(); i++) {
            String ip = externalIPs.get(i);
            String p = "spec.externalIPs[" + i + "]";
            if (!Ips.isIp(ip)) errs.add(Errs.invalid(p, ip, Ips.INVALID_IP));
            else if (Ips.special(ip) != null) errs.add(Errs.invalid(p, ip, Ips.special(ip)));
        }
        if (type.isEmpty()) errs.add(FieldError.required("spec.type", ""));
        else if (!TYPES.contains(type)) errs.add(Errs.notSupported("spec.type", type, TYPES));
        if (type.equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (Tree.num(ports.get(i), "nodePort") != 0) {
                    errs.add(FieldError.forbidden("spec.ports[" + i + "].nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        Set<String> nodePorts = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            long nodePort = Tree.num(p, "nodePort");
            if (nodePort != 0 && !nodePorts.add(Tree.str(p, "protocol") + "/" + nodePort)) {
                errs.add(FieldError.duplicate("spec.ports[" + i + "].nodePort", nodePort));
            }
            if (!portKeys.add(Tree.str(p, "protocol") + "/" + Tree.num(p, "port"))) {
                errs.add(Errs.duplicateGo("spec.ports[" + i + "]", "core.ServicePort{Name:\"\", Protocol:" + Errs.goString(Tree.str(p, "protocol"))
                        + ", AppProtocol:(*string)(nil), Port:" + Tree.num(p, "port")
                        + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"));
            }
        }
        List<String> ranges = Tree.stringList(spec, "loadBalancerSourceRanges");
        if (!ranges.isEmpty() && !type.equals("LoadBalancer")) {
            errs.add(FieldError.forbidden("spec.loadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
        } else {
            for (int i = 0; i < ranges.size(); i++) {
                String r = ranges.get(i).trim();
                if (!Ips.isCidr(r)) {
                    errs.add(Errs.invalid("spec.loadBalancerSourceRanges[" + i + "]", ranges.get(i),
                            "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 "));
                }
            }
        }
        errs.addAll(trafficPolicies(spec, type));
        return errs;
    }

    private static boolean isHeadless(JsonNode spec) {
        List<String> ips = Tree.stringList(spec, "clusterIPs");
        return !ips.isEmpty() && ips.get(0).equals("None");
    }

    private static List<FieldError> servicePort(JsonNode p, boolean requireName, Set<String> names, String path) {
        List<FieldError> errs = new ArrayList<>();
        String name = Tree.str(p, "name");
        if (requireName && name.isEmpty()) {
            errs.add(FieldError.required(path + ".name", ""));
        } else if (!name.isEmpty()) {
            errs.addAll(Names.validateDns1123Label(name, path + ".name"));
            if (!names.add(name)) errs.add(Errs.duplicate(path + ".name", name));
        }
        long port = Tree.num(p, "port");
        Names.portNum(port).forEach(m -> errs.add(Errs.invalid(path + ".port", port, m)));
        errs.addAll(ContainerValidation.protocol(p, path));
        errs.addAll(Names.validatePortNumOrName(Tree.at(p, "targetPort"), path + ".targetPort"));
        if (Tree.has(p, "appProtocol")) errs.addAll(Names.validateQualifiedName(Tree.str(p, "appProtocol"), path + ".appProtocol"));
        return errs;
    }

    private static List<FieldError> clientIpAffinity(JsonNode spec) {
        String p = "spec.sessionAffinityConfig";
        String why = "when session affinity type is ClientIP";
        if (!Tree.has(spec, "sessionAffinityConfig")) return List.of(FieldError.required(p, why));
        if (!Tree.has(spec, "sessionAffinityConfig", "clientIP")) return List.of(FieldError.required(p + ".clientIP", why));
        if (!Tree.has(spec, "sessionAffinityConfig", "clientIP", "timeoutSeconds")) {
            return List.of(FieldError.required(p + ".clientIP.timeoutSeconds", why));
        }
        long t = Tree.num(spec, "sessionAffinityConfig", "clientIP", "timeoutSeconds");
        if (t <= 0 || t > 86400) return List.of(Errs.invalid(p + ".clientIP.timeoutSeconds", t, "must be greater than 0 and less than 86400"));
        return List.of();
    }

    private static List<FieldError> clusterIps(JsonNode spec, String type, boolean headless) {
        List<FieldError> errs = new ArrayList<>();
        if (type.equals("ExternalName")) return errs;
        String clusterIP = Tree.str(spec, "clusterIP");
        List<String> clusterIPs = Tree.stringList(spec, "clusterIPs");
        String field = "spec.clusterIPs";
        if (!clusterIP.isEmpty()) {
            if (clusterIPs.isEmpty()) errs.add(FieldError.required(field, ""));
            else if (!clusterIPs.get(0).equals(clusterIP)) errs.add(Errs.invalidGo(field, Errs.goStrings(clusterIPs), "first value must match `clusterIP`"));
        } else if (!clusterIPs.isEmpty()) {
            errs.add(Errs.invalidGo(field, Errs.goStrings(clusterIPs), "must be empty when `clusterIP` is not specified"));
        }
        List<String> families = Tree.stringList(spec, "ipFamilies");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i);
            if (!FAMILIES.contains(f)) errs.add(Errs.notSupported("spec.ipFamilies[" + i + "]", f, FAMILIES));
            if (!seen.add(f)) errs.add(Errs.duplicate("spec.ipFamilies[" + i + "]", f));
        }
        if (Tree.has(spec, "ipFamilyPolicy")) {
            String policy = Tree.str(spec, "ipFamilyPolicy");
            if (!FAMILY_POLICIES.contains(policy)) errs.add(Errs.notSupported("spec.ipFamilyPolicy", policy, FAMILY_POLICIES));
        }
        // The allocator's own pre-checks, which upstream reports as validation errors too.
        if (Tree.str(spec, "ipFamilyPolicy").equals("SingleStack")) {
            String why = "must be 'RequireDualStack' or 'PreferDualStack' when multiple ";
            if (clusterIPs.size() == 2) errs.add(Errs.invalid("spec.ipFamilyPolicy", "SingleStack", why + "cluster IPs are specified"));
            if (families.size() == 2) errs.add(Errs.invalid("spec.ipFamilyPolicy", "SingleStack", why + "IP families are specified"));
        }
        boolean invalid = false;
        for (int i = 0; i < clusterIPs.size(); i++) {
            String ip = clusterIPs.get(i);
            if (i == 0 && ip.equals("None")) {
                if (clusterIPs.size() > 1) {
                    invalid = true;
                    errs.add(Errs.invalidGo(field, Errs.goStrings(clusterIPs), "'None' must be the first and only value"));
                }
                continue;
            }
            if (!Ips.isIp(ip)) {
                invalid = true;
                errs.add(Errs.invalid(field + "[" + i + "]", ip, Ips.INVALID_IP));
            }
        }
        if (clusterIPs.size() > 2) errs.add(Errs.invalidGo(field, Errs.goStrings(clusterIPs), "may only hold up to 2 values"));
        if (invalid) return errs;
        if (clusterIPs.size() > 1 && Ips.isIpv6(clusterIPs.get(0)) == Ips.isIpv6(clusterIPs.get(1))) {
            errs.add(Errs.invalidGo(field, Errs.goStrings(clusterIPs), "may specify no more than one IP for each IP family"));
        }
        if (!headless) {
            for (int i = 0; i < Math.min(clusterIPs.size(), families.size()); i++) {
                String ip = clusterIPs.get(i);
                if (families.get(i).equals("IPv4") && Ips.isIpv6(ip)) {
                    errs.add(Errs.invalid(field + "[" + i + "]", ip, "expected an IPv4 value as indicated by `ipFamilies[" + i + "]`"));
                }
                if (families.get(i).equals("IPv6") && !Ips.isIpv6(ip)) {
                    errs.add(Errs.invalid(field + "[" + i + "]", ip, "expected an IPv6 value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
        return errs;
    }

    private static List<FieldError> trafficPolicies(JsonNode spec, String type) {
        List<FieldError> errs = new ArrayList<>();
        boolean external = type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && !Tree.items(spec, "externalIPs").isEmpty());
        String etp = Tree.str(spec, "externalTrafficPolicy");
        if (!external) {
            if (!etp.isEmpty()) errs.add(Errs.invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"));
        } else if (etp.isEmpty()) {
            errs.add(FieldError.required("spec.externalTrafficPolicy", ""));
        } else if (!TRAFFIC_POLICIES.contains(etp)) {
            errs.add(Errs.notSupported("spec.externalTrafficPolicy", etp, TRAFFIC_POLICIES));
        }
        long hcnp = Tree.num(spec, "healthCheckNodePort");
        boolean needsHealthCheck = type.equals("LoadBalancer") && etp.equals("Local");
        if (!needsHealthCheck && hcnp != 0) {
            errs.add(Errs.invalid("spec.healthCheckNodePort", hcnp, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
        }
        if (!Tree.has(spec, "internalTrafficPolicy")) {
            // Tolerated on other types for history's sake, required on these.
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                errs.add(FieldError.required("spec.internalTrafficPolicy", ""));
            }
        } else {
            String itp = Tree.str(spec, "internalTrafficPolicy");
            if (!TRAFFIC_POLICIES.contains(itp)) errs.add(Errs.notSupported("spec.internalTrafficPolicy", itp, TRAFFIC_POLICIES));
        }
        return errs;
    }

    /**
     * Cluster IPs may be added (dual-stack upgrade) or the secondary released, never changed, unless
     * the service goes to or from ExternalName.
     */
    static List<FieldError> serviceUpdate(JsonNode svc, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(svc, old);
        JsonNode spec = Tree.at(svc, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        if (!Tree.str(spec, "type").equals("ExternalName") && !Tree.str(oldSpec, "type").equals("ExternalName")
                && !(isHeadless(spec) && isHeadless(oldSpec))) {
            List<String> ips = Tree.stringList(spec, "clusterIPs");
            List<String> oldIps = Tree.stringList(oldSpec, "clusterIPs");
            String value = Errs.goStrings(ips);
            if (ips.size() == oldIps.size()) {
                for (int i = 0; i < oldIps.size(); i++) {
                    if (!oldIps.get(i).equals(ips.get(i))) errs.add(Errs.invalidGo("spec.clusterIPs[" + i + "]", value, "may not change once set"));
                }
            } else if (oldIps.size() > ips.size()) {
                if (ips.isEmpty()) errs.add(Errs.invalidGo("spec.clusterIPs[0]", value, "primary clusterIP can not be unset"));
                if (!oldIps.isEmpty() && !ips.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
                    errs.add(Errs.invalidGo("spec.clusterIPs[0]", value, "may not change once set"));
                }
                if (ips.size() == 1 && !Tree.str(spec, "ipFamilyPolicy").equals("SingleStack")) {
                    errs.add(Errs.invalidGo("spec.clusterIPs[0]", value, "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
                }
            } else if (!oldIps.isEmpty() && !ips.get(0).equals(oldIps.get(0))) {
                errs.add(Errs.invalidGo("spec.clusterIPs[0]", value, "may not change once set"));
            }
            List<String> families = Tree.stringList(spec, "ipFamilies");
            List<String> oldFamilies = Tree.stringList(oldSpec, "ipFamilies");
            if (!families.isEmpty() && !oldFamilies.isEmpty() && !families.get(0).equals(oldFamilies.get(0))) {
                errs.add(Errs.invalidGo("spec.ipFamilies[0]", "[]core.IPFamily{" + String.join(", ", families.stream().map(Errs::goString).toList()) + "}",
                        "may not change once set"));
            }
        }
        errs.addAll(service(svc).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        return errs;
    }

    static List<FieldError> endpoints(JsonNode ep) {
        List<FieldError> errs = MetaValidation.objectMeta(ep, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(subsets(Tree.items(ep, "subsets")));
        return errs;
    }

    private static List<FieldError> subsets(List<JsonNode> subsets) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < subsets.size(); i++) {
            JsonNode ss = subsets.get(i);
            String p = "subsets[" + i + "]";
            List<JsonNode> ready = Tree.items(ss, "addresses");
            List<JsonNode> notReady = Tree.items(ss, "notReadyAddresses");
            if (ready.isEmpty() && notReady.isEmpty()) errs.add(FieldError.required(p, "must specify `addresses` or `notReadyAddresses`"));
            for (int a = 0; a < ready.size(); a++) errs.addAll(endpointAddress(ready.get(a), p + ".addresses[" + a + "]"));
            for (int a = 0; a < notReady.size(); a++) errs.addAll(endpointAddress(notReady.get(a), p + ".notReadyAddresses[" + a + "]"));
            List<JsonNode> ports = Tree.items(ss, "ports");
            for (int j = 0; j < ports.size(); j++) {
                JsonNode port = ports.get(j);
                String pp = p + ".ports[" + j + "]";
                String name = Tree.str(port, "name");
                if (ports.size() > 1 && name.isEmpty()) errs.add(FieldError.required(pp + ".name", ""));
                else if (!name.isEmpty()) errs.addAll(Names.validateDns1123Label(name, pp + ".name"));
                long n = Tree.num(port, "port");
                Names.portNum(n).forEach(m -> errs.add(Errs.invalid(pp + ".port", n, m)));
                errs.addAll(ContainerValidation.protocol(port, pp));
                if (Tree.has(port, "appProtocol")) errs.addAll(Names.validateQualifiedName(Tree.str(port, "appProtocol"), pp + ".appProtocol"));
            }
        }
        return errs;
    }

    private static List<FieldError> endpointAddress(JsonNode a, String path) {
        List<FieldError> errs = new ArrayList<>();
        String ip = Tree.str(a, "ip");
        if (!Ips.isIp(ip)) errs.add(Errs.invalid(path + ".ip", ip, Ips.INVALID_IP));
        else if (Ips.special(ip) != null) errs.add(Errs.invalid(path + ".ip", ip, Ips.special(ip)));
        String hostname = Tree.str(a, "hostname");
        if (!hostname.isEmpty()) errs.addAll(Names.validateDns1123Label(hostname, path + ".hostname"));
        if (Tree.has(a, "nodeName")) {
            String node = Tree.str(a, "nodeName");
            Names.dns1123Subdomain(node).forEach(m -> errs.add(Errs.invalid(path + ".nodeName", node, m)));
        }
        return errs;
    }

    static List<FieldError> endpointSlice(JsonNode es) {
        List<FieldError> errs = MetaValidation.objectMeta(es, true, NameRule.DNS1123_SUBDOMAIN);
        String addressType = Tree.str(es, "addressType");
        List<String> types = List.of("FQDN", "IPv4", "IPv6");
        if (addressType.isEmpty()) errs.add(FieldError.required("addressType", ""));
        else if (!types.contains(addressType)) errs.add(Errs.notSupported("addressType", addressType, types));
        List<JsonNode> endpoints = Tree.items(es, "endpoints");
        if (endpoints.size() > 1000) {
            errs.add(Errs.tooMany("endpoints", endpoints.size(), 1000));
        } else {
            for (int i = 0; i < endpoints.size(); i++) errs.addAll(sliceEndpoint(endpoints.get(i), addressType, "endpoints[" + i + "]"));
        }
        List<JsonNode> ports = Tree.items(es, "ports");
        if (ports.size() > 20000) return append(errs, Errs.tooMany("ports", ports.size(), 20000));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String p = "ports[" + i + "]";
            String name = Tree.str(port, "name");
            if (!name.isEmpty()) errs.addAll(Names.validateDns1123Label(name, p + ".name"));
            if (!names.add(name)) errs.add(Errs.duplicate(p + ".name", name));
            errs.addAll(ContainerValidation.protocol(port, p));
            if (Tree.has(port, "appProtocol")) errs.addAll(Names.validateQualifiedName(Tree.str(port, "appProtocol"), p + ".appProtocol"));
        }
        return errs;
    }

    private static List<FieldError> sliceEndpoint(JsonNode ep, String addressType, String path) {
        List<FieldError> errs = new ArrayList<>();
        List<String> addresses = Tree.stringList(ep, "addresses");
        String ap = path + ".addresses";
        if (addresses.isEmpty()) errs.add(FieldError.required(ap, "must contain at least 1 address"));
        else if (addresses.size() > 100) errs.add(Errs.tooMany(ap, addresses.size(), 100));
        for (int i = 0; i < addresses.size(); i++) {
            String a = addresses.get(i);
            String p = ap + "[" + i + "]";
            switch (addressType) {
                case "IPv4" -> {
                    if (!Ips.isIpv4(a)) errs.add(Errs.invalid(p, a, "must be a valid IPv4 address"));
                }
                case "IPv6" -> {
                    if (!Ips.isIpv6(a)) errs.add(Errs.invalid(p, a, "must be a valid IPv6 address"));
                }
                case "FQDN" -> errs.addAll(fqdn(a, p));
                default -> { }
            }
        }
        if (Tree.has(ep, "nodeName")) {
            String node = Tree.str(ep, "nodeName");
            Names.dns1123Subdomain(node).forEach(m -> errs.add(Errs.invalid(path + ".nodeName", node, m)));
        }
        if (Tree.has(ep, "hostname")) errs.addAll(Names.validateDns1123Label(Tree.str(ep, "hostname"), path + ".hostname"));
        return errs;
    }

    private static List<FieldError> fqdn(String name, String path) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        List<String> msgs = Names.dns1123Subdomain(n);
        if (!msgs.isEmpty()) return List.of(Errs.invalid(path, n, String.join(",", msgs)));
        if (n.split("\\.").length < 2) return List.of(Errs.invalid(path, n, "should be a domain with at least two segments separated by dots"));
        return List.of();
    }

    static List<FieldError> endpointSliceUpdate(JsonNode es, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(es, old);
        errs.addAll(endpointSlice(es).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        if (!Tree.str(es, "addressType").equals(Tree.str(old, "addressType"))) errs.add(Errs.immutable("addressType", Tree.str(es, "addressType")));
        return errs;
    }

    private static List<FieldError> append(List<FieldError> errs, FieldError e) {
        errs.add(e);
        return errs;
    }
}
