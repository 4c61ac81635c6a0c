package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.Quantity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One container's fields: name, image, ports, env, resources, probes, hooks, security context. */
final class ContainerValidation {

    private ContainerValidation() {}

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    private static final long MAX_INT32 = Integer.MAX_VALUE;
    private static final List<String> DOWNWARD_FIELD_LABELS = List.of("metadata.annotations", "metadata.labels", "metadata.name",
            "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName",
            "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");
    private static final List<String> ENV_FIELD_PATHS = List.of("metadata.name", "metadata.namespace", "metadata.uid",
            "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs");

    /** validateContainerCommon: what every kind of container must satisfy. */
    static List<FieldError> common(JsonNode c, Set<String> volumes, String path) {
        List<FieldError> errs = new ArrayList<>();
        String name = Tree.str(c, "name");
        if (name.isEmpty()) errs.add(FieldError.required(path + ".name", ""));
        else errs.addAll(Names.validateDns1123Label(name, path + ".name"));
        if (Tree.str(c, "image").isEmpty()) errs.add(FieldError.required(path + ".image", ""));
        String tmp = Tree.str(c, "terminationMessagePolicy");
        switch (tmp) {
            case "File", "FallbackToLogsOnError" -> { }
            case "" -> errs.add(FieldError.required(path + ".terminationMessagePolicy", ""));
            default -> errs.add(Errs.notSupported(path + ".terminationMessagePolicy", tmp, List.of("File", "FallbackToLogsOnError")));
        }
        errs.addAll(ports(Tree.items(c, "ports"), path + ".ports"));
        errs.addAll(env(Tree.items(c, "env"), path + ".env"));
        errs.addAll(envFrom(Tree.items(c, "envFrom"), path + ".envFrom"));
        errs.addAll(VolumeValidation.mounts(Tree.items(c, "volumeMounts"), volumes, path + ".volumeMounts"));
        String pull = Tree.str(c, "imagePullPolicy");
        switch (pull) {
            case "Always", "IfNotPresent", "Never" -> { }
            case "" -> errs.add(FieldError.required(path + ".imagePullPolicy", ""));
            default -> errs.add(Errs.notSupported(path + ".imagePullPolicy", pull, List.of("Always", "IfNotPresent", "Never")));
        }
        errs.addAll(resources(Tree.at(c, "resources"), path + ".resources"));
        errs.addAll(securityContext(Tree.at(c, "securityContext"), path + ".securityContext"));
        return errs;
    }

