package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The apps/v1 workloads, ReplicationController, PodTemplate and ControllerRevision, as upstream's
 * {@code pkg/apis/apps/validation} and the core ReplicationController rules.
 */
final class WorkloadValidation {

    private WorkloadValidation() {}

    static final String SELECTOR_MISMATCH = "`selector` does not match template `labels`";
    private static final String EMPTY_SELECTOR_GO = "v1.LabelSelector{MatchLabels:map[string]string(nil), "
            + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}";

    static List<FieldError> deployment(JsonNode d) {
        List<FieldError> errs = MetaValidation.objectMeta(d, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(deploymentSpec(Tree.at(d, "spec")));
        return errs;
    }

    static List<FieldError> deploymentUpdate(JsonNode d, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(d, old);
        errs.addAll(deploymentSpec(Tree.at(d, "spec")));
        errs.addAll(immutableSelector(d, old));
        return errs;
    }

    private static List<FieldError> deploymentSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(nonNegative(spec, "spec", "replicas"));
        errs.addAll(selector(spec, "deployment"));
        errs.addAll(templateIfSelectorValid(spec));
        errs.addAll(deploymentStrategy(Tree.at(spec, "strategy")));
        errs.addAll(nonNegative(spec, "spec", "minReadySeconds"));
        errs.addAll(nonNegative(spec, "spec", "revisionHistoryLimit"));
        if (Tree.has(spec, "progressDeadlineSeconds")) {
            long pds = Tree.num(spec, "progressDeadlineSeconds");
            errs.addAll(nonNegative(spec, "spec", "progressDeadlineSeconds"));
            if (pds <= Tree.num(spec, "minReadySeconds")) errs.add(Errs.invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"));
        }
        return errs;
    }

    private static List<FieldError> deploymentStrategy(JsonNode s) {
        List<FieldError> errs = new ArrayList<>();
        String type = Tree.str(s, "type");
        switch (type) {
            case "Recreate" -> {
                if (Tree.has(s, "rollingUpdate")) {
                    errs.add(FieldError.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (!Tree.has(s, "rollingUpdate")) {
                    errs.add(FieldError.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                } else {
                    JsonNode ru = s.get("rollingUpdate");
                    String p = "spec.strategy.rollingUpdate";
                    errs.addAll(positiveIntOrPercent(ru.path("maxUnavailable"), p + ".maxUnavailable"));
                    errs.addAll(positiveIntOrPercent(ru.path("maxSurge"), p + ".maxSurge"));
                    if (intOrPercentValue(ru.path("maxUnavailable")) == 0 && intOrPercentValue(ru.path("maxSurge")) == 0) {
                        errs.add(Errs.invalidGo(p + ".maxUnavailable", Errs.goIntOrString(ru.path("maxUnavailable")), "may not be 0 when `maxSurge` is 0"));
                    }
                    errs.addAll(notMoreThan100Percent(ru.path("maxUnavailable"), p + ".maxUnavailable"));
                }
            }
            default -> errs.add(Errs.notSupported("spec.strategy", type, List.of("Recreate", "RollingUpdate")));
        }
        return errs;
    }

    static List<FieldError> replicaSet(JsonNode rs) {
        List<FieldError> errs = MetaValidation.objectMeta(rs, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(replicaSetSpec(Tree.at(rs, "spec")));
        return errs;
    }

    static List<FieldError> replicaSetUpdate(JsonNode rs, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(rs, old);
        errs.addAll(replicaSetSpec(Tree.at(rs, "spec")));
        errs.addAll(immutableSelector(rs, old));
        return errs;
    }

    private static List<FieldError> replicaSetSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(nonNegative(spec, "spec", "replicas"));
        errs.addAll(nonNegative(spec, "spec", "minReadySeconds"));
        // Upstream's ReplicaSet message says "deployment" too.
        errs.addAll(selector(spec, "deployment"));
        errs.addAll(templateIfSelectorValid(spec));
        return errs;
    }

    private static List<FieldError> templateIfSelectorValid(JsonNode spec) {
        JsonNode sel = Tree.at(spec, "selector");
        if (MetaValidation.selectorIsValid(sel)) return templateForReplicaSet(spec, "ReplicaSet");
        return List.of(Errs.invalidGo("spec.selector", Errs.goSelector(sel), "invalid label selector"));
    }

    /** ValidatePodTemplateSpecForReplicaSet (also used by Deployments, whose messages say ReplicaSet). */
    private static List<FieldError> templateForReplicaSet(JsonNode spec, String kind) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode template = Tree.at(spec, "template");
        JsonNode sel = Tree.at(spec, "selector");
        errs.addAll(selectorMatchesTemplate(sel, template));
        errs.addAll(PodValidation.template(template, "spec.template"));
        errs.addAll(alwaysRestart(template, kind));
        return errs;
    }

    private static List<FieldError> alwaysRestart(JsonNode template, String kind) {
        List<FieldError> errs = new ArrayList<>();
        String restart = Tree.str(template, "spec", "restartPolicy");
        if (!restart.equals("Always")) errs.add(Errs.notSupported("spec.template.spec.restartPolicy", restart, List.of("Always")));
        if (Tree.has(template, "spec", "activeDeadlineSeconds")) {
            errs.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
        return errs;
    }

    /**
     * The template's labels must be selected. A missing selector selects nothing, so upstream reports
     * the mismatch next to "Required"; an empty one selects everything and is reported on its own.
     */
    static List<FieldError> selectorMatchesTemplate(JsonNode sel, JsonNode template) {
        boolean selects = sel.isObject()
                && (MetaValidation.selectorIsEmpty(sel) || MetaValidation.selectorMatches(sel, Tree.strings(template, "metadata", "labels")));
        if (selects) return List.of();
        return List.of(Errs.invalidGo("spec.template.metadata.labels", Errs.goMap(Tree.at(template, "metadata", "labels")), SELECTOR_MISMATCH));
    }

    /** A required, valid, non-empty selector ("empty selector is invalid for {what}"). */
    private static List<FieldError> selector(JsonNode spec, String what) {
        List<FieldError> errs = new ArrayList<>();
        if (!Tree.has(spec, "selector")) return List.of(FieldError.required("spec.selector", ""));
        JsonNode sel = spec.get("selector");
        errs.addAll(MetaValidation.labelSelector(sel, "spec.selector"));
        if (MetaValidation.selectorIsEmpty(sel)) errs.add(Errs.invalidGo("spec.selector", EMPTY_SELECTOR_GO, "empty selector is invalid for " + what));
        return errs;
    }

    private static List<FieldError> immutableSelector(JsonNode obj, JsonNode old) {
        JsonNode sel = Tree.at(obj, "spec", "selector");
        if (Diff.equal(sel, Tree.at(old, "spec", "selector"))) return List.of();
        return List.of(Errs.invalidGo("spec.selector", Errs.goSelector(sel), Errs.IMMUTABLE));
    }

    static List<FieldError> statefulSet(JsonNode s) {
        List<FieldError> errs = MetaValidation.objectMeta(s, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(statefulSetSpec(Tree.at(s, "spec")));
        return errs;
    }

    static List<FieldError> statefulSetUpdate(JsonNode s, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(s, old);
        errs.addAll(statefulSetSpec(Tree.at(s, "spec")));
        JsonNode spec = Tree.at(s, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        ObjectNode clone = Tree.copyOf(spec);
        for (String f : List.of("replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "revisionHistoryLimit",
                "persistentVolumeClaimRetentionPolicy")) {
            if (oldSpec.has(f)) clone.set(f, oldSpec.get(f));
            else clone.remove(f);
        }
        if (!Diff.equal(clone, oldSpec)) {
            errs.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                    + "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        return errs;
    }

    private static List<FieldError> statefulSetSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        String pmp = Tree.str(spec, "podManagementPolicy");
        switch (pmp) {
            case "" -> errs.add(FieldError.required("spec.podManagementPolicy", ""));
            case "OrderedReady", "Parallel" -> { }
            default -> errs.add(Errs.invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
        }
        JsonNode us = Tree.at(spec, "updateStrategy");
        switch (Tree.str(us, "type")) {
            case "" -> errs.add(FieldError.required("spec.updateStrategy", ""));
            case "OnDelete" -> {
                if (Tree.has(us, "rollingUpdate")) {
                    errs.add(Errs.invalidGo("spec.updateStrategy.rollingUpdate", Errs.json(us.get("rollingUpdate")),
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                if (Tree.has(us, "rollingUpdate")) {
                    JsonNode ru = us.get("rollingUpdate");
                    errs.addAll(nonNegative(ru, "spec.updateStrategy.rollingUpdate", "partition"));
                    if (Tree.has(ru, "maxUnavailable")) {
                        errs.addAll(positiveIntOrPercent(ru.get("maxUnavailable"), "spec.updateStrategy.rollingUpdate.maxUnavailable"));
                    }
                }
            }
            default -> errs.add(Errs.invalidGo("spec.updateStrategy", Errs.json(us), "must be 'RollingUpdate' or 'OnDelete'"));
        }
        JsonNode retention = Tree.at(spec, "persistentVolumeClaimRetentionPolicy");
        if (retention.isObject()) {
            for (String f : List.of("whenDeleted", "whenScaled")) {
                String v = Tree.str(retention, f);
                if (!v.equals("Retain") && !v.equals("Delete")) {
                    errs.add(Errs.notSupported("spec.persistentVolumeClaimRetentionPolicy." + f, v, List.of("Retain", "Delete")));
                }
            }
        }
        errs.addAll(nonNegative(spec, "spec", "replicas"));
        errs.addAll(nonNegative(spec, "spec", "minReadySeconds"));
        if (Tree.has(spec, "ordinals")) errs.addAll(nonNegative(spec.get("ordinals"), "spec.ordinals", "start"));
        errs.addAll(selector(spec, "statefulset"));
        JsonNode template = Tree.at(spec, "template");
        JsonNode sel = Tree.at(spec, "selector");
        if (MetaValidation.selectorIsValid(sel)) {
            errs.addAll(selectorMatchesTemplate(sel, template));
            // Upstream checks only the template's metadata here, not its pod spec (volume claims add volumes).
            errs.addAll(MetaValidation.labels(Tree.at(template, "metadata", "labels"), "spec.template.labels"));
            errs.addAll(MetaValidation.annotations(Tree.at(template, "metadata", "annotations"), "spec.template.annotations"));
        }
        errs.addAll(alwaysRestart(template, "StatefulSet"));
        return errs;
    }

    static List<FieldError> daemonSet(JsonNode ds) {
        List<FieldError> errs = MetaValidation.objectMeta(ds, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(daemonSetSpec(Tree.at(ds, "spec")));
        return errs;
    }

    static List<FieldError> daemonSetUpdate(JsonNode ds, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(ds, old);
        errs.addAll(daemonSetSpec(Tree.at(ds, "spec")));
        errs.addAll(immutableSelector(ds, old));
        return errs;
    }

    private static List<FieldError> daemonSetSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode sel = Tree.at(spec, "selector");
        JsonNode template = Tree.at(spec, "template");
        if (!Tree.has(spec, "selector")) errs.add(FieldError.required("spec.selector", ""));
        errs.addAll(MetaValidation.labelSelector(sel, "spec.selector"));
        if (MetaValidation.selectorIsValid(sel)) errs.addAll(selectorMatchesTemplate(sel, template));
        if (sel.isObject() && MetaValidation.selectorIsEmpty(sel)) {
            errs.add(Errs.invalidGo("spec.selector", EMPTY_SELECTOR_GO, "empty selector is invalid for daemonset"));
        }
        errs.addAll(PodValidation.template(template, "spec.template"));
        String restart = Tree.str(template, "spec", "restartPolicy");
        if (!restart.equals("Always")) errs.add(Errs.notSupported("spec.template.spec.restartPolicy", restart, List.of("Always")));
        if (Tree.has(template, "spec", "activeDeadlineSeconds")) {
            errs.add(Errs.invalid("spec.template.spec.activeDeadlineSeconds", Tree.num(template, "spec", "activeDeadlineSeconds"),
                    "activeDeadlineSeconds must be nil for daemon sets"));
        }
        errs.addAll(nonNegative(spec, "spec", "minReadySeconds"));
        errs.addAll(nonNegative(spec, "spec", "templateGeneration"));
        errs.addAll(daemonSetUpdateStrategy(Tree.at(spec, "updateStrategy")));
        errs.addAll(nonNegative(spec, "spec", "revisionHistoryLimit"));
        return errs;
    }

    private static List<FieldError> daemonSetUpdateStrategy(JsonNode s) {
        List<FieldError> errs = new ArrayList<>();
        String p = "spec.updateStrategy";
        String type = Tree.str(s, "type");
        switch (type) {
            case "OnDelete" -> { }
            case "RollingUpdate" -> {
                if (!Tree.has(s, "rollingUpdate")) return List.of(FieldError.required(p + ".rollingUpdate", ""));
                JsonNode ru = s.get("rollingUpdate");
                String rp = p + ".rollingUpdate";
                errs.addAll(positiveIntOrPercent(ru.path("maxUnavailable"), rp + ".maxUnavailable"));
                errs.addAll(positiveIntOrPercent(ru.path("maxSurge"), rp + ".maxSurge"));
                errs.addAll(notMoreThan100Percent(ru.path("maxUnavailable"), rp + ".maxUnavailable"));
                errs.addAll(notMoreThan100Percent(ru.path("maxSurge"), rp + ".maxSurge"));
                boolean unavailable = intOrPercentValue(ru.path("maxUnavailable")) != 0;
                boolean surge = intOrPercentValue(ru.path("maxSurge")) != 0;
                if (unavailable && surge) {
                    errs.add(Errs.invalidGo(rp + ".maxSurge", Errs.goIntOrString(ru.path("maxSurge")), "may not be set when maxUnavailable is non-zero"));
                } else if (!unavailable && !surge) {
                    errs.add(FieldError.required(rp + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
                }
            }
            default -> errs.add(Errs.notSupported(p, type, List.of("RollingUpdate", "OnDelete")));
        }
        return errs;
    }

    static List<FieldError> replicationController(JsonNode rc) {
        List<FieldError> errs = MetaValidation.objectMeta(rc, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(replicationControllerSpec(Tree.at(rc, "spec")));
        return errs;
    }

    static List<FieldError> replicationControllerUpdate(JsonNode rc, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(rc, old);
        errs.addAll(replicationControllerSpec(Tree.at(rc, "spec")));
        return errs;
    }

    private static List<FieldError> replicationControllerSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>(nonNegative(spec, "spec", "minReadySeconds"));
        if (Tree.strings(spec, "selector").isEmpty()) errs.add(FieldError.required("spec.selector", ""));
        errs.addAll(nonNegative(spec, "spec", "replicas"));
        if (!Tree.has(spec, "template")) {
            errs.add(FieldError.required("spec.template", ""));
            return errs;
        }
        JsonNode template = spec.get("template");
        var selector = Tree.strings(spec, "selector");
        var labels = Tree.strings(template, "metadata", "labels");
        if (!selector.isEmpty() && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            errs.add(Errs.invalidGo("spec.template.metadata.labels", Errs.goMap(Tree.at(template, "metadata", "labels")), SELECTOR_MISMATCH));
        }
        errs.addAll(PodValidation.template(template, "spec.template"));
        errs.addAll(alwaysRestart(template, "ReplicationController"));
        return errs;
    }

    static List<FieldError> podTemplate(JsonNode pt) {
        List<FieldError> errs = MetaValidation.objectMeta(pt, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(PodValidation.template(Tree.at(pt, "template"), "template"));
        return errs;
    }

    static List<FieldError> podTemplateUpdate(JsonNode pt, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(pt, old);
        errs.addAll(PodValidation.template(Tree.at(pt, "template"), "template"));
        return errs;
    }

    static List<FieldError> controllerRevision(JsonNode cr) {
        List<FieldError> errs = MetaValidation.objectMeta(cr, true, NameRule.DNS1123_SUBDOMAIN);
        if (!Tree.has(cr, "data")) errs.add(FieldError.required("data", "data is mandatory"));
        errs.addAll(nonNegative(cr, "", "revision"));
        return errs;
    }

    static List<FieldError> controllerRevisionUpdate(JsonNode cr, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(cr, old);
        errs.addAll(controllerRevision(cr).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        if (!Diff.equal(Tree.at(cr, "data"), Tree.at(old, "data"))) errs.add(Errs.invalidGo("data", Errs.json(cr.get("data")), Errs.IMMUTABLE));
        return errs;
    }

    static List<FieldError> nonNegative(JsonNode obj, String path, String field) {
        long v = Tree.num(obj, field);
        return v < 0 ? List.of(Errs.nonNegative(path.isEmpty() ? field : path + "." + field, v)) : List.of();
    }

    /** ValidatePositiveIntOrPercent: a non-negative int or a percent string. */
    static List<FieldError> positiveIntOrPercent(JsonNode v, String path) {
        if (v.isTextual()) {
            return Names.percent(v.asText()).stream().map(m -> Errs.invalidGo(path, Errs.goIntOrString(v), m)).toList();
        }
        if (v.isNumber() && v.asLong() < 0) return List.of(Errs.nonNegative(path, v.asLong()));
        return List.of();
    }

    static List<FieldError> notMoreThan100Percent(JsonNode v, String path) {
        if (!v.isTextual() || !Names.percent(v.asText()).isEmpty()) return List.of();
        long pct = Long.parseLong(v.asText().substring(0, v.asText().length() - 1));
        return pct <= 100 ? List.of() : List.of(Errs.invalidGo(path, Errs.goIntOrString(v), "must not be greater than 100%"));
    }

    static long intOrPercentValue(JsonNode v) {
        if (v.isNumber()) return v.asLong();
        if (v.isTextual() && Names.percent(v.asText()).isEmpty()) return Long.parseLong(v.asText().substring(0, v.asText().length() - 1));
        return 0;
    }
}
