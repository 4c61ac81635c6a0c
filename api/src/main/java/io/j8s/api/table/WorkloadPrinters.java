package io.j8s.api.table;

import static io.j8s.api.table.Fields.age;
import static io.j8s.api.table.Fields.at;
import static io.j8s.api.table.Fields.formatLabelSelector;
import static io.j8s.api.table.Fields.formatLabels;
import static io.j8s.api.table.Fields.list;
import static io.j8s.api.table.Fields.name;
import static io.j8s.api.table.Fields.num;
import static io.j8s.api.table.Fields.present;
import static io.j8s.api.table.Fields.size;
import static io.j8s.api.table.Fields.str;
import static io.j8s.api.table.Fields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** apps/v1 and batch/v1, as upstream prints them. */
final class WorkloadPrinters {

    private WorkloadPrinters() {}

    static Map<String, Printer> all() {
        return Map.of(
                "apps/Deployment", new Printer(List.of(
                        Column.NAME,
                        Column.string("Ready", "Number of the pod with ready state"),
                        Column.string("Up-to-date", Docs.DEPLOYMENT_STATUS_UPDATED_REPLICAS),
                        Column.string("Available", Docs.DEPLOYMENT_STATUS_AVAILABLE_REPLICAS),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.DEPLOYMENT_SPEC_SELECTOR)),
                        WorkloadPrinters::deployment),
                "apps/ReplicaSet", new Printer(List.of(
                        Column.NAME,
                        Column.integer("Desired", Docs.REPLICA_SET_SPEC_REPLICAS),
                        Column.integer("Current", Docs.REPLICA_SET_STATUS_REPLICAS),
                        Column.integer("Ready", Docs.REPLICA_SET_STATUS_READY_REPLICAS),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.REPLICA_SET_SPEC_SELECTOR)),
                        (o, now) -> {
                            Fields.Containers c = Fields.Containers.of(o, "spec", "template", "spec", "containers");
                            return Row.of(name(o), num(o, 1, "spec", "replicas"), num(o, "status", "replicas"), num(o, "status", "readyReplicas"),
                                    age(o, now), c.names(), c.images(), formatLabelSelector(o, "spec", "selector"));
                        }),
                "apps/StatefulSet", new Printer(List.of(
                        Column.NAME, Column.string("Ready", "Number of the pod with ready state"), Column.AGE, Column.CONTAINERS, Column.IMAGES),
                        (o, now) -> {
                            Fields.Containers c = Fields.Containers.of(o, "spec", "template", "spec", "containers");
                            return Row.of(name(o), num(o, "status", "readyReplicas") + "/" + num(o, 1, "spec", "replicas"), age(o, now),
                                    c.names(), c.images());
                        }),
                "apps/DaemonSet", new Printer(List.of(
                        Column.NAME,
                        Column.integer("Desired", Docs.DAEMON_SET_STATUS_DESIRED_NUMBER_SCHEDULED),
                        Column.integer("Current", Docs.DAEMON_SET_STATUS_CURRENT_NUMBER_SCHEDULED),
                        Column.integer("Ready", Docs.DAEMON_SET_STATUS_NUMBER_READY),
                        Column.integer("Up-to-date", Docs.DAEMON_SET_STATUS_UPDATED_NUMBER_SCHEDULED),
                        Column.integer("Available", Docs.DAEMON_SET_STATUS_NUMBER_AVAILABLE),
                        Column.string("Node Selector", Docs.POD_SPEC_NODE_SELECTOR),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.DAEMON_SET_SPEC_SELECTOR)),
                        (o, now) -> {
                            Fields.Containers c = Fields.Containers.of(o, "spec", "template", "spec", "containers");
                            return Row.of(name(o), num(o, "status", "desiredNumberScheduled"), num(o, "status", "currentNumberScheduled"),
                                    num(o, "status", "numberReady"), num(o, "status", "updatedNumberScheduled"), num(o, "status", "numberAvailable"),
                                    formatLabels(o, "spec", "template", "spec", "nodeSelector"), age(o, now), c.names(), c.images(),
                                    formatLabelSelector(o, "spec", "selector"));
                        }),
                "apps/ControllerRevision", new Printer(List.of(
                        Column.NAME,
                        Column.string("Controller", "Controller of the object"),
                        Column.string("Revision", Docs.CONTROLLER_REVISION_REVISION),
                        Column.AGE),
                        (o, now) -> Row.of(name(o), controller(o), num(o, "revision"), age(o, now))),
                "batch/Job", new Printer(List.of(
                        Column.NAME,
                        Column.string("Status", "Status of the job."),
                        Column.string("Completions", Docs.JOB_STATUS_SUCCEEDED),
                        Column.string("Duration", "Time required to complete the job."),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.JOB_SPEC_SELECTOR)),
                        WorkloadPrinters::job),
                "batch/CronJob", new Printer(List.of(
                        Column.NAME,
                        Column.string("Schedule", Docs.CRON_JOB_SPEC_SCHEDULE),
                        Column.string("Timezone", Docs.CRON_JOB_SPEC_TIME_ZONE),
                        Column.bool("Suspend", Docs.CRON_JOB_SPEC_SUSPEND),
                        Column.integer("Active", Docs.CRON_JOB_STATUS_ACTIVE),
                        Column.string("Last Schedule", Docs.CRON_JOB_STATUS_LAST_SCHEDULE_TIME),
                        Column.AGE,
                        Column.CONTAINERS,
                        Column.IMAGES,
                        Column.wide("Selector", Docs.JOB_SPEC_SELECTOR)),
                        WorkloadPrinters::cronJob));
    }

    static Row deployment(JsonNode d, Instant now) {
        Fields.Containers c = Fields.Containers.of(d, "spec", "template", "spec", "containers");
        // Unlike the other workloads, upstream prints the bare selector string here: empty for none.
        String selector = Fields.labelSelector(at(d, "spec", "selector")).orElse("<invalid>");
        return Row.of(name(d), num(d, "status", "readyReplicas") + "/" + num(d, 1, "spec", "replicas"),
                num(d, "status", "updatedReplicas"), num(d, "status", "availableReplicas"), age(d, now),
                c.names(), c.images(), selector);
    }

    static Row job(JsonNode job, Instant now) {
        long succeeded = num(job, "status", "succeeded");
        String completions;
        if (present(job, "spec", "completions")) {
            completions = succeeded + "/" + num(job, "spec", "completions");
        } else {
            long parallelism = num(job, "spec", "parallelism");
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }
        Optional<Instant> start = time(job, "status", "startTime");
        Optional<Instant> completion = time(job, "status", "completionTime");
        String duration = "";
        if (start.isPresent()) {
            duration = HumanDuration.format(Duration.between(start.get(), completion.orElse(now)));
        }
        String status;
        if (jobCondition(job, "Complete")) {
            status = "Complete";
        } else if (jobCondition(job, "Failed")) {
            status = "Failed";
        } else if (present(job, "metadata", "deletionTimestamp")) {
            status = "Terminating";
        } else if (jobCondition(job, "Suspended")) {
            status = "Suspended";
        } else if (jobCondition(job, "FailureTarget")) {
            status = "FailureTarget";
        } else {
            status = "Running";
        }
        Fields.Containers c = Fields.Containers.of(job, "spec", "template", "spec", "containers");
        return Row.of(name(job), status, completions, duration, age(job, now), c.names(), c.images(),
                formatLabelSelector(job, "spec", "selector"));
    }

    /** upstream's {@code hasJobCondition}: the first condition of the type decides. */
    private static boolean jobCondition(JsonNode job, String type) {
        for (JsonNode c : list(job, "status", "conditions")) {
            if (str(c, "type").equals(type)) {
                return str(c, "status").equals("True");
            }
        }
        return false;
    }

    static Row cronJob(JsonNode cj, Instant now) {
        String lastSchedule = present(cj, "status", "lastScheduleTime")
                ? HumanDuration.since(time(cj, "status", "lastScheduleTime"), now) : "<none>";
        String timeZone = present(cj, "spec", "timeZone") ? str(cj, "spec", "timeZone") : "<none>";
        String suspend = present(cj, "spec", "suspend") ? (Fields.bool(cj, "spec", "suspend") ? "True" : "False") : "<unset>";
        Fields.Containers c = Fields.Containers.of(cj, "spec", "jobTemplate", "spec", "template", "spec", "containers");
        return Row.of(name(cj), str(cj, "spec", "schedule"), timeZone, suspend, size(cj, "status", "active"), lastSchedule,
                age(cj, now), c.names(), c.images(), formatLabelSelector(cj, "spec", "jobTemplate", "spec", "selector"));
    }

    /** The controlling owner as {@code kind.group/name}, lower-cased, or {@code <none>}. */
    private static String controller(JsonNode revision) {
        for (JsonNode ref : list(revision, "metadata", "ownerReferences")) {
            if (Fields.bool(ref, "controller")) {
                String apiVersion = str(ref, "apiVersion");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String kind = str(ref, "kind");
                if (kind.isEmpty() && group.isEmpty()) {
                    return str(ref, "name");
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + str(ref, "name");
            }
        }
        return "<none>";
    }
}