    static List<FieldError> ports(List<JsonNode> ports, String path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            String ip = path + "[" + i + "]";
            String name = Tree.str(p, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Names.portName(name);
                if (!msgs.isEmpty()) msgs.forEach(m -> errs.add(Errs.invalid(ip + ".name", name, m)));
                else if (!names.add(name)) errs.add(Errs.duplicate(ip + ".name", name));
            }
            long containerPort = Tree.num(p, "containerPort");
            if (containerPort == 0) errs.add(FieldError.required(ip + ".containerPort", ""));
            else Names.portNum(containerPort).forEach(m -> errs.add(Errs.invalid(ip + ".containerPort", containerPort, m)));
            long hostPort = Tree.num(p, "hostPort");
            if (hostPort != 0) Names.portNum(hostPort).forEach(m -> errs.add(Errs.invalid(ip + ".hostPort", hostPort, m)));
            errs.addAll(protocol(p, ip));
        }
        return errs;
    }

    static List<FieldError> protocol(JsonNode port, String path) {
        String protocol = Tree.str(port, "protocol");
        if (protocol.isEmpty()) return List.of(FieldError.required(path + ".protocol", ""));
        if (!PROTOCOLS.contains(protocol)) return List.of(Errs.notSupported(path + ".protocol", protocol, PROTOCOLS));
        return List.of();
    }

    /** Host ports must not collide across all containers of a pod (per protocol and host IP). */
    static List<FieldError> hostPortConflicts(List<JsonNode> containers, String path, Set<String> seen) {
        List<FieldError> errs = new ArrayList<>();
        for (int ci = 0; ci < containers.size(); ci++) {
            List<JsonNode> ports = Tree.items(containers.get(ci), "ports");
            for (int pi = 0; pi < ports.size(); pi++) {
                long hostPort = Tree.num(ports.get(pi), "hostPort");
                if (hostPort == 0) continue;
                String key = Tree.str(ports.get(pi), "protocol") + "/" + Tree.str(ports.get(pi), "hostIP") + "/" + hostPort;
                if (!seen.add(key)) errs.add(Errs.duplicate(path + "[" + ci + "].ports[" + pi + "].hostPort", key));
            }
        }
        return errs;
    }

    static List<FieldError> env(List<JsonNode> vars, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            JsonNode ev = vars.get(i);
            String ip = path + "[" + i + "]";
            String name = Tree.str(ev, "name");
            if (name.isEmpty()) errs.add(FieldError.required(ip + ".name", ""));
            else relaxedEnvVarName(name).forEach(m -> errs.add(Errs.invalid(ip + ".name", name, m)));
            errs.addAll(valueFrom(ev, ip + ".valueFrom"));
        }
        return errs;
    }

    // RelaxedEnvironmentVariableValidation is on by default since 1.32: any printable ASCII but '='.
    private static List<String> relaxedEnvVarName(String name) {
        for (char ch : name.toCharArray()) {
            if (ch > 0x7e || ch < 0x20 || ch == '=') {
                return List.of("a valid environment variable name must consist only of printable ASCII characters other than '='");
            }
        }
        return List.of();
    }

    private static List<FieldError> valueFrom(JsonNode ev, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (!Tree.has(ev, "valueFrom")) return errs;
        JsonNode from = ev.get("valueFrom");
        int sources = 0;
        if (Tree.has(from, "fieldRef")) {
            sources++;
            errs.addAll(fieldRef(from.get("fieldRef"), path + ".fieldRef", ENV_FIELD_PATHS));
        }
        if (Tree.has(from, "resourceFieldRef")) {
            sources++;
            if (Tree.str(from, "resourceFieldRef", "resource").isEmpty()) errs.add(FieldError.required(path + ".resourceFieldRef.resource", ""));
        }
        for (String ref : List.of("configMapKeyRef", "secretKeyRef")) {
            if (!Tree.has(from, ref)) continue;
            sources++;
            JsonNode sel = from.get(ref);
            String name = Tree.str(sel, "name");
            for (String m : Names.dns1123Subdomain(name)) errs.add(Errs.invalid(path + "." + ref + ".name", name, m));
            String key = Tree.str(sel, "key");
            if (key.isEmpty()) errs.add(FieldError.required(path + "." + ref + ".key", ""));
            else Names.configMapKey(key).forEach(m -> errs.add(Errs.invalid(path + "." + ref + ".key", key, m)));
        }
        if (sources == 0) {
            errs.add(Errs.invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (!Tree.str(ev, "value").isEmpty()) {
            errs.add(Errs.invalid(path, "", "may not be specified when `value` is not empty"));
        } else if (sources > 1) {
            errs.add(Errs.invalid(path, "", "may not have more than one field specified at a time"));
        }
        return errs;
    }

    /** A downward-API field selector; {@code allowed} are the plain paths this use accepts. */
    static List<FieldError> fieldRef(JsonNode fs, String path, List<String> allowed) {
        List<FieldError> errs = new ArrayList<>();
        if (Tree.str(fs, "apiVersion").isEmpty()) return List.of(FieldError.required(path + ".apiVersion", ""));
        String fieldPath = Tree.str(fs, "fieldPath");
        if (fieldPath.isEmpty()) return List.of(FieldError.required(path + ".fieldPath", ""));
        int bracket = fieldPath.indexOf('[');
        String base = bracket > 0 ? fieldPath.substring(0, bracket) : fieldPath;
        if (!DOWNWARD_FIELD_LABELS.contains(base)) {
            return List.of(Errs.invalid(path + ".fieldPath", fieldPath, "error converting fieldPath: field label not supported: " + fieldPath));
        }
        if (bracket > 0 && fieldPath.endsWith("']") && fieldPath.startsWith("['", bracket)) {
            String subscript = fieldPath.substring(bracket + 2, fieldPath.length() - 2);
            switch (base) {
                case "metadata.annotations" -> errs.addAll(Names.validateQualifiedName(subscript.toLowerCase(Locale.ROOT), path));
                case "metadata.labels" -> errs.addAll(Names.validateQualifiedName(subscript, path));
                default -> errs.add(Errs.invalid(path, base, "does not support subscript"));
            }
        } else if (!allowed.contains(fieldPath)) {
            errs.add(Errs.notSupported(path + ".fieldPath", fieldPath, allowed.stream().sorted().toList()));
        }
        return errs;
    }

    private static List<FieldError> envFrom(List<JsonNode> sources, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            JsonNode s = sources.get(i);
            String ip = path + "[" + i + "]";
            String prefix = Tree.str(s, "prefix");
            if (!prefix.isEmpty()) relaxedEnvVarName(prefix).forEach(m -> errs.add(Errs.invalid(ip + ".prefix", prefix, m)));
            int n = 0;
            for (String ref : List.of("configMapRef", "secretRef")) {
                if (!Tree.has(s, ref)) continue;
                n++;
                String name = Tree.str(s, ref, "name");
                for (String m : Names.dns1123Subdomain(name)) errs.add(Errs.invalid(ip + "." + ref + ".name", name, m));
            }
            if (n == 0) errs.add(Errs.invalid(ip, "", "must specify one of: `configMapRef` or `secretRef`"));
            else if (n > 1) errs.add(Errs.invalid(ip, "", "may not have more than one field specified at a time"));
        }
        return errs;
    }

    static List<FieldError> resources(JsonNode r, String path) {
        List<FieldError> errs = new ArrayList<>();
        String limPath = path + ".limits";
        String reqPath = path + ".requests";
        Map<String, String> limits = Tree.strings(r, "limits");
        Map<String, String> requests = Tree.strings(r, "requests");
        for (Map.Entry<String, String> e : limits.entrySet()) {
            String p = limPath + "[" + e.getKey() + "]";
            errs.addAll(containerResourceName(e.getKey(), p));
            errs.addAll(quantityValue(e.getKey(), e.getValue(), p));
        }
        for (Map.Entry<String, String> e : requests.entrySet()) {
            String p = reqPath + "[" + e.getKey() + "]";
            errs.addAll(containerResourceName(e.getKey(), p));
            errs.addAll(quantityValue(e.getKey(), e.getValue(), p));
            Quantity req = Quantity.parseOrNull(e.getValue());
            String limitText = limits.get(e.getKey());
            if (limitText != null) {
                Quantity lim = Quantity.parseOrNull(limitText);
                if (req == null || lim == null) continue;
                if (req.compareTo(lim) != 0 && !overcommitAllowed(e.getKey())) {
                    errs.add(Errs.invalid(reqPath, req.toString(), "must be equal to " + e.getKey() + " limit of " + lim));
                } else if (req.compareTo(lim) > 0) {
                    errs.add(Errs.invalid(reqPath, req.toString(), "must be less than or equal to " + e.getKey() + " limit of " + lim));
                }
            } else if (!overcommitAllowed(e.getKey())) {
                errs.add(FieldError.required(limPath, "Limit must be set for non overcommitable resources"));
            }
        }
        return errs;
    }

    static List<FieldError> quantityValue(String resource, String text, String path) {
        Quantity q;
        try {
            q = Quantity.parse(text);
        } catch (IllegalArgumentException e) {
            // Upstream rejects this while decoding (400); here it is a field error on the spot.
            return List.of(Errs.invalid(path, text, e.getMessage()));
        }
        if (q.signum() < 0) return List.of(Errs.invalid(path, q.toString(), Errs.NON_NEGATIVE));
        if (isExtended(resource) && q.value().stripTrailingZeros().scale() > 0) {
            return List.of(Errs.invalid(path, q.toString(), "must be an integer"));
        }
        return List.of();
    }

    private static List<FieldError> containerResourceName(String name, String path) {
        List<String> msgs = Names.qualifiedName(name);
        if (!msgs.isEmpty()) return msgs.stream().map(m -> Errs.invalid(path, name, m)).toList();
        if (!name.contains("/")) {
            if (!isStandardResourceName(name)) return List.of(Errs.invalid(path, name, "must be a standard resource type or fully qualified"));
            if (!isStandardContainerResource(name)) return List.of(Errs.invalid(path, name, "must be a standard resource for containers"));
        } else if (!isNative(name) && !isExtended(name)) {
            return List.of(Errs.invalid(path, name, "doesn't follow extended resource name standard"));
        }
        return List.of();
    }

    static boolean isStandardContainerResource(String name) {
        return name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage") || name.startsWith("hugepages-");
    }

    private static boolean isStandardResourceName(String name) {
        return isStandardContainerResource(name) || Set.of("pods", "services", "replicationcontrollers", "resourcequotas",
                "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.cpu", "requests.memory",
                "requests.storage", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
                "services.nodeports", "services.loadbalancers").contains(name)
                || name.startsWith("requests.hugepages-") || name.startsWith("limits.hugepages-");
    }

    private static boolean isNative(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    private static boolean isExtended(String name) {
        return !isNative(name) && !name.startsWith("requests.") && Names.qualifiedName("requests." + name).isEmpty();
    }

    private static boolean overcommitAllowed(String name) {
        return isNative(name) && !name.startsWith("hugepages-");
    }

    /** A probe: exactly one handler and non-negative timings. */
    static List<FieldError> probe(JsonNode p, String path, boolean successMustBeOne, boolean readiness) {
        List<FieldError> errs = new ArrayList<>();
        if (p == null || p.isMissingNode() || p.isNull()) return errs;
        errs.addAll(handler(p, path, List.of("exec", "httpGet", "tcpSocket", "grpc")));
        for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold")) {
            long v = Tree.num(p, f);
            if (v < 0) errs.add(Errs.nonNegative(path + "." + f, v));
        }
        if (Tree.has(p, "terminationGracePeriodSeconds")) {
            long v = Tree.num(p, "terminationGracePeriodSeconds");
            if (readiness) errs.add(Errs.invalid(path + ".terminationGracePeriodSeconds", v, "must not be set for readinessProbes"));
            else if (v <= 0) errs.add(Errs.invalid(path + ".terminationGracePeriodSeconds", v, "must be greater than 0"));
        }
        long success = Tree.num(p, "successThreshold");
        if (successMustBeOne && success != 1) errs.add(Errs.invalid(path + ".successThreshold", success, "must be 1"));
        return errs;
    }

    /** Exactly one of the handler kinds; the first extra one is named "may not specify more than 1 handler type". */
    static List<FieldError> handler(JsonNode h, String path, List<String> kinds) {
        List<FieldError> errs = new ArrayList<>();
        int n = 0;
        for (String kind : kinds) {
            if (!Tree.has(h, kind)) continue;
            if (n > 0) {
                errs.add(FieldError.forbidden(path + "." + kind, "may not specify more than 1 handler type"));
                continue;
            }
            n++;
            JsonNode a = h.get(kind);
            String p = path + "." + kind;
            switch (kind) {
                case "exec" -> {
                    if (Tree.items(a, "command").isEmpty()) errs.add(FieldError.required(p + ".command", ""));
                }
                case "httpGet" -> {
                    if (Tree.str(a, "path").isEmpty()) errs.add(FieldError.required(p + ".path", ""));
                    errs.addAll(Names.validatePortNumOrName(Tree.at(a, "port"), p + ".port"));
                    String scheme = Tree.str(a, "scheme");
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) errs.add(Errs.notSupported(p + ".scheme", scheme, List.of("HTTP", "HTTPS")));
                    List<JsonNode> headers = Tree.items(a, "httpHeaders");
                    for (int i = 0; i < headers.size(); i++) {
                        String hn = Tree.str(headers.get(i), "name");
                        for (String m : Names.httpHeaderName(hn)) errs.add(Errs.invalid(p + ".httpHeaders[" + i + "].name", hn, m));
                    }
                }
                case "tcpSocket" -> errs.addAll(Names.validatePortNumOrName(Tree.at(a, "port"), p + ".port"));
                case "grpc" -> {
                    long port = Tree.num(a, "port");
                    Names.portNum(port).forEach(m -> errs.add(Errs.invalid(p + ".port", port, m)));
                }
                case "sleep" -> {
                    long s = Tree.num(a, "seconds");
                    if (s < 0) errs.add(Errs.invalid(p + ".seconds", s, "must be non-negative"));
                }
                default -> { }
            }
        }
        if (n == 0) errs.add(FieldError.required(path, "must specify a handler type"));
        return errs;
    }

    static List<FieldError> lifecycle(JsonNode l, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (String hook : List.of("postStart", "preStop")) {
            if (Tree.has(l, hook)) errs.addAll(handler(l.get(hook), path + "." + hook, List.of("exec", "httpGet", "tcpSocket", "sleep")));
        }
        return errs;
    }

    static List<FieldError> securityContext(JsonNode sc, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (!sc.isObject()) return errs;
        errs.addAll(ids(sc, path, List.of("runAsUser", "runAsGroup")));
        if (Tree.has(sc, "allowPrivilegeEscalation") && !Tree.bool(sc, "allowPrivilegeEscalation")) {
            if (Tree.bool(sc, "privileged")) {
                errs.add(Errs.invalidGo(path, Errs.json(sc), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }
            if (Tree.stringList(sc, "capabilities", "add").contains("CAP_SYS_ADMIN")) {
                errs.add(Errs.invalidGo(path, Errs.json(sc), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
            }
        }
        return errs;
    }

    /** User and group ids: 0 to MaxInt32. */
    static List<FieldError> ids(JsonNode sc, String path, List<String> fields) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : fields) {
            if (!Tree.has(sc, f)) continue;
            long v = Tree.num(sc, f);
            if (v < 0 || v > MAX_INT32) errs.add(Errs.invalid(path + "." + f, v, Names.inclusiveRangeError(0, MAX_INT32)));
        }
        return errs;
    }
}
