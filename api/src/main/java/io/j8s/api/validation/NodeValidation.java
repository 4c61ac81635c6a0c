package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Nodes, and the namespace-free cluster objects that sit beside them: Namespaces and PriorityClasses. */
final class NodeValidation {

    private NodeValidation() {}

    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final String POD_CIDR_CHANGE = "node updates may not change podCIDR except from \"\" to valid";
    private static final long HIGHEST_USER_PRIORITY = 1_000_000_000L;
    private static final Map<String, Long> SYSTEM_PRIORITY_CLASSES = Map.of(
            "system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);

    static List<FieldError> taintEffect(String effect, String path) {
        if (effect.isEmpty()) return List.of(FieldError.required(path, ""));
        return TAINT_EFFECTS.contains(effect) ? List.of() : List.of(Errs.notSupported(path, effect, TAINT_EFFECTS));
    }

    static List<FieldError> node(JsonNode node) {
        List<FieldError> errs = MetaValidation.objectMeta(node, false, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(nodeSpec(Tree.at(node, "spec")));
        return errs;
    }

    private static List<FieldError> nodeSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(taints(Tree.items(spec, "taints"), "spec.taints"));
        List<String> cidrs = Tree.stringList(spec, "podCIDRs");
        for (int i = 0; i < cidrs.size(); i++) {
            if (!Ips.isCidr(cidrs.get(i))) errs.add(Errs.invalid("spec.podCIDRs[" + i + "]", cidrs.get(i), Ips.INVALID_CIDR));
        }
        if (cidrs.size() > 1 && Ips.isIpv6(cidrs.get(0).split("/")[0]) == Ips.isIpv6(cidrs.get(1).split("/")[0])) {
            errs.add(Errs.invalidGo("spec.podCIDRs", Errs.goStrings(cidrs), "may specify no more than one CIDR for each IP family"));
        }
        String podCIDR = Tree.str(spec, "podCIDR");
        if (!podCIDR.isEmpty() && !cidrs.isEmpty() && !cidrs.get(0).equals(podCIDR)) {
            errs.add(Errs.invalid("spec.podCIDRs", podCIDR, "first value must match `podCIDR`"));
        }
        return errs;
    }

    private static List<FieldError> taints(List<JsonNode> taints, String path) {
        List<FieldError> errs = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < taints.size(); i++) {
            JsonNode t = taints.get(i);
            String p = path + "[" + i + "]";
            String key = Tree.str(t, "key");
            String value = Tree.str(t, "value");
            String effect = Tree.str(t, "effect");
            errs.addAll(Names.validateQualifiedName(key, p + ".key"));
            List<String> msgs = Names.labelValue(value);
            if (!msgs.isEmpty()) errs.add(Errs.invalid(p + ".value", value, String.join(";", msgs)));
            errs.addAll(taintEffect(effect, p + ".effect"));
            if (!unique.add(effect + "\u0000" + key)) {
                String go = "core.Taint{Key:" + Errs.goString(key) + ", Value:" + Errs.goString(value) + ", Effect:" + Errs.goString(effect)
                        + ", TimeAdded:(*v1.Time)(nil)}";
                errs.add(new FieldError(p, "FieldValueDuplicate", "Duplicate value: " + go + ": taints must be unique by key and effect pair"));
            }
        }
        return errs;
    }

    /** Once set, podCIDRs and providerID stay; the spec is otherwise the node's own to change. */
    static List<FieldError> nodeUpdate(JsonNode node, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(node, old);
        errs.addAll(nodeSpec(Tree.at(node, "spec")));
        List<String> cidrs = Tree.stringList(node, "spec", "podCIDRs");
        List<String> oldCidrs = Tree.stringList(old, "spec", "podCIDRs");
        if (!oldCidrs.isEmpty()) {
            if (oldCidrs.size() != cidrs.size()) {
                errs.add(FieldError.forbidden("spec.podCIDRs", POD_CIDR_CHANGE));
            } else {
                for (int i = 0; i < oldCidrs.size(); i++) {
                    if (!oldCidrs.get(i).equals(cidrs.get(i))) errs.add(FieldError.forbidden("spec.podCIDRs[" + i + "]", POD_CIDR_CHANGE));
                }
            }
        }
        String oldProvider = Tree.str(old, "spec", "providerID");
        if (!oldProvider.isEmpty() && !oldProvider.equals(Tree.str(node, "spec", "providerID"))) {
            errs.add(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
        return errs;
    }

    static List<FieldError> namespace(JsonNode ns) {
        List<FieldError> errs = MetaValidation.objectMeta(ns, false, NameRule.DNS1123_LABEL);
        errs.addAll(namespaceFinalizers(ns));
        return errs;
    }

    static List<FieldError> namespaceUpdate(JsonNode ns, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(ns, old);
        errs.addAll(namespaceFinalizers(ns));
        return errs;
    }

    private static List<FieldError> namespaceFinalizers(JsonNode ns) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : Tree.stringList(ns, "spec", "finalizers")) {
            List<String> msgs = Names.qualifiedName(f);
            msgs.forEach(m -> errs.add(Errs.invalid("spec.finalizers", f, m)));
            // A finalizer without a domain must be one Kubernetes defines.
            if (!f.contains("/") && !f.equals("kubernetes")) {
                errs.add(Errs.invalid("spec.finalizers", f, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    static List<FieldError> priorityClass(JsonNode pc) {
        List<FieldError> errs = MetaValidation.objectMeta(pc, false, NameRule.DNS1123_SUBDOMAIN);
        String name = Tree.str(pc, "metadata", "name");
        long value = Tree.num(pc, "value");
        if (name.startsWith("system-")) {
            String why = systemClassError(name, value, Tree.bool(pc, "globalDefault"));
            if (why != null) {
                errs.add(FieldError.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved for system use only. error: " + why));
            }
        } else if (value > HIGHEST_USER_PRIORITY) {
            errs.add(FieldError.forbidden("value", "maximum allowed value of a user defined priority is " + HIGHEST_USER_PRIORITY));
        }
        if (Tree.has(pc, "preemptionPolicy")) {
            String pp = Tree.str(pc, "preemptionPolicy");
            List<String> supported = List.of("Never", "PreemptLowerPriority");
            if (!supported.contains(pp)) errs.add(Errs.notSupported("preemptionPolicy", pp, supported));
        }
        return errs;
    }

    private static String systemClassError(String name, long value, boolean globalDefault) {
        Long known = SYSTEM_PRIORITY_CLASSES.get(name);
        if (known == null) return name + " is not a known system priority class";
        if (known != value) return "value of " + name + " PriorityClass must be " + known;
        if (globalDefault) return "globalDefault of " + name + " PriorityClass must be false";
        return null;
    }

    static List<FieldError> priorityClassUpdate(JsonNode pc, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(pc, old);
        if (Tree.num(pc, "value") != Tree.num(old, "value")) errs.add(FieldError.forbidden("value", "may not be changed in an update."));
        if (!Tree.str(pc, "preemptionPolicy").equals(Tree.str(old, "preemptionPolicy"))) {
            errs.add(Errs.immutable("preemptionPolicy", Tree.str(pc, "preemptionPolicy")));
        }
        return errs;
    }
}
