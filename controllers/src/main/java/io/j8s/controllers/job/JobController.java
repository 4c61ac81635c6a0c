package io.j8s.controllers.job;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.j8s.controllers.runtime.EventRecorder;
import io.j8s.controllers.runtime.Keys;
import io.j8s.controllers.runtime.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's Job controller ({@code pkg/controller/job/job_controller.go}): runs pods from a Job's
 * template until enough succeed ({@code completions}, {@code parallelism} at a time, NonIndexed
 * or Indexed), or it fails: more failed pods than {@code backoffLimit}, or longer than
 * {@code activeDeadlineSeconds}. Failed pods are replaced after an exponential backoff. A finished
 * Job is deleted {@code ttlSecondsAfterFinished} later (upstream's TTL-after-finished controller).
 */
public final class JobController {

    public static final String NAME = "job";
    /** The Event source upstream records under. */
    static final String COMPONENT = "job-controller";

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

    /** Upstream's {@code DefaultJobPodFailureBackOff} and {@code MaxJobPodFailureBackOff}. */
    public record Backoff(Duration base, Duration max) {
        public static final Backoff UPSTREAM = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(6));

        Duration after(int failures) {
            if (failures <= 0) return Duration.ZERO;
            Duration d = base;
            for (int i = 1; i < failures && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    /** The writes this controller makes, a recording fake in tests (upstream's PodControl and job client). */
    interface Actions {
        /** Creates the pod (its name generated) and answers it as created. */
        Pod createPod(String namespace, Pod pod);

        void deletePod(String namespace, String name);

        void updateJobStatus(Job job);

        /** Deletes the Job with background propagation. */
        void deleteJob(String namespace, String name, String uid);
    }

    /** Reads of the informer caches. */
    interface Listers {
        Job job(String key);

        /** The pods in {@code namespace} whose controller is the Job of {@code uid}. */
        List<Pod> podsOf(String namespace, String uid);
    }

    /** Upstream's backoff record: failures since the last success, and when the last was seen. */
    private record BackoffRecord(int failed, int succeeded, int failuresAfterSuccess, Instant lastFailure) {}

    private final Listers listers;
    private final Actions actions;
    private final EventRecorder recorder;
    private final WorkQueue queue;
    private final Clock clock;
    private final Backoff backoff;
    private final Expectations expectations;
    private final Map<String, BackoffRecord> backoffs = new ConcurrentHashMap<>();

    JobController(Listers listers, Actions actions, EventRecorder recorder, WorkQueue queue, Clock clock, Backoff backoff,
            Expectations expectations) {
        this.listers = listers;
        this.actions = actions;
        this.recorder = recorder;
        this.queue = queue;
        this.clock = clock;
        this.backoff = backoff;
        this.expectations = expectations;
    }

    /** The key of the Job that controls {@code pod}, or null. */
    static String ownerKey(Pod pod) {
        for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController()) && "Job".equals(ref.getKind()) && ref.getApiVersion().startsWith("batch/")) {
                return pod.getMetadata().getNamespace() + "/" + ref.getName();
            }
        }
        return null;
    }

    void sync(String key) {
        Job job = listers.job(key);
        if (job == null) {
            expectations.delete(key);
            backoffs.remove(key);
            return;
        }
        if (job.getMetadata().getDeletionTimestamp() != null) return;
        JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
        if (finishedCondition(old).isPresent()) {
            deleteAfterTtl(key, job, old);
            return;
        }
        var spec = job.getSpec();
        String ns = job.getMetadata().getNamespace();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        boolean indexed = "Indexed".equals(spec.getCompletionMode());
        int parallelism = Objects.requireNonNullElse(spec.getParallelism(), 1);
        Integer completions = spec.getCompletions();
        int backoffLimit = Objects.requireNonNullElse(spec.getBackoffLimit(), 6);
        boolean suspended = Boolean.TRUE.equals(spec.getSuspend());

        List<Pod> pods = listers.podsOf(ns, job.getMetadata().getUid());
        List<Pod> active = new ArrayList<>();
        int succeededPods = 0;
        int failedPods = 0;
        TreeSet<Integer> succeededIndexes = new TreeSet<>();
        for (Pod p : pods) {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if ("Succeeded".equals(phase)) {
                succeededPods++;
                index(p).filter(i -> completions == null || i < completions).ifPresent(succeededIndexes::add);
            } else if ("Failed".equals(phase)) {
                failedPods++;
            } else if (p.getMetadata().getDeletionTimestamp() == null) {
                active.add(p);
            }
        }
        // Counted pods stay counted when removed (upstream tracks them with a finalizer).
        int succeeded = indexed ? succeededIndexes.size() : Math.max(succeededPods, nz(old.getSucceeded()));
        if (indexed && old.getCompletedIndexes() != null) succeededIndexes.addAll(parseIndexes(old.getCompletedIndexes()));
        if (indexed) succeeded = succeededIndexes.size();
        int failed = Math.max(failedPods, nz(old.getFailed()));
        Duration wait = trackBackoff(key, failed, succeeded);

        JobStatusBuilder status = new JobStatusBuilder(old);
        List<JobCondition> conditions = new ArrayList<>(old.getConditions());
        String startTime = old.getStartTime();
        if (suspended) {
            startTime = null;
            if (setCondition(conditions, "Suspended", "True", "JobSuspended", "Job suspended", now)) {
                recorder.event(job, EventRecorder.NORMAL, "Suspended", "Job suspended");
            }
        } else {
            if (startTime == null) startTime = now.toString();
            if (setCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed", now, true)) {
                recorder.event(job, EventRecorder.NORMAL, "Resumed", "Job resumed");
            }
        }

        String failReason = null;
        String failMessage = null;
        if (failed > backoffLimit) {
            failReason = "BackoffLimitExceeded";
            failMessage = "Job has reached the specified backoff limit";
        } else if (!suspended && spec.getActiveDeadlineSeconds() != null && startTime != null) {
            Instant deadline = Instant.parse(startTime).plusSeconds(spec.getActiveDeadlineSeconds());
            if (!now.isBefore(deadline)) {
                failReason = "DeadlineExceeded";
                failMessage = "Job was active longer than specified deadline";
            } else {
                queue.addAfter(key, Duration.between(clock.instant(), deadline));
            }
        }
        boolean complete = failReason == null && (indexed
                ? completions != null && succeeded >= completions
                : completions != null ? succeeded >= completions : succeeded > 0 && active.isEmpty());

        List<Pod> toDelete = new ArrayList<>();
        int wantActive;
        if (failReason != null || suspended || complete) {
            wantActive = 0;
        } else if (completions == null) {
            wantActive = succeeded > 0 ? active.size() : parallelism;
        } else {
            wantActive = Math.min(parallelism, completions - succeeded);
        }
        boolean canManage = expectations.satisfied(key);
        List<Pod> created = new ArrayList<>();
        if (canManage) {
            if (active.size() > wantActive) {
                // Not-yet-running and newest first, as upstream's ActivePods ordering.
                List<Pod> ordered = new ArrayList<>(active);
                ordered.sort(Comparator.comparing((Pod p) -> isReady(p)).thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(),
                        Comparator.nullsFirst(Comparator.<String>reverseOrder())));
                toDelete.addAll(ordered.subList(0, active.size() - wantActive));
            } else if (active.size() < wantActive) {
                if (wait.isPositive()) {
                    queue.addAfter(key, wait);
                } else {
                    List<Integer> indexes = new ArrayList<>();
                    if (indexed) {
                        TreeSet<Integer> busy = new TreeSet<>(succeededIndexes);
                        for (Pod p : active) index(p).ifPresent(busy::add);
                        for (int i = 0; i < completions && indexes.size() < wantActive - active.size(); i++) {
                            if (!busy.contains(i)) indexes.add(i);
                        }
                    } else {
                        for (int i = 0; i < wantActive - active.size(); i++) indexes.add(null);
                    }
                    expectations.expect(key, indexes.size(), 0);
                    for (Integer i : indexes) {
                        try {
                            Pod pod = actions.createPod(ns, podFor(job, i));
                            created.add(pod);
                            recorder.event(job, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: " + pod.getMetadata().getName());
                        } catch (RuntimeException e) {
                            expectations.lower(key, 1, 0);
                            recorder.event(job, EventRecorder.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                            throw e;
                        }
                    }
                }
            }
            if (!toDelete.isEmpty()) {
                expectations.expect(key, 0, toDelete.size());
                for (Pod p : toDelete) {
                    try {
                        actions.deletePod(ns, p.getMetadata().getName());
                        recorder.event(job, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
                    } catch (RuntimeException e) {
                        expectations.lower(key, 0, 1);
                        throw e;
                    }
                }
            }
        }

        int activeCount = active.size() - toDelete.size() + created.size();
        int ready = (int) active.stream().filter(p -> !toDelete.contains(p)).filter(JobController::isReady).count();
        status.withActive(activeCount).withReady(ready).withSucceeded(succeeded).withFailed(failed).withStartTime(startTime)
                .withTerminating(null);
        if (indexed) status.withCompletedIndexes(formatIndexes(succeededIndexes));
        if (failReason != null) {
            setCondition(conditions, "FailureTarget", "True", failReason, failMessage, now);
            if (activeCount == 0) {
                setCondition(conditions, "Failed", "True", failReason, failMessage, now);
                recorder.event(job, EventRecorder.WARNING, failReason, failMessage);
            }
        } else if (complete) {
            setCondition(conditions, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
            if (activeCount == 0) {
                setCondition(conditions, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", now);
                status.withCompletionTime(now.toString());
                recorder.event(job, EventRecorder.NORMAL, "Completed", "Job completed");
            }
        }
        status.withConditions(conditions);
        JobStatus next = status.build();
        if (!next.equals(old)) {
            Job copy = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).withStatus(next).build();
            actions.updateJobStatus(copy);
            if (finishedCondition(next).isPresent()) deleteAfterTtl(key, copy, next);
        }
    }

    /** Upstream's TTL-after-finished controller: deletes the Job {@code ttlSecondsAfterFinished} after it finished. */
    private void deleteAfterTtl(String key, Job job, JobStatus status) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null) return;
        Instant finished = finishedCondition(status).map(c -> c.getLastTransitionTime()).map(Instant::parse).orElse(clock.instant());
        if (status.getCompletionTime() != null) finished = Instant.parse(status.getCompletionTime());
        Instant expires = finished.plusSeconds(ttl);
        if (clock.instant().isBefore(expires)) {
            queue.addAfter(key, Duration.between(clock.instant(), expires));
        } else {
            actions.deleteJob(job.getMetadata().getNamespace(), job.getMetadata().getName(), job.getMetadata().getUid());
        }
    }

    /** How long before a failed pod may be replaced; resets with a success. */
    private Duration trackBackoff(String key, int failed, int succeeded) {
        Instant now = clock.instant();
        BackoffRecord r = backoffs.getOrDefault(key, new BackoffRecord(0, 0, 0, null));
        int after = succeeded > r.succeeded() ? 0 : r.failuresAfterSuccess();
        Instant last = r.lastFailure();
        if (failed > r.failed()) {
            after += failed - r.failed();
            last = now;
        }
        BackoffRecord next = new BackoffRecord(Math.max(failed, r.failed()), Math.max(succeeded, r.succeeded()), after, last);
        backoffs.put(key, next);
        if (after == 0 || last == null) return Duration.ZERO;
        Duration left = Duration.between(now, last.plus(backoff.after(after)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    Pod podFor(Job job, Integer index) {
        var template = job.getSpec().getTemplate();
        String name = job.getMetadata().getName();
        String uid = job.getMetadata().getUid();
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) labels.putAll(template.getMetadata().getLabels());
        labels.put(CONTROLLER_UID, uid);
        labels.put(JOB_NAME, name);
        labels.put(LEGACY_CONTROLLER_UID, uid);
        labels.put(LEGACY_JOB_NAME, name);
        Map<String, String> annotations = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).build();
        PodBuilder pod = new PodBuilder().withNewMetadata()
                .withGenerateName(index == null ? name + "-" : name + "-" + index + "-")
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations).withOwnerReferences(owner).endMetadata()
                .withSpec(template.getSpec());
        Pod built = pod.build();
        if (index != null) {
            built.getMetadata().getAnnotations().put(COMPLETION_INDEX, index.toString());
            built.getMetadata().getLabels().put(COMPLETION_INDEX, index.toString());
            var spec = new io.fabric8.kubernetes.api.model.PodSpecBuilder(built.getSpec()).build();
            if (spec.getHostname() == null) spec.setHostname(name + "-" + index);
            for (var c : spec.getContainers()) addIndexEnv(c, index);
            for (var c : spec.getInitContainers()) addIndexEnv(c, index);
            built.setSpec(spec);
        }
        return built;
    }

    private static void addIndexEnv(io.fabric8.kubernetes.api.model.Container c, int index) {
        List<EnvVar> env = new ArrayList<>(c.getEnv());
        if (env.stream().noneMatch(e -> COMPLETION_INDEX_ENV.equals(e.getName()))) {
            env.add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName(COMPLETION_INDEX_ENV).withNewValueFrom()
                    .withNewFieldRef().withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef()
                    .endValueFrom().build());
        }
        c.setEnv(env);
    }

    static Optional<Integer> index(Pod p) {
        String v = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(COMPLETION_INDEX);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static Optional<JobCondition> finishedCondition(JobStatus s) {
        return s.getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static boolean setCondition(List<JobCondition> conditions, String type, String status, String reason, String message,
            Instant now) {
        return setCondition(conditions, type, status, reason, message, now, false);
    }

    /** Sets a condition; {@code onlyIfPresent} changes it only if already there (Suspended=False after a suspension). True if it changed. */
    private static boolean setCondition(List<JobCondition> conditions, String type, String status, String reason, String message,
            Instant now, boolean onlyIfPresent) {
        for (int i = 0; i < conditions.size(); i++) {
            JobCondition c = conditions.get(i);
            if (!type.equals(c.getType())) continue;
            if (status.equals(c.getStatus())) return false;
            conditions.set(i, condition(type, status, reason, message, now));
            return true;
        }
        if (onlyIfPresent) return false;
        conditions.add(condition(type, status, reason, message, now));
        return true;
    }

    private static JobCondition condition(String type, String status, String reason, String message, Instant now) {
        return new JobConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastProbeTime(now.toString()).withLastTransitionTime(now.toString()).build();
    }

    /** {@code completedIndexes}: "0-2,4". */
    static String formatIndexes(TreeSet<Integer> set) {
        StringBuilder b = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int i : set) {
            if (prev != null && i == prev + 1) {
                prev = i;
                continue;
            }
            if (start != null) append(b, start, prev);
            start = i;
            prev = i;
        }
        if (start != null) append(b, start, prev);
        return b.toString();
    }

    private static void append(StringBuilder b, int from, int to) {
        if (!b.isEmpty()) b.append(',');
        b.append(from);
        if (to > from) b.append('-').append(to);
    }

    static TreeSet<Integer> parseIndexes(String s) {
        TreeSet<Integer> out = new TreeSet<>();
        if (s.isEmpty()) return out;
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            if (dash < 0) out.add(Integer.parseInt(part));
            else for (int i = Integer.parseInt(part.substring(0, dash)); i <= Integer.parseInt(part.substring(dash + 1)); i++) out.add(i);
        }
        return out;
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    static String keyOf(Job job) {
        return Keys.of(job);
    }
}
