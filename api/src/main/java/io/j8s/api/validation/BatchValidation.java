package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Jobs and CronJobs, as upstream's {@code pkg/apis/batch/validation}. */
final class BatchValidation {

    private BatchValidation() {}

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";
    private static final int MAX_PARALLELISM_FOR_INDEXED_JOB = 100_000;
    private static final Pattern TIME_ZONE_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");

    static List<FieldError> job(JsonNode job) {
        List<FieldError> errs = MetaValidation.objectMeta(job, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(generatedSelector(job));
        JsonNode spec = Tree.at(job, "spec");
        errs.addAll(jobSpecWithSelector(spec, "spec"));
        if (Tree.str(spec, "completionMode").equals("Indexed") && Tree.num(spec, "completions") > 0) {
            // Indexed pods are named <job>-<index>; the last one must still be a DNS label.
            String name = Tree.str(job, "metadata", "name");
            String maxHostname = name + "-" + (Tree.num(spec, "completions") - 1);
            if (!Names.dns1123Label(maxHostname).isEmpty()) {
                errs.add(Errs.invalid("metadata.name", name, "will not able to create pod with invalid DNS label: " + maxHostname));
            }
        }
        return errs;
    }

    static List<FieldError> jobUpdate(JsonNode job, JsonNode old) {
        List<FieldError> errs = new ArrayList<>(job(job).stream().filter(e -> !e.field().startsWith("metadata.")).toList());
        errs.addAll(MetaValidation.objectMetaUpdate(job, old));
        JsonNode spec = Tree.at(job, "spec");
        JsonNode oldSpec = Tree.at(old, "spec");
        // Completions may only change for Indexed jobs, in step with parallelism (elastic indexed jobs).
        boolean elastic = Tree.str(spec, "completionMode").equals("Indexed") && Tree.num(spec, "completions") == Tree.num(spec, "parallelism")
                && Tree.num(oldSpec, "completions") == Tree.num(oldSpec, "parallelism");
        if (!elastic && !Diff.equal(spec.path("completions"), oldSpec.path("completions"))) {
            errs.add(Errs.invalidGo("spec.completions", Errs.goNumber(spec.path("completions")), Errs.IMMUTABLE));
        }
        if (!Diff.equal(spec.path("selector"), oldSpec.path("selector"))) {
            errs.add(Errs.invalidGo("spec.selector", Errs.goSelector(spec.path("selector")), Errs.IMMUTABLE));
        }
        errs.addAll(templateUpdate(job, old));
        for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy")) {
            if (!Diff.equal(spec.path(f), oldSpec.path(f))) {
                errs.add(spec.path(f).isTextual() ? Errs.immutable("spec." + f, spec.path(f).asText())
                        : Errs.invalidGo("spec." + f, Errs.json(spec.path(f)), Errs.IMMUTABLE));
            }
        }
        return errs;
    }

