package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Pods, pod specs and pod templates, as upstream's {@code pkg/apis/core/validation}. */
final class PodValidation {

    private PodValidation() {}

    static final String UPDATABLE_FIELDS = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final String NOT_FOR_INIT = "may not be set for init containers without restartPolicy=Always";

    static List<FieldError> pod(JsonNode pod) {
        List<FieldError> errs = metadataAndSpec(pod);
        JsonNode spec = Tree.at(pod, "spec");
        if (!Tree.items(spec, "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!Tree.str(spec, "nodeName").isEmpty() && !Tree.items(spec, "schedulingGates").isEmpty()) {
            errs.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errs;
    }

    private static List<FieldError> metadataAndSpec(JsonNode pod) {
        List<FieldError> errs = new ArrayList<>(MetaValidation.objectMeta(pod, true, NameRule.DNS1123_SUBDOMAIN));
        JsonNode spec = Tree.at(pod, "spec");
        errs.addAll(spec(spec, "spec"));
        if (Tree.str(spec, "serviceAccountName").isEmpty()) {
            List<JsonNode> volumes = Tree.items(spec, "volumes");
            for (int vi = 0; vi < volumes.size(); vi++) {
                List<JsonNode> sources = Tree.items(volumes.get(vi), "projected", "sources");
                for (int si = 0; si < sources.size(); si++) {
                    if (Tree.has(sources.get(si), "serviceAccountToken")) {
                        errs.add(FieldError.forbidden("spec.volumes[" + vi + "].projected.sources[" + si + "].serviceAccountToken",
                                "must not be specified when serviceAccountName is not set"));
                    }
                }
            }
        }
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> cs = Tree.items(spec, list);
            for (int i = 0; i < cs.size(); i++) {
                String image = Tree.str(cs.get(i), "image");
                if (image.length() != image.strip().length()) {
                    errs.add(Errs.invalid("spec." + list + "[" + i + "].image", image, "must not have leading or trailing whitespace"));
                }
            }
        }
        return errs;
    }

    /** ValidatePodTemplateSpec: a template's labels, annotations and spec (paths under {@code path}). */
    static List<FieldError> template(JsonNode template, String path) {
        List<FieldError> errs = new ArrayList<>();
        // Upstream's paths for template metadata skip "metadata": spec.template.labels.
        errs.addAll(MetaValidation.labels(Tree.at(template, "metadata", "labels"), path + ".labels"));
        errs.addAll(MetaValidation.annotations(Tree.at(template, "metadata", "annotations"), path + ".annotations"));
        errs.addAll(spec(Tree.at(template, "spec"), path + ".spec"));
        if (!Tree.items(template, "spec", "ephemeralContainers").isEmpty()) {
            errs.add(FieldError.forbidden(path + ".spec.ephemeralContainers", "ephemeral containers not allowed in pod template"));
        }
        return errs;
    }

    /** ValidatePodSpec. */
    static List<FieldError> spec(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> volumes = new HashSet<>();
        errs.addAll(VolumeValidation.volumes(Tree.items(spec, "volumes"), path + ".volumes", volumes));
        List<JsonNode> containers = Tree.items(spec, "containers");
        errs.addAll(containers(containers, volumes, path + ".containers"));
        errs.addAll(initContainers(Tree.items(spec, "initContainers"), containers, volumes, path + ".initContainers"));
        if (Tree.bool(spec, "hostNetwork")) errs.addAll(hostNetworkPorts(spec, path));
        String restart = Tree.str(spec, "restartPolicy");
        if (restart.isEmpty()) errs.add(FieldError.required(path + ".restartPolicy", ""));
        else if (!RESTART_POLICIES.contains(restart)) errs.add(Errs.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        String dns = Tree.str(spec, "dnsPolicy");
        if (dns.isEmpty()) errs.add(FieldError.required(path + ".dnsPolicy", ""));
        else if (!DNS_POLICIES.contains(dns)) errs.add(Errs.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        errs.addAll(MetaValidation.labels(Tree.at(spec, "nodeSelector"), path + ".nodeSelector"));
        errs.addAll(securityContext(spec, path));
        List<JsonNode> pullSecrets = Tree.items(spec, "imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            if (Tree.str(pullSecrets.get(i), "name").isEmpty()) errs.add(FieldError.required(path + ".imagePullSecrets[" + i + "].name", ""));
        }
        errs.addAll(dnsConfig(spec, path));
        List<JsonNode> gates = Tree.items(spec, "schedulingGates");
        Set<String> gateNames = new HashSet<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = Tree.str(gates.get(i), "name");
            errs.addAll(Names.validateQualifiedName(name, path + ".schedulingGates[" + i + "].name"));
            if (!gateNames.add(name)) errs.add(Errs.duplicate(path + ".schedulingGates[" + i + "].name", name));
        }
        for (String f : List.of("serviceAccountName", "nodeName", "priorityClassName")) {
            String v = Tree.str(spec, f);
            if (!v.isEmpty()) Names.dns1123Subdomain(v).forEach(m -> errs.add(Errs.invalid(path + "." + f, v, m)));
        }
        if (Tree.has(spec, "activeDeadlineSeconds")) {
            long v = Tree.num(spec, "activeDeadlineSeconds");
            if (v < 1 || v > Integer.MAX_VALUE) {
                errs.add(Errs.invalid(path + ".activeDeadlineSeconds", v, Names.inclusiveRangeError(1, Integer.MAX_VALUE)));
            }
        }
        for (String f : List.of("hostname", "subdomain")) {
            String v = Tree.str(spec, f);
            if (!v.isEmpty()) errs.addAll(Names.validateDns1123Label(v, path + "." + f));
        }
        errs.addAll(tolerations(Tree.items(spec, "tolerations"), path + ".tolerations"));
        if (Tree.has(spec, "preemptionPolicy")) {
            String pp = Tree.str(spec, "preemptionPolicy");
            List<String> supported = List.of("Never", "PreemptLowerPriority");
            if (!supported.contains(pp)) errs.add(Errs.notSupported(path + ".preemptionPolicy", pp, supported));
        }
        return errs;
    }

    private static List<FieldError> containers(List<JsonNode> containers, Set<String> volumes, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (containers.isEmpty()) return List.of(FieldError.required(path, ""));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            String ip = path + "[" + i + "]";
            errs.addAll(ContainerValidation.common(c, volumes, ip));
            String name = Tree.str(c, "name");
            if (!names.add(name)) errs.add(Errs.duplicate(ip + ".name", name));
            if (Tree.has(c, "lifecycle")) errs.addAll(ContainerValidation.lifecycle(c.get("lifecycle"), ip + ".lifecycle"));
            errs.addAll(ContainerValidation.probe(Tree.at(c, "livenessProbe"), ip + ".livenessProbe", true, false));
            errs.addAll(ContainerValidation.probe(Tree.at(c, "readinessProbe"), ip + ".readinessProbe", false, true));
            errs.addAll(ContainerValidation.probe(Tree.at(c, "startupProbe"), ip + ".startupProbe", true, false));
            if (Tree.has(c, "restartPolicy")) errs.add(FieldError.forbidden(ip + ".restartPolicy", "may not be set for non-init containers"));
        }
        errs.addAll(ContainerValidation.hostPortConflicts(containers, path, new HashSet<>()));
        return errs;
    }

    private static List<FieldError> initContainers(List<JsonNode> inits, List<JsonNode> regular, Set<String> volumes, String path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        regular.forEach(c -> names.add(Tree.str(c, "name")));
        for (int i = 0; i < inits.size(); i++) {
            JsonNode c = inits.get(i);
            String ip = path + "[" + i + "]";
            errs.addAll(ContainerValidation.common(c, volumes, ip));
            boolean restartAlways = false;
            if (Tree.has(c, "restartPolicy")) {
                String rp = Tree.str(c, "restartPolicy");
                if (!rp.equals("Always")) errs.add(Errs.notSupported(ip + ".restartPolicy", rp, List.of("Always")));
                restartAlways = rp.equals("Always");
            }
            String name = Tree.str(c, "name");
            if (names.contains(name)) errs.add(Errs.duplicate(ip + ".name", name));
            else if (!name.isEmpty()) names.add(name);
            // Init containers run one by one, so their host ports are only checked one container at a time.
            errs.addAll(ContainerValidation.hostPortConflicts(List.of(c), path, new HashSet<>()));
            if (restartAlways) {
                if (Tree.has(c, "lifecycle")) errs.addAll(ContainerValidation.lifecycle(c.get("lifecycle"), ip + ".lifecycle"));
                errs.addAll(ContainerValidation.probe(Tree.at(c, "livenessProbe"), ip + ".livenessProbe", true, false));
                errs.addAll(ContainerValidation.probe(Tree.at(c, "readinessProbe"), ip + ".readinessProbe", false, true));
                errs.addAll(ContainerValidation.probe(Tree.at(c, "startupProbe"), ip + ".startupProbe", true, false));
            } else {
                if (Tree.has(c, "lifecycle")) errs.add(FieldError.forbidden(ip + ".lifecycle", NOT_FOR_INIT));
                if (Tree.has(c, "livenessProbe")) errs.add(FieldError.forbidden(ip + ".livenessProbe", NOT_FOR_INIT));
                if (Tree.has(c, "readinessProbe")) errs.add(FieldError.forbidden(ip + ".readinessProbe", "may not be set for init containers"));
                if (Tree.has(c, "startupProbe")) errs.add(FieldError.forbidden(ip + ".startupProbe", NOT_FOR_INIT));
            }
        }
        return errs;
    }

    private static List<FieldError> hostNetworkPorts(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> cs = Tree.items(spec, list);
            for (int i = 0; i < cs.size(); i++) {
                List<JsonNode> ports = Tree.items(cs.get(i), "ports");
                for (int j = 0; j < ports.size(); j++) {
                    long host = Tree.num(ports.get(j), "hostPort");
                    if (host != Tree.num(ports.get(j), "containerPort")) {
                        errs.add(Errs.invalid(path + "." + list + "[" + i + "].ports[" + j + "].hostPort", host,
                                "must match `containerPort` when `hostNetwork` is true"));
                    }
                }
            }
        }
        return errs;
    }

