package io.j8s.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What upstream's API server does to a new batch/v1 Job: {@code SetDefaults_Job} (parallelism and
 * completions 1 when both are unset, backoffLimit 6, completionMode NonIndexed, suspend false) and
 * the job strategy's {@code generateSelector}: unless {@code spec.manualSelector}, the pod
 * template gets the controller-uid and job-name labels (new and legacy) and the selector matches
 * {@code batch.kubernetes.io/controller-uid}. {@code kubectl logs job/x} finds the pods by it.
 * And {@code SetDefaults_CronJob} for a new CronJob.
 */
final class JobDefaults {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";

    private JobDefaults() {}

    static void apply(ObjectNode job) {
        ObjectNode meta = Strategy.metadata(job);
        String uid = meta.path("uid").asText();
        String name = meta.path("name").asText();
        ObjectNode spec = job.has("spec") && job.get("spec").isObject() ? (ObjectNode) job.get("spec") : job.putObject("spec");
        if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        if (!spec.hasNonNull("parallelism")) spec.put("parallelism", 1);
        if (!spec.hasNonNull("backoffLimit")) spec.put("backoffLimit", 6);
        if (!spec.hasNonNull("completionMode")) spec.put("completionMode", "NonIndexed");
        if (!spec.hasNonNull("suspend")) spec.put("suspend", false);
        if (!spec.hasNonNull("podReplacementPolicy")) spec.put("podReplacementPolicy", "TerminatingOrFailed");
        if (spec.path("manualSelector").asBoolean(false)) return;
        ObjectNode template = spec.has("template") && spec.get("template").isObject()
                ? (ObjectNode) spec.get("template") : spec.putObject("template");
        ObjectNode tmeta = template.has("metadata") && template.get("metadata").isObject()
                ? (ObjectNode) template.get("metadata") : template.putObject("metadata");
        ObjectNode labels = tmeta.has("labels") && tmeta.get("labels").isObject()
                ? (ObjectNode) tmeta.get("labels") : tmeta.putObject("labels");
        labels.put(CONTROLLER_UID, uid).put(JOB_NAME, name).put("controller-uid", uid).put("job-name", name);
        spec.putObject("selector").putObject("matchLabels").put(CONTROLLER_UID, uid);
    }

    /** {@code SetDefaults_CronJob}: concurrencyPolicy Allow, suspend false, history limits 3 and 1. */
    static void applyCronJob(ObjectNode cronJob) {
        ObjectNode spec = cronJob.has("spec") && cronJob.get("spec").isObject() ? (ObjectNode) cronJob.get("spec") : cronJob.putObject("spec");
        if (!spec.hasNonNull("concurrencyPolicy")) spec.put("concurrencyPolicy", "Allow");
        if (!spec.hasNonNull("suspend")) spec.put("suspend", false);
        if (!spec.hasNonNull("successfulJobsHistoryLimit")) spec.put("successfulJobsHistoryLimit", 3);
        if (!spec.hasNonNull("failedJobsHistoryLimit")) spec.put("failedJobsHistoryLimit", 1);
    }
}