    /** The pod template is immutable, except its scheduling directives while a never-started job is suspended. */
    private static List<FieldError> templateUpdate(JsonNode job, JsonNode old) {
        JsonNode template = Tree.at(job, "spec", "template");
        JsonNode oldTemplate = Tree.at(old, "spec", "template");
        boolean mutableScheduling = Tree.bool(old, "spec", "suspend") && !Tree.has(old, "status", "startTime");
        if (mutableScheduling && oldTemplate.isObject() && template.isObject()) {
            ObjectNode o = ((ObjectNode) oldTemplate).deepCopy();
            ObjectNode meta = o.has("metadata") && o.get("metadata").isObject() ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
            copy(template.path("metadata"), meta, "labels");
            copy(template.path("metadata"), meta, "annotations");
            ObjectNode spec = o.has("spec") && o.get("spec").isObject() ? (ObjectNode) o.get("spec") : o.putObject("spec");
            copy(template.path("spec"), spec, "nodeSelector");
            copy(template.path("spec"), spec, "tolerations");
            copy(template.path("spec"), spec, "schedulingGates");
            JsonNode affinity = template.path("spec").path("affinity");
            if (affinity.isObject() || spec.path("affinity").isObject()) {
                ObjectNode a = spec.path("affinity").isObject() ? (ObjectNode) spec.get("affinity") : spec.putObject("affinity");
                copy(affinity, a, "nodeAffinity");
                if (a.isEmpty() && !affinity.isObject()) spec.remove("affinity");
            }
            oldTemplate = o;
        }
        if (Diff.equal(template, oldTemplate)) return List.of();
        return List.of(Errs.invalidGo("spec.template", Errs.json(template), Errs.IMMUTABLE));
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) to.set(field, from.get(field));
        else to.remove(field);
    }

    /** Unless the selector is manual, it and the template labels must be the generated ones. */
    private static List<FieldError> generatedSelector(JsonNode job) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = Tree.at(job, "spec");
        if (Tree.bool(spec, "manualSelector")) return errs;
        String uid = Tree.str(job, "metadata", "uid");
        String name = Tree.str(job, "metadata", "name");
        if (uid.isEmpty()) errs.add(FieldError.required("metadata.uid", ""));
        JsonNode labels = Tree.at(spec, "template", "metadata", "labels");
        errs.addAll(hasLabel(labels, LEGACY_CONTROLLER_UID, uid));
        errs.addAll(hasLabel(labels, LEGACY_JOB_NAME, name));
        errs.addAll(hasLabel(labels, CONTROLLER_UID, uid));
        errs.addAll(hasLabel(labels, JOB_NAME, name));
        JsonNode sel = Tree.at(spec, "selector");
        if (!sel.isObject() || (MetaValidation.selectorIsValid(sel) && !MetaValidation.selectorMatches(sel, Map.of(CONTROLLER_UID, uid)))) {
            errs.add(Errs.invalidGo("spec.selector", sel.isObject() ? Errs.goSelector(sel) : "null", "`selector` not auto-generated"));
        }
        return errs;
    }

    private static List<FieldError> hasLabel(JsonNode labels, String key, String expected) {
        String path = "spec.template.metadata.labels[" + key + "]";
        if (!labels.has(key)) return List.of(FieldError.required(path, expected));
        if (!labels.get(key).asText().equals(expected)) return List.of(Errs.invalidGo(path, Errs.goMap(labels), expected));
        return List.of();
    }

    /** ValidateJobSpec: the spec plus a required selector that selects the template. */
    private static List<FieldError> jobSpecWithSelector(JsonNode spec, String path) {
        List<FieldError> errs = jobSpec(spec, path);
        JsonNode sel = Tree.at(spec, "selector");
        if (!sel.isObject()) errs.add(FieldError.required(path + ".selector", ""));
        else errs.addAll(MetaValidation.labelSelector(sel, path + ".selector"));
        if (MetaValidation.selectorIsValid(sel)) {
            JsonNode template = Tree.at(spec, "template");
            boolean selects = sel.isObject() && (MetaValidation.selectorIsEmpty(sel)
                    || MetaValidation.selectorMatches(sel, Tree.strings(template, "metadata", "labels")));
            if (!selects) {
                errs.add(Errs.invalidGo(path + ".template.metadata.labels", Errs.goMap(Tree.at(template, "metadata", "labels")),
                        WorkloadValidation.SELECTOR_MISMATCH));
            }
        }
        return errs;
    }

    /** validateJobSpec: what a Job and a CronJob's job template share. */
    private static List<FieldError> jobSpec(JsonNode spec, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished",
                "backoffLimitPerIndex", "maxFailedIndexes")) {
            errs.addAll(WorkloadValidation.nonNegative(spec, path, f));
        }
        String mode = Tree.str(spec, "completionMode");
        if (Tree.has(spec, "completionMode")) {
            if (!mode.equals("NonIndexed") && !mode.equals("Indexed")) {
                errs.add(Errs.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
            }
            if (mode.equals("Indexed")) {
                if (!Tree.has(spec, "completions")) errs.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
                long parallelism = Tree.num(spec, "parallelism");
                if (parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
                    errs.add(Errs.invalid(path + ".parallelism", parallelism,
                            "must be less than or equal to " + MAX_PARALLELISM_FOR_INDEXED_JOB + " when completion mode is Indexed"));
                }
            }
        }
        if (Tree.has(spec, "backoffLimitPerIndex") && !mode.equals("Indexed")) {
            errs.add(FieldError.forbidden(path + ".backoffLimitPerIndex", "requires indexed completion mode"));
        }
        errs.addAll(PodValidation.template(Tree.at(spec, "template"), path + ".template"));
        String restart = Tree.str(spec, "template", "spec", "restartPolicy");
        // The pod-spec default is Always, so an unset policy reads as Always here.
        if (restart.equals("Always") || restart.isEmpty()) {
            errs.add(FieldError.required(path + ".template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""));
        } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errs.add(Errs.notSupported(path + ".template.spec.restartPolicy", restart, List.of("OnFailure", "Never")));
        } else if (Tree.has(spec, "podFailurePolicy") && !restart.equals("Never")) {
            errs.add(Errs.invalid(path + ".template.spec.restartPolicy", restart, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        if (Tree.has(spec, "podReplacementPolicy")) {
            String prp = Tree.str(spec, "podReplacementPolicy");
            List<String> allowed = Tree.has(spec, "podFailurePolicy") ? List.of("Failed") : List.of("Failed", "TerminatingOrFailed");
            if (!allowed.contains(prp)) errs.add(Errs.notSupported(path + ".podReplacementPolicy", prp, allowed));
        }
        return errs;
    }

    static List<FieldError> cronJob(JsonNode cj) {
        List<FieldError> errs = MetaValidation.objectMeta(cj, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(cronJobSpec(Tree.at(cj, "spec"), null));
        String name = Tree.str(cj, "metadata", "name");
        // The controller appends an 11-character "-<timestamp>" to name Jobs, which are DNS labels.
        if (name.length() > 52) errs.add(Errs.invalid("metadata.name", name, "must be no more than 52 characters"));
        return errs;
    }

    static List<FieldError> cronJobUpdate(JsonNode cj, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(cj, old);
        errs.addAll(cronJobSpec(Tree.at(cj, "spec"), Tree.at(old, "spec")));
        return errs;
    }

    private static List<FieldError> cronJobSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errs = new ArrayList<>();
        String schedule = Tree.str(spec, "schedule");
        if (schedule.isEmpty()) {
            errs.add(FieldError.required("spec.schedule", ""));
        } else {
            boolean allowTz = oldSpec != null && Tree.str(oldSpec, "schedule").contains("TZ");
            String err = CronSchedule.error(schedule);
            if (err != null) errs.add(Errs.invalid("spec.schedule", schedule, err));
            if (allowTz && schedule.contains("TZ") && Tree.has(spec, "timeZone")) {
                errs.add(Errs.invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
            } else if (!allowTz && schedule.contains("TZ")) {
                errs.add(Errs.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
        }
        errs.addAll(WorkloadValidation.nonNegative(spec, "spec", "startingDeadlineSeconds"));
        if (oldSpec == null || !Diff.equal(spec.path("timeZone"), oldSpec.path("timeZone"))) errs.addAll(timeZone(spec));
        String policy = Tree.str(spec, "concurrencyPolicy");
        List<String> policies = List.of("Allow", "Forbid", "Replace");
        if (policy.isEmpty()) errs.add(FieldError.required("spec.concurrencyPolicy", ""));
        else if (!policies.contains(policy)) errs.add(Errs.notSupported("spec.concurrencyPolicy", policy, policies));
        JsonNode jobSpec = Tree.at(spec, "jobTemplate", "spec");
        String jp = "spec.jobTemplate.spec";
        errs.addAll(jobSpec(jobSpec, jp));
        if (Tree.has(jobSpec, "selector")) {
            errs.add(Errs.invalidGo(jp + ".selector", Errs.goSelector(jobSpec.get("selector")), "`selector` will be auto-generated"));
        }
        if (Tree.bool(jobSpec, "manualSelector")) errs.add(Errs.notSupported(jp + ".manualSelector", "true", List.of("nil", "false")));
        errs.addAll(WorkloadValidation.nonNegative(spec, "spec", "successfulJobsHistoryLimit"));
        errs.addAll(WorkloadValidation.nonNegative(spec, "spec", "failedJobsHistoryLimit"));
        return errs;
    }

    private static List<FieldError> timeZone(JsonNode spec) {
        if (!Tree.has(spec, "timeZone")) return List.of();
        String tz = Tree.str(spec, "timeZone");
        String p = "spec.timeZone";
        if (tz.isEmpty()) return List.of(Errs.invalid(p, tz, "timeZone must be nil or non-empty string"));
        for (String part : tz.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !TIME_ZONE_PART.matcher(part).matches()) {
                return List.of(Errs.invalid(p, tz, "unknown time zone " + tz));
            }
        }
        if (tz.equalsIgnoreCase("Local")) {
            return List.of(Errs.invalid(p, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        if (!TimeZones.known(tz)) return List.of(Errs.invalid(p, tz, "unknown time zone " + tz));
        return List.of();
    }
}
