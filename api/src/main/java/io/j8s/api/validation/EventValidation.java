package io.j8s.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.FieldError;
import io.j8s.api.validation.MetaValidation.NameRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events (both APIs) and Leases. Core v1 Events keep upstream's lenient legacy rules for old
 * clients; events.k8s.io/v1 Events get the strict ones. Upstream names fields in these errors by
 * its internal type, so an events.k8s.io "note" is reported as "message".
 */
final class EventValidation {

    private EventValidation() {}

    private static final int REPORTING_INSTANCE_LIMIT = 128;
    private static final int ACTION_LIMIT = 128;
    private static final int REASON_LIMIT = 128;
    private static final int NOTE_LIMIT = 1024;

    /** The core v1 Event's fields under the names events.k8s.io/v1 uses, so one set of rules reads both. */
    private record Fields(String involvedObject, String reportingController, String message, String firstTimestamp,
                          String lastTimestamp, String count, String source) {}

    private static final Fields CORE = new Fields("involvedObject", "reportingComponent", "message", "firstTimestamp",
            "lastTimestamp", "count", "source");
    private static final Fields EVENTS = new Fields("regarding", "reportingController", "note", "deprecatedFirstTimestamp",
            "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource");

    static List<FieldError> coreEvent(JsonNode ev) {
        // Only the generic metadata rules (names as path segments) apply to core Events.
        List<FieldError> errs = MetaValidation.objectMeta(ev, true, NameRule.PATH_SEGMENT);
        errs.addAll(legacy(ev, CORE, "reportingComponent"));
        return errs;
    }

    static List<FieldError> coreEventUpdate(JsonNode ev, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(ev, old);
        errs.addAll(legacy(ev, CORE, "reportingComponent"));
        return errs;
    }

    static List<FieldError> event(JsonNode ev) {
        List<FieldError> errs = legacy(ev, EVENTS, "reportingController");
        errs.addAll(MetaValidation.objectMeta(ev, true, NameRule.DNS1123_SUBDOMAIN));
        errs.addAll(series(ev));
        if (!Tree.has(ev, "eventTime")) errs.add(FieldError.required("eventTime", ""));
        String type = Tree.str(ev, "type");
        if (!type.equals("Normal") && !type.equals("Warning")) errs.add(Errs.invalid("type", "", "has invalid value: " + type));
        if (Tree.has(ev, EVENTS.firstTimestamp)) errs.add(Errs.invalid("firstTimestamp", "", "needs to be unset"));
        if (Tree.has(ev, EVENTS.lastTimestamp)) errs.add(Errs.invalid("lastTimestamp", "", "needs to be unset"));
        if (Tree.num(ev, EVENTS.count) != 0) errs.add(Errs.invalid("count", "", "needs to be unset"));
        if (!Tree.str(ev, EVENTS.source, "component").isEmpty() || !Tree.str(ev, EVENTS.source, "host").isEmpty()) {
            errs.add(Errs.invalid("source", "", "needs to be unset"));
        }
        return errs;
    }

    static List<FieldError> eventUpdate(JsonNode ev, JsonNode old) {
        List<FieldError> errs = legacy(ev, EVENTS, "reportingController");
        errs.addAll(MetaValidation.objectMetaUpdate(ev, old));
        errs.addAll(series(ev));
        Map<String, String> immutable = new LinkedHashMap<>();
        immutable.put("involvedObject", EVENTS.involvedObject);
        immutable.put("reason", "reason");
        immutable.put("message", EVENTS.message);
        immutable.put("source", EVENTS.source);
        immutable.put("firstTimestamp", EVENTS.firstTimestamp);
        immutable.put("lastTimestamp", EVENTS.lastTimestamp);
        immutable.put("count", EVENTS.count);
        immutable.put("type", "type");
        immutable.put("eventTime", "eventTime");
        immutable.put("action", "action");
        immutable.put("related", "related");
        immutable.put("reportingController", "reportingController");
        immutable.put("reportingInstance", "reportingInstance");
        for (Map.Entry<String, String> e : immutable.entrySet()) {
            JsonNode now = Tree.at(ev, e.getValue());
            if (!Diff.equal(now, Tree.at(old, e.getValue()))) {
                errs.add(now.isTextual() ? Errs.immutable(e.getKey(), now.asText()) : Errs.invalidGo(e.getKey(), Errs.json(now), Errs.IMMUTABLE));
            }
        }
        return errs;
    }