    private static List<FieldError> securityContext(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode sc = Tree.at(spec, "securityContext");
        String sp = path + ".securityContext";
        errs.addAll(ContainerValidation.ids(sc, sp, List.of("runAsUser", "runAsGroup", "fsGroup")));
        List<JsonNode> groups = Tree.items(sc, "supplementalGroups");
        for (int i = 0; i < groups.size(); i++) {
            long g = groups.get(i).asLong();
            if (g < 0 || g > Integer.MAX_VALUE) errs.add(Errs.invalid(sp + ".supplementalGroups[" + i + "]", g, Names.inclusiveRangeError(0, Integer.MAX_VALUE)));
        }
        if (Tree.has(sc, "fsGroupChangePolicy")) {
            String p = Tree.str(sc, "fsGroupChangePolicy");
            List<String> supported = List.of("OnRootMismatch", "Always");
            if (!supported.contains(p)) errs.add(Errs.notSupported(sp + ".fsGroupChangePolicy", p, supported));
        }
        if (Tree.bool(spec, "shareProcessNamespace") && Tree.bool(spec, "hostPID")) {
            errs.add(Errs.invalidGo(path + ".shareProcessNamespace", "true", "ShareProcessNamespace and HostPID cannot both be enabled"));
        }
        return errs;
    }

