package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.Quantity;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may do what and how much: PodDisruptionBudgets, Bindings, RBAC, CertificateSigningRequests,
 * LimitRanges and ResourceQuotas.
 */
final class PolicyValidation {

    private PolicyValidation() {}

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
    private static final List<String> KEY_USAGES = List.of("any", "cert sign", "client auth", "code signing", "content commitment",
            "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only",
            "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc",
            "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping");

    static List<FieldError> podDisruptionBudget(JsonNode pdb) {
        // Upstream checks only the generic metadata rules for PDBs.
        List<FieldError> errs = MetaValidation.objectMeta(pdb, true, NameRule.PATH_SEGMENT);
        JsonNode spec = Tree.at(pdb, "spec");
        if (Tree.has(spec, "minAvailable") && Tree.has(spec, "maxUnavailable")) {
            errs.add(Errs.invalidGo("spec", Errs.json(spec), "minAvailable and maxUnavailable cannot be both set"));
        }
        for (String f : List.of("minAvailable", "maxUnavailable")) {
            if (!Tree.has(spec, f)) continue;
            errs.addAll(WorkloadValidation.positiveIntOrPercent(spec.get(f), "spec." + f));
            errs.addAll(WorkloadValidation.notMoreThan100Percent(spec.get(f), "spec." + f));
        }
        errs.addAll(MetaValidation.labelSelector(Tree.at(spec, "selector"), "spec.selector"));
        if (Tree.has(spec, "unhealthyPodEvictionPolicy")) {
            String p = Tree.str(spec, "unhealthyPodEvictionPolicy");
            List<String> supported = List.of("AlwaysAllow", "IfHealthyBudget");
            if (!supported.contains(p)) errs.add(Errs.notSupported("spec.unhealthyPodEvictionPolicy", p, supported));
        }
        return errs;
    }

    static List<FieldError> binding(JsonNode b) {
        List<FieldError> errs = MetaValidation.objectMeta(b, true, NameRule.PATH_SEGMENT);
        String kind = Tree.str(b, "target", "kind");
        if (!kind.isEmpty() && !kind.equals("Node")) errs.add(Errs.notSupported("target.kind", kind, List.of("Node", "<empty>")));
        if (Tree.str(b, "target", "name").isEmpty()) errs.add(FieldError.required("target.name", ""));
        return errs;
    }