    private static List<FieldError> series(JsonNode ev) {
        List<FieldError> errs = new ArrayList<>();
        if (!Tree.has(ev, "series")) return errs;
        if (Tree.num(ev, "series", "count") < 2) errs.add(Errs.invalid("series.count", "", "should be at least 2"));
        if (!Tree.has(ev, "series", "lastObservedTime")) errs.add(FieldError.required("series.lastObservedTime", ""));
        return errs;
    }

    private static List<FieldError> legacy(JsonNode ev, Fields f, String reportingControllerPath) {
        List<FieldError> errs = new ArrayList<>();
        String ns = Tree.str(ev, "metadata", "namespace");
        String involvedNs = Tree.str(ev, f.involvedObject, "namespace");
        if (!Tree.has(ev, "eventTime")) {
            // Old-style events: the namespaces must agree ("default" tolerated for old clients).
            if (involvedNs.isEmpty()) {
                if (!ns.isEmpty() && !ns.equals("default")) errs.add(Errs.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            } else if (!ns.equals(involvedNs)) {
                errs.add(Errs.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        } else {
            if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errs.add(Errs.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
            String controller = Tree.str(ev, f.reportingController);
            if (controller.isEmpty()) errs.add(FieldError.required(reportingControllerPath, ""));
            errs.addAll(Names.validateQualifiedName(controller, reportingControllerPath));
            errs.addAll(limited(ev, "reportingInstance", "reportingInstance", REPORTING_INSTANCE_LIMIT, true));
            errs.addAll(limited(ev, "action", "action", ACTION_LIMIT, true));
            errs.addAll(limited(ev, "reason", "reason", REASON_LIMIT, true));
            errs.addAll(limited(ev, f.message, "message", NOTE_LIMIT, false));
        }
        Names.dns1123Subdomain(ns).forEach(m -> errs.add(Errs.invalid("namespace", ns, m)));
        return errs;
    }

    private static List<FieldError> limited(JsonNode ev, String field, String path, int limit, boolean required) {
        String v = Tree.str(ev, field);
        List<FieldError> errs = new ArrayList<>();
        if (required && v.isEmpty()) errs.add(FieldError.required(path, ""));
        if (v.length() > limit) errs.add(Errs.invalid(path, "", "can have at most " + limit + " characters"));
        return errs;
    }

    static List<FieldError> lease(JsonNode lease) {
        List<FieldError> errs = MetaValidation.objectMeta(lease, true, NameRule.DNS1123_SUBDOMAIN);
        errs.addAll(leaseSpec(Tree.at(lease, "spec")));
        return errs;
    }

    static List<FieldError> leaseUpdate(JsonNode lease, JsonNode old) {
        List<FieldError> errs = MetaValidation.objectMetaUpdate(lease, old);
        errs.addAll(leaseSpec(Tree.at(lease, "spec")));
        return errs;
    }

    private static List<FieldError> leaseSpec(JsonNode spec) {
        List<FieldError> errs = new ArrayList<>();
        if (Tree.has(spec, "leaseDurationSeconds") && Tree.num(spec, "leaseDurationSeconds") <= 0) {
            errs.add(Errs.invalid("spec.leaseDurationSeconds", Tree.num(spec, "leaseDurationSeconds"), "must be greater than 0"));
        }
        if (Tree.has(spec, "leaseTransitions") && Tree.num(spec, "leaseTransitions") < 0) {
            errs.add(Errs.invalid("spec.leaseTransitions", Tree.num(spec, "leaseTransitions"), Errs.NON_NEGATIVE));
        }
        return errs;
    }
}
