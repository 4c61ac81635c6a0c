package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Object metadata, labels, annotations, finalizers, owner references and label selectors, as
 * {@code k8s.io/apimachinery/pkg/api/validation} and {@code pkg/apis/meta/v1/validation}.
 */
final class MetaValidation {

    static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private MetaValidation() {}

    /** How a kind's names are checked; generateName is checked as a prefix (a trailing '-' is fine). */
    enum NameRule {
        DNS1123_SUBDOMAIN, DNS1123_LABEL, DNS1035_LABEL, PATH_SEGMENT;

        List<String> check(String name, boolean prefix) {
            String n = prefix ? maskTrailingDash(name) : name;
            return switch (this) {
                case DNS1123_SUBDOMAIN -> Names.dns1123Subdomain(n);
                case DNS1123_LABEL -> Names.dns1123Label(n);
                case DNS1035_LABEL -> Names.dns1035Label(n);
                case PATH_SEGMENT -> Names.pathSegment(name, prefix);
            };
        }

        // Upstream's maskTrailingDash, which really does drop two characters.
        private static String maskTrailingDash(String name) {
            return name.length() > 1 && name.endsWith("-") ? name.substring(0, name.length() - 2) + "a" : name;
        }
    }

    static List<FieldError> objectMeta(JsonNode obj, boolean namespaced, NameRule rule) {
        JsonNode meta = Tree.at(obj, "metadata");
        String path = "metadata";
        List<FieldError> errs = new ArrayList<>();
        String generateName = Tree.str(meta, "generateName");
        String name = Tree.str(meta, "name");
        if (!generateName.isEmpty()) {
            for (String m : rule.check(generateName, true)) errs.add(Errs.invalid(path + ".generateName", generateName, m));
        }
        // The server names generateName objects before storing; until then only generateName is checked.
        if (name.isEmpty()) {
            if (generateName.isEmpty()) errs.add(FieldError.required(path + ".name", "name or generateName is required"));
        } else {
            for (String m : rule.check(name, false)) errs.add(Errs.invalid(path + ".name", name, m));
        }
        String ns = Tree.str(meta, "namespace");
        if (namespaced) {
            if (ns.isEmpty()) errs.add(FieldError.required(path + ".namespace", ""));
            else for (String m : Names.dns1123Label(ns)) errs.add(Errs.invalid(path + ".namespace", ns, m));
        } else if (!ns.isEmpty()) {
            errs.add(FieldError.forbidden(path + ".namespace", "not allowed on this type"));
        }
        long generation = Tree.num(meta, "generation");
        if (generation < 0) errs.add(Errs.nonNegative(path + ".generation", generation));
        errs.addAll(labels(Tree.at(meta, "labels"), path + ".labels"));
        errs.addAll(annotations(Tree.at(meta, "annotations"), path + ".annotations"));
        errs.addAll(ownerReferences(Tree.items(meta, "ownerReferences"), path + ".ownerReferences"));
        errs.addAll(finalizers(Tree.stringList(meta, "finalizers"), path + ".finalizers"));
        return errs;
    }