    static List<FieldError> role(JsonNode role, boolean namespaced) {
        List<FieldError> errs = MetaValidation.objectMeta(role, namespaced, NameRule.PATH_SEGMENT);
        List<JsonNode> rules = Tree.items(role, "rules");
        for (int i = 0; i < rules.size(); i++) errs.addAll(policyRule(rules.get(i), namespaced, "rules[" + i + "]"));
        if (!namespaced && Tree.has(role, "aggregationRule")) {
            List<JsonNode> selectors = Tree.items(role, "aggregationRule", "clusterRoleSelectors");
            if (selectors.isEmpty()) errs.add(FieldError.required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            for (int i = 0; i < selectors.size(); i++) {
                errs.addAll(MetaValidation.labelSelector(selectors.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]"));
            }
        }
        return errs;
    }

    private static List<FieldError> policyRule(JsonNode rule, boolean namespaced, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (Tree.items(rule, "verbs").isEmpty()) errs.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
        List<String> urls = Tree.stringList(rule, "nonResourceURLs");
        if (!urls.isEmpty()) {
            if (namespaced) errs.add(Errs.invalidGo(path + ".nonResourceURLs", Errs.goStrings(urls), "namespaced rules cannot apply to non-resource URLs"));
            if (!Tree.items(rule, "apiGroups").isEmpty() || !Tree.items(rule, "resources").isEmpty() || !Tree.items(rule, "resourceNames").isEmpty()) {
                errs.add(Errs.invalidGo(path + ".nonResourceURLs", Errs.goStrings(urls), "rules cannot apply to both regular resources and non-resource URLs"));
            }
            return errs;
        }
        if (Tree.items(rule, "apiGroups").isEmpty()) errs.add(FieldError.required(path + ".apiGroups", "resource rules must supply at least one api group"));
        if (Tree.items(rule, "resources").isEmpty()) errs.add(FieldError.required(path + ".resources", "resource rules must supply at least one resource"));
        return errs;
    }

    static List<FieldError> roleBinding(JsonNode rb, boolean namespaced) {
        List<FieldError> errs = MetaValidation.objectMeta(rb, namespaced, NameRule.PATH_SEGMENT);
        String group = Tree.str(rb, "roleRef", "apiGroup");
        if (!group.equals(RBAC_GROUP)) errs.add(Errs.notSupported("roleRef.apiGroup", group, List.of(RBAC_GROUP)));
        String kind = Tree.str(rb, "roleRef", "kind");
        List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(kind)) errs.add(Errs.notSupported("roleRef.kind", kind, kinds));
        String name = Tree.str(rb, "roleRef", "name");
        if (name.isEmpty()) errs.add(FieldError.required("roleRef.name", ""));
        else Names.pathSegment(name, false).forEach(m -> errs.add(Errs.invalid("roleRef.name", name, m)));
        List<JsonNode> subjects = Tree.items(rb, "subjects");
        for (int i = 0; i < subjects.size(); i++) errs.addAll(subject(subjects.get(i), namespaced, "subjects[" + i + "]"));
        return errs;
    }

    private static List<FieldError> subject(JsonNode s, boolean namespaced, String path) {
        List<FieldError> errs = new ArrayList<>();
        String name = Tree.str(s, "name");
        String group = Tree.str(s, "apiGroup");
        if (name.isEmpty()) errs.add(FieldError.required(path + ".name", ""));
        String kind = Tree.str(s, "kind");
        switch (kind) {
            case "ServiceAccount" -> {
                if (!name.isEmpty()) Names.dns1123Subdomain(name).forEach(m -> errs.add(Errs.invalid(path + ".name", name, m)));
                if (!group.isEmpty()) errs.add(Errs.notSupported(path + ".apiGroup", group, List.of("")));
                if (!namespaced && Tree.str(s, "namespace").isEmpty()) errs.add(FieldError.required(path + ".namespace", ""));
            }
            case "User", "Group" -> {
                if (!group.equals(RBAC_GROUP)) errs.add(Errs.notSupported(path + ".apiGroup", group, List.of(RBAC_GROUP)));
            }
            default -> errs.add(Errs.notSupported(path + ".kind", kind, List.of("ServiceAccount", "User", "Group")));
        }
        return errs;
    }

    static List<FieldError> roleBindingUpdate(JsonNode rb, JsonNode old, boolean namespaced) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(rb, old);
        errs.addAll(roleBinding(rb, namespaced).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        if (!Diff.equal(Tree.at(rb, "roleRef"), Tree.at(old, "roleRef"))) {
            JsonNode r = Tree.at(rb, "roleRef");
            errs.add(Errs.invalidGo("roleRef", "rbac.RoleRef{APIGroup:" + Errs.goString(Tree.str(r, "apiGroup")) + ", Kind:"
                    + Errs.goString(Tree.str(r, "kind")) + ", Name:" + Errs.goString(Tree.str(r, "name")) + "}", "cannot change roleRef"));
        }
        return errs;
    }

    static List<FieldError> certificateSigningRequest(JsonNode csr) {
        // "We don't care what you call your certificate requests": generic metadata rules only.
        List<FieldError> errs = MetaValidation.objectMeta(csr, false, NameRule.PATH_SEGMENT);
        JsonNode spec = Tree.at(csr, "spec");
        String request = Tree.str(spec, "request");
        if (request.isEmpty()) {
            errs.add(FieldError.required("spec.request", ""));
        } else {
            String pem;
            try {
                pem = new String(Base64.getDecoder().decode(request), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                pem = "";
            }
            if (!pem.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
                errs.add(Errs.invalidGo("spec.request", "[]byte{...}", "PEM block type must be CERTIFICATE REQUEST"));
            }
        }
        String signer = Tree.str(spec, "signerName");
        if (signer.isEmpty()) {
            errs.add(FieldError.required("spec.signerName", ""));
        } else {
            String[] parts = signer.split("/", 2);
            if (parts.length != 2 || parts[1].isEmpty() || !Names.dns1123Subdomain(parts[0]).isEmpty() || !parts[0].contains(".")) {
                errs.add(Errs.invalid("spec.signerName", signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            }
        }
        List<String> usages = Tree.stringList(spec, "usages");
        if (usages.isEmpty()) errs.add(FieldError.required("spec.usages", ""));
        for (int i = 0; i < usages.size(); i++) {
            if (!KEY_USAGES.contains(usages.get(i))) errs.add(Errs.notSupported("spec.usages[" + i + "]", usages.get(i), KEY_USAGES));
        }
        if (Tree.has(spec, "expirationSeconds") && Tree.num(spec, "expirationSeconds") < 600) {
            errs.add(Errs.invalid("spec.expirationSeconds", Tree.num(spec, "expirationSeconds"), "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        return errs;
    }

    static List<FieldError> limitRange(JsonNode lr) {
        List<FieldError> errs = MetaValidation.objectMeta(lr, true, NameRule.DNS1123_SUBDOMAIN);
        List<JsonNode> limits = Tree.items(lr, "spec", "limits");
        for (int i = 0; i < limits.size(); i++) {
            JsonNode l = limits.get(i);
            String p = "spec.limits[" + i + "]";
            String type = Tree.str(l, "type");
            List<String> msgs = Names.qualifiedName(type);
            msgs.forEach(m -> errs.add(Errs.invalid(p + ".type", type, m)));
            if (msgs.isEmpty() && !type.contains("/") && !List.of("Pod", "Container", "PersistentVolumeClaim").contains(type)) {
                errs.add(Errs.invalid(p + ".type", type, "must be a standard limit type or fully qualified"));
            }
            Map<String, Quantity> min = quantities(l, "min", p, errs);
            Map<String, Quantity> max = quantities(l, "max", p, errs);
            Map<String, Quantity> def = quantities(l, "default", p, errs);
            Map<String, Quantity> defReq = quantities(l, "defaultRequest", p, errs);
            quantities(l, "maxLimitRequestRatio", p, errs);
            for (String k : min.keySet()) {
                if (max.containsKey(k) && min.get(k).compareTo(max.get(k)) > 0) {
                    errs.add(Errs.invalid(p + ".min[" + k + "]", min.get(k).toString(), "min value " + min.get(k) + " is greater than max value " + max.get(k)));
                }
            }
            for (String k : def.keySet()) {
                if (min.containsKey(k) && min.get(k).compareTo(def.get(k)) > 0) {
                    errs.add(Errs.invalid(p + ".default[" + k + "]", def.get(k).toString(), "min value " + min.get(k) + " is greater than default value " + def.get(k)));
                }
                if (max.containsKey(k) && def.get(k).compareTo(max.get(k)) > 0) {
                    errs.add(Errs.invalid(p + ".default[" + k + "]", def.get(k).toString(), "default value " + def.get(k) + " is greater than max value " + max.get(k)));
                }
            }
            for (String k : defReq.keySet()) {
                Quantity v = defReq.get(k);
                String dp = p + ".defaultRequest[" + k + "]";
                if (min.containsKey(k) && min.get(k).compareTo(v) > 0) errs.add(Errs.invalid(dp, v.toString(), "min value " + min.get(k) + " is greater than default request value " + v));
                if (max.containsKey(k) && v.compareTo(max.get(k)) > 0) errs.add(Errs.invalid(dp, v.toString(), "default request value " + v + " is greater than max value " + max.get(k)));
                if (def.containsKey(k) && v.compareTo(def.get(k)) > 0) errs.add(Errs.invalid(dp, v.toString(), "default request value " + v + " is greater than default limit value " + def.get(k)));
            }
        }
        return errs;
    }

    private static Map<String, Quantity> quantities(JsonNode l, String field, String path, List<FieldError> errs) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : Tree.strings(l, field).entrySet()) {
            String p = path + "." + field + "[" + e.getKey() + "]";
            List<FieldError> q = ContainerValidation.quantityValue(e.getKey(), e.getValue(), p);
            errs.addAll(q);
            if (q.isEmpty()) out.put(e.getKey(), Quantity.parse(e.getValue()));
        }
        return out;
    }

    static List<FieldError> resourceQuota(JsonNode rq) {
        List<FieldError> errs = MetaValidation.objectMeta(rq, true, NameRule.DNS1123_SUBDOMAIN);
        for (Map.Entry<String, String> e : Tree.strings(rq, "spec", "hard").entrySet()) {
            String p = "spec.hard[" + e.getKey() + "]";
            Names.qualifiedName(e.getKey()).forEach(m -> errs.add(Errs.invalid(p, e.getKey(), m)));
            errs.addAll(ContainerValidation.quantityValue(e.getKey(), e.getValue(), p));
        }
        List<String> scopes = List.of("BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating",
                "PriorityClass", "Terminating", "VolumeAttributesClass");
        List<String> given = Tree.stringList(rq, "spec", "scopes");
        for (String s : given) {
            if (!scopes.contains(s)) errs.add(Errs.notSupported("spec.scopes", s, scopes));
        }
        return errs;
    }
}
