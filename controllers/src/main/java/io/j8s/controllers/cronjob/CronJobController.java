package io.j8s.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Upstream's CronJob controller ({@code cronjob_controllerv2.go}): at each time its schedule names
 * (in {@code spec.timeZone}), a CronJob creates a Job {@code <cronjob>-<minutes since the epoch>}
 * from its template, honouring {@code concurrencyPolicy} (Allow, Forbid, Replace),
 * {@code startingDeadlineSeconds} and {@code suspend}; it tracks its running Jobs in
 * {@code status.active}, and keeps {@code successful/failedJobsHistoryLimit} finished ones.
 */
public final class CronJobController {

    public static final String NAME = "cronjob";
    static final String COMPONENT = "cronjob-controller";
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** Upstream gives up counting missed start times past this many. */
    static final int TOO_MANY_MISSED = 100;

    /** The writes this controller makes (upstream's jobControl and cronJobControl). */
    interface Actions {
        Job createJob(String namespace, Job job);

        void deleteJob(String namespace, String name);

        void updateStatus(CronJob cronJob);
    }

    interface Listers {
        CronJob cronJob(String key);

        /** The Jobs in {@code namespace} controlled by the CronJob of {@code uid}. */
        List<Job> jobsOf(String namespace, String uid);
    }

    private final Listers listers;
    private final Actions actions;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;

    CronJobController(Listers listers, Actions actions, EventRecorder recorder, WorkQueue queue, Clock clock) {
        this.listers = listers;
        this.actions = actions;
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
    }