    static List<FieldError> objectMetaUpdate(JsonNode obj, JsonNode old) {
        JsonNode meta = Tree.at(obj, "metadata");
        JsonNode oldMeta = Tree.at(old, "metadata");
        List<FieldError> errs = new ArrayList<>();
        if (Tree.has(oldMeta, "deletionTimestamp")) {
            List<String> added = new ArrayList<>(Tree.stringList(meta, "finalizers"));
            added.removeAll(Tree.stringList(oldMeta, "finalizers"));
            if (!added.isEmpty()) {
                errs.add(FieldError.forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted, "
                        + "found new finalizers " + Errs.goStrings(added)));
            }
        }
        long generation = Tree.num(meta, "generation");
        if (generation < Tree.num(oldMeta, "generation")) errs.add(Errs.invalid("metadata.generation", generation, "must not be decremented"));
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp")) {
            if (!Tree.str(meta, f).equals(Tree.str(oldMeta, f))) {
                errs.add(Tree.has(meta, f) ? Errs.immutable("metadata." + f, Tree.str(meta, f)) : Errs.invalidGo("metadata." + f, "null", Errs.IMMUTABLE));
            }
        }
        if (!Objects.equals(Tree.at(meta, "deletionGracePeriodSeconds"), Tree.at(oldMeta, "deletionGracePeriodSeconds"))) {
            errs.add(Errs.invalidGo("metadata.deletionGracePeriodSeconds", Errs.goNumber(meta.path("deletionGracePeriodSeconds")), Errs.IMMUTABLE));
        }
        errs.addAll(labels(Tree.at(meta, "labels"), "metadata.labels"));
        errs.addAll(annotations(Tree.at(meta, "annotations"), "metadata.annotations"));
        errs.addAll(ownerReferences(Tree.items(meta, "ownerReferences"), "metadata.ownerReferences"));
        errs.addAll(finalizers(Tree.stringList(meta, "finalizers"), "metadata.finalizers"));
        return errs;
    }

    static List<FieldError> labels(JsonNode labels, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (Map.Entry<String, String> e : Tree.strings(labels).entrySet()) {
            for (String m : Names.qualifiedName(e.getKey())) errs.add(Errs.invalid(path, e.getKey(), m));
            for (String m : Names.labelValue(e.getValue())) errs.add(Errs.invalid(path, e.getValue(), m));
        }
        return errs;
    }

    static List<FieldError> annotations(JsonNode annotations, String path) {
        List<FieldError> errs = new ArrayList<>();
        long size = 0;
        for (Map.Entry<String, String> e : Tree.strings(annotations).entrySet()) {
            // Annotation keys are qualified names in any case.
            for (String m : Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) errs.add(Errs.invalid(path, e.getKey(), m));
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.add(Errs.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        return errs;
    }

    static List<FieldError> finalizers(List<String> finalizers, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : finalizers) {
            for (String m : Names.qualifiedName(f)) errs.add(Errs.invalid(path, f, m));
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            errs.add(Errs.invalidGo(path, Errs.goStrings(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return errs;
    }

    static List<FieldError> ownerReferences(List<JsonNode> refs, String path) {
        List<FieldError> errs = new ArrayList<>();
        String firstController = "";
        for (JsonNode ref : refs) {
            String apiVersion = Tree.str(ref, "apiVersion");
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            // Upstream reports these without an index: the path is the list's.
            if (version.isEmpty()) errs.add(Errs.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            if (Tree.str(ref, "kind").isEmpty()) errs.add(Errs.invalid(path + ".kind", "", "must not be empty"));
            if (Tree.str(ref, "name").isEmpty()) errs.add(Errs.invalid(path + ".name", "", "must not be empty"));
            if (Tree.str(ref, "uid").isEmpty()) errs.add(Errs.invalid(path + ".uid", "", "must not be empty"));
            if (apiVersion.equals("v1") && Tree.str(ref, "kind").equals("Event")) {
                errs.add(Errs.invalidGo(path, Errs.json(ref), "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (Tree.bool(ref, "controller")) {
                String current = Tree.str(ref, "kind") + "/" + Tree.str(ref, "name");
                if (!firstController.isEmpty()) {
                    errs.add(Errs.invalidGo(path, Errs.json(Json.MAPPER.valueToTree(refs)), "Only one reference can have Controller set to true. "
                            + "Found \"true\" in references for " + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }

    /** Upstream's ValidateLabelSelector (strict: label values in expressions are checked). */
    static List<FieldError> labelSelector(JsonNode sel, String path) {
        List<FieldError> errs = new ArrayList<>();
        if (sel == null || !sel.isObject()) return errs;
        errs.addAll(labels(sel.path("matchLabels"), path + ".matchLabels"));
        List<JsonNode> exprs = Tree.items(sel, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            JsonNode e = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            String op = Tree.str(e, "operator");
            List<String> values = Tree.stringList(e, "values");
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) errs.add(FieldError.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) errs.add(FieldError.forbidden(p + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
                default -> errs.add(Errs.invalid(p + ".operator", op, "not a valid selector operator"));
            }
            String key = Tree.str(e, "key");
            for (String m : Names.qualifiedName(key)) errs.add(Errs.invalid(p + ".key", key, m));
            for (int j = 0; j < values.size(); j++) {
                for (String m : Names.labelValue(values.get(j))) errs.add(Errs.invalid(p + ".values[" + j + "]", values.get(j), m));
            }
        }
        return errs;
    }

    static boolean selectorIsEmpty(JsonNode sel) {
        return Tree.strings(sel, "matchLabels").isEmpty() && Tree.items(sel, "matchExpressions").isEmpty();
    }

    /** Whether upstream's LabelSelectorAsSelector accepts the selector. */
    static boolean selectorIsValid(JsonNode sel) {
        return labelSelector(sel, "").isEmpty();
    }

    /** Whether a (valid) selector selects these labels; a missing selector selects nothing, {} everything. */
    static boolean selectorMatches(JsonNode sel, Map<String, String> labels) {
        if (sel == null || !sel.isObject()) return false;
        for (Map.Entry<String, String> e : Tree.strings(sel, "matchLabels").entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) return false;
        }
        for (JsonNode e : Tree.items(sel, "matchExpressions")) {
            String key = Tree.str(e, "key");
            Set<String> values = new HashSet<>(Tree.stringList(e, "values"));
            boolean has = labels.containsKey(key);
            boolean ok = switch (Tree.str(e, "operator")) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }
}