    private static List<FieldError> dnsConfig(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        String p = path + ".dnsConfig";
        if (Tree.str(spec, "dnsPolicy").equals("None")) {
            if (!Tree.has(spec, "dnsConfig")) return List.of(FieldError.required(p, "must provide `dnsConfig` when `dnsPolicy` is None"));
            if (Tree.items(spec, "dnsConfig", "nameservers").isEmpty()) {
                return List.of(FieldError.required(p + ".nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None"));
            }
        }
        List<String> nameservers = Tree.stringList(spec, "dnsConfig", "nameservers");
        if (nameservers.size() > 3) errs.add(Errs.invalidGo(p + ".nameservers", Errs.goStrings(nameservers), "must not have more than 3 nameservers"));
        for (int i = 0; i < nameservers.size(); i++) {
            if (!Ips.isIp(nameservers.get(i))) errs.add(Errs.invalid(p + ".nameservers[" + i + "]", nameservers.get(i), Ips.INVALID_IP));
        }
        List<String> searches = Tree.stringList(spec, "dnsConfig", "searches");
        if (searches.size() > 32) errs.add(Errs.invalidGo(p + ".searches", Errs.goStrings(searches), "must not have more than 32 search paths"));
        return errs;
    }

    static List<FieldError> tolerations(List<JsonNode> tolerations, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode t = tolerations.get(i);
            String ip = path + "[" + i + "]";
            String key = Tree.str(t, "key");
            String op = Tree.str(t, "operator");
            String effect = Tree.str(t, "effect");
            if (!key.isEmpty()) errs.addAll(Names.validateQualifiedName(key, ip + ".key"));
            if (key.isEmpty() && !op.equals("Exists")) {
                errs.add(Errs.invalid(ip + ".operator", op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (Tree.has(t, "tolerationSeconds") && !effect.equals("NoExecute")) {
                errs.add(Errs.invalid(ip + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "Equal", "" -> {
                    String value = Tree.str(t, "value");
                    List<String> msgs = Names.labelValue(value);
                    if (!msgs.isEmpty()) errs.add(Errs.invalid(ip + ".operator", value, String.join(";", msgs)));
                }
                case "Exists" -> {
                    if (!Tree.str(t, "value").isEmpty()) errs.add(Errs.invalidGo(ip + ".operator", Errs.json(t), "value must be empty when `operator` is 'Exists'"));
                }
                default -> errs.add(Errs.notSupported(ip + ".operator", op, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty()) errs.addAll(NodeValidation.taintEffect(effect, ip + ".effect"));
        }
        return errs;
    }

    /** ValidatePodUpdate: the spec is immutable but for images, deadlines, added tolerations and removed gates. */
    static List<FieldError> podUpdate(JsonNode pod, JsonNode old) {
        List<FieldError> errs = new ArrayList<>(MetaValidation.objectMetaUpdate(pod, old));
        errs.addAll(metadataAndSpec(pod));
        JsonNode spec = Tree.at(pod, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> cs = Tree.items(spec, list);
            if (cs.size() != Tree.items(oldSpec, list).size()) {
                errs.add(FieldError.forbidden("spec." + list, "pod updates may not add or remove containers"));
                return errs;
            }
            for (int i = 0; i < cs.size(); i++) {
                String image = Tree.str(cs.get(i), "image");
                if (image.isEmpty()) errs.add(FieldError.required("spec." + list + "[" + i + "].image", ""));
            }
        }
        if (Tree.has(spec, "activeDeadlineSeconds")) {
            long v = Tree.num(spec, "activeDeadlineSeconds");
            if (v < 0 || v > Integer.MAX_VALUE) {
                errs.add(Errs.invalid("spec.activeDeadlineSeconds", v, Names.inclusiveRangeError(0, Integer.MAX_VALUE)));
                return errs;
            }
            if (Tree.has(oldSpec, "activeDeadlineSeconds") && Tree.num(oldSpec, "activeDeadlineSeconds") < v) {
                errs.add(Errs.invalid("spec.activeDeadlineSeconds", v, "must be less than or equal to previous value"));
                return errs;
            }
        } else if (Tree.has(oldSpec, "activeDeadlineSeconds")) {
            errs.add(Errs.invalidGo("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"));
        }
        errs.addAll(onlyAddedTolerations(Tree.items(spec, "tolerations"), Tree.items(oldSpec, "tolerations")));
        errs.addAll(onlyRemovedGates(Tree.items(spec, "schedulingGates"), Tree.items(oldSpec, "schedulingGates")));

        ObjectNode munged = Tree.copyOf(spec);
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> oldCs = Tree.items(oldSpec, list);
            JsonNode cs = munged.path(list);
            for (int i = 0; i < cs.size(); i++) {
                if (cs.get(i).isObject()) ((ObjectNode) cs.get(i)).set("image", oldCs.get(i).get("image"));
            }
        }
        copy(oldSpec, munged, "activeDeadlineSeconds");
        copy(oldSpec, munged, "tolerations");
        copy(oldSpec, munged, "schedulingGates");
        // A negative grace period (allowed once) may be corrected to 1.
        if (Tree.num(oldSpec, "terminationGracePeriodSeconds") < 0 && Tree.num(spec, "terminationGracePeriodSeconds") == 1) {
            copy(oldSpec, munged, "terminationGracePeriodSeconds");
        }
        List<String> changed = Diff.paths(munged, oldSpec, "spec");
        if (!changed.isEmpty()) {
            StringBuilder diff = new StringBuilder();
            for (String p : changed) {
                String rel = p.substring("spec".length());
                diff.append("\n- ").append(p).append(": ").append(Errs.json(at(oldSpec, rel)))
                        .append("\n+ ").append(p).append(": ").append(Errs.json(at(munged, rel)));
            }
            errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE_FIELDS + diff));
        }
        return errs;
    }

    private static List<FieldError> onlyAddedTolerations(List<JsonNode> tolerations, List<JsonNode> old) {
        for (JsonNode o : old) {
            boolean found = false;
            for (JsonNode n : tolerations) {
                ObjectNode clone = Tree.copyOf(o);
                clone.remove("tolerationSeconds");
                if (n.has("tolerationSeconds")) clone.set("tolerationSeconds", n.get("tolerationSeconds"));
                if (Diff.equal(clone, n)) {
                    found = true;
                    break;
                }
            }
            if (!found) return List.of(FieldError.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
        }
        return List.of();
    }

    private static List<FieldError> onlyRemovedGates(List<JsonNode> gates, List<JsonNode> oldGates) {
        Set<String> old = new HashSet<>();
        oldGates.forEach(g -> old.add(Tree.str(g, "name")));
        List<FieldError> errs = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = Tree.str(gates.get(i), "name");
            if (!old.contains(name)) {
                errs.add(FieldError.forbidden("spec.schedulingGates[" + i + "].name",
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
        return errs;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) to.set(field, from.get(field));
        else to.remove(field);
    }

    private static JsonNode at(JsonNode root, String rel) {
        JsonNode cur = root;
        for (String part : rel.split("\\.")) {
            if (part.isEmpty()) continue;
            String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            cur = cur.path(name);
            int b = part.indexOf('[');
            while (b >= 0) {
                int e = part.indexOf(']', b);
                cur = cur.path(Integer.parseInt(part.substring(b + 1, e)));
                b = part.indexOf('[', e);
            }
        }
        return cur;
    }
}