    /** The key of the CronJob that controls {@code job}, or null. */
    static String ownerKey(Job job) {
        for (OwnerReference ref : job.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController()) && "CronJob".equals(ref.getKind())) {
                return job.getMetadata().getNamespace() + "/" + ref.getName();
            }
        }
        return null;
    }

    void sync(String key) {
        CronJob cj = listers.cronJob(key);
        if (cj == null) return;
        String ns = cj.getMetadata().getNamespace();
        Instant now = clock.instant();
        List<Job> jobs = listers.jobsOf(ns, cj.getMetadata().getUid());
        CronJobStatus old = cj.getStatus() == null ? new CronJobStatus() : cj.getStatus();
        CronJobStatus status = new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder(old).build();
        List<ObjectReference> active = new ArrayList<>(status.getActive());
        Map<String, Job> byName = new HashMap<>();
        for (Job j : jobs) byName.put(j.getMetadata().getName(), j);

        // Reconcile status.active with the Jobs that exist.
        for (Job j : jobs) {
            boolean listed = active.stream().anyMatch(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
            Optional<String> finished = finishedType(j);
            if (finished.isEmpty() && !listed) {
                active.add(ref(j));
            } else if (finished.isPresent() && listed) {
                active.removeIf(r -> Objects.equals(r.getUid(), j.getMetadata().getUid()));
                recorder.event(cj, EventRecorder.NORMAL, "SawCompletedJob",
                        "Saw completed job: " + j.getMetadata().getName() + ", condition: " + finished.get());
                if ("Complete".equals(finished.get()) && j.getStatus() != null && j.getStatus().getCompletionTime() != null) {
                    String at = j.getStatus().getCompletionTime();
                    if (status.getLastSuccessfulTime() == null || Instant.parse(at).isAfter(Instant.parse(status.getLastSuccessfulTime()))) {
                        status.setLastSuccessfulTime(at);
                    }
                }
            }
        }
        active.removeIf(r -> {
            if (byName.containsKey(r.getName())) return false;
            recorder.event(cj, EventRecorder.NORMAL, "MissingJob", "Active job went missing: " + r.getName());
            return true;
        });

        try {
            if (cj.getMetadata().getDeletionTimestamp() != null) return;
            var spec = cj.getSpec();
            ZoneId zone;
            try {
                zone = CronSchedule.zone(spec.getTimeZone(), clock.getZone());
            } catch (DateTimeException e) {
                recorder.event(cj, EventRecorder.WARNING, "UnknownTimeZone", "invalid timeZone: \"" + spec.getTimeZone() + "\": " + e.getMessage());
                return;
            }
            if (Boolean.TRUE.equals(spec.getSuspend())) return;
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(spec.getSchedule());
            } catch (IllegalArgumentException e) {
                recorder.event(cj, EventRecorder.WARNING, "UnparseableSchedule", "unparseable schedule: \"" + spec.getSchedule() + "\" : " + e.getMessage());
                return;
            }
            Optional<Instant> scheduled = mostRecentScheduleTime(cj, status, schedule, zone, now);
            if (scheduled.isEmpty()) {
                requeueAtNext(key, schedule, zone, now);
                return;
            }
            Instant at = scheduled.get();
            Long deadline = spec.getStartingDeadlineSeconds();
            if (deadline != null && at.plusSeconds(deadline).isBefore(now)) {
                recorder.event(cj, EventRecorder.WARNING, "MissSchedule", "Missed scheduled time to start a job: " + at.atZone(zone)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                requeueAtNext(key, schedule, zone, now);
                return;
            }
            String jobName = cj.getMetadata().getName() + "-" + at.getEpochSecond() / 60;
            if (byName.containsKey(jobName)) {
                requeueAtNext(key, schedule, zone, now);
                return;
            }
            String policy = Objects.requireNonNullElse(spec.getConcurrencyPolicy(), "Allow");
            if ("Forbid".equals(policy) && !active.isEmpty()) {
                recorder.event(cj, EventRecorder.NORMAL, "JobAlreadyActive",
                        "Not starting job because prior execution is running and concurrency policy is Forbid");
                requeueAtNext(key, schedule, zone, now);
                return;
            }
            if ("Replace".equals(policy)) {
                for (ObjectReference r : List.copyOf(active)) {
                    actions.deleteJob(ns, r.getName());
                    recorder.event(cj, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted job " + r.getName());
                    active.remove(r);
                }
            }
            Job created;
            try {
                created = actions.createJob(ns, jobFor(cj, jobName, at, zone));
            } catch (RuntimeException e) {
                recorder.event(cj, EventRecorder.WARNING, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            recorder.event(cj, EventRecorder.NORMAL, "SuccessfulCreate", "Created job " + created.getMetadata().getName());
            active.add(ref(created));
            byName.put(created.getMetadata().getName(), created);
            status.setLastScheduleTime(at.toString());
            requeueAtNext(key, schedule, zone, now);
        } finally {
            status.setActive(active);
            if (!status.equals(old)) actions.updateStatus(new CronJobBuilder(cj).withStatus(status).build());
            cleanupFinishedJobs(cj, jobs);
        }
    }

    /** Deletes the oldest finished Jobs past the history limits (3 successful, 1 failed by default). */
    private void cleanupFinishedJobs(CronJob cj, List<Job> jobs) {
        if (cj.getMetadata().getDeletionTimestamp() != null) return;
        int keepSucceeded = Objects.requireNonNullElse(cj.getSpec().getSuccessfulJobsHistoryLimit(), 3);
        int keepFailed = Objects.requireNonNullElse(cj.getSpec().getFailedJobsHistoryLimit(), 1);
        removeOldest(cj, jobs.stream().filter(j -> finishedType(j).filter("Complete"::equals).isPresent()).toList(), keepSucceeded);
        removeOldest(cj, jobs.stream().filter(j -> finishedType(j).filter("Failed"::equals).isPresent()).toList(), keepFailed);
    }

    private void removeOldest(CronJob cj, List<Job> finished, int keep) {
        if (finished.size() <= keep) return;
        List<Job> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.comparing((Job j) -> j.getStatus() != null && j.getStatus().getStartTime() != null
                ? j.getStatus().getStartTime() : Objects.requireNonNullElse(j.getMetadata().getCreationTimestamp(), "")));
        for (Job j : sorted.subList(0, sorted.size() - keep)) {
            actions.deleteJob(j.getMetadata().getNamespace(), j.getMetadata().getName());
            recorder.event(cj, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted job " + j.getMetadata().getName());
        }
    }

    /**
     * Upstream's {@code mostRecentScheduleTime}: the latest schedule time in (earliest, now], where
     * earliest is the last schedule time (or the creation), no earlier than the starting deadline.
     */
    Optional<Instant> mostRecentScheduleTime(CronJob cj, CronJobStatus status, CronSchedule schedule, ZoneId zone, Instant now) {
        Instant earliest = status.getLastScheduleTime() != null ? Instant.parse(status.getLastScheduleTime())
                : Instant.parse(cj.getMetadata().getCreationTimestamp());
        Long deadline = cj.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && now.minusSeconds(deadline).isAfter(earliest)) earliest = now.minusSeconds(deadline);
        Optional<ZonedDateTime> t = schedule.next(earliest.atZone(zone));
        Instant last = null;
        int missed = 0;
        while (t.isPresent() && !t.get().toInstant().isAfter(now)) {
            last = t.get().toInstant();
            if (++missed > TOO_MANY_MISSED) {
                recorder.event(cj, EventRecorder.WARNING, "TooManyMissedTimes",
                        "too many missed start times: " + missed + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
                // Jump to the last one before now, as upstream does from its estimate.
                Optional<ZonedDateTime> n = t;
                while (n.isPresent() && !n.get().toInstant().isAfter(now)) {
                    last = n.get().toInstant();
                    n = schedule.next(n.get());
                }
                break;
            }
            t = schedule.next(t.get());
        }
        return Optional.ofNullable(last);
    }

    private void requeueAtNext(String key, CronSchedule schedule, ZoneId zone, Instant now) {
        // Upstream adds 100 ms so the sync lands after the minute turns.
        schedule.next(now.atZone(zone)).ifPresent(t -> queue.addAfter(key, Duration.between(now, t.toInstant()).plusMillis(100)));
    }

    Job jobFor(CronJob cj, String name, Instant scheduled, ZoneId zone) {
        var template = cj.getSpec().getJobTemplate();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> annotations = new HashMap<>();
        if (template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) labels.putAll(template.getMetadata().getLabels());
            if (template.getMetadata().getAnnotations() != null) annotations.putAll(template.getMetadata().getAnnotations());
        }
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                .withName(cj.getMetadata().getName()).withUid(cj.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(cj.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations).withOwnerReferences(owner).endMetadata()
                .withSpec(template.getSpec()).build();
    }

    static Optional<String> finishedType(Job j) {
        if (j.getStatus() == null) return Optional.empty();
        for (JobCondition c : j.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return Optional.of(c.getType());
            }
        }
        return Optional.empty();
    }

    private static ObjectReference ref(Job j) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(j.getMetadata().getName())
                .withNamespace(j.getMetadata().getNamespace()).withUid(j.getMetadata().getUid())
                .withResourceVersion(j.getMetadata().getResourceVersion()).build();
    }
}
