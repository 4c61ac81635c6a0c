package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The controllers' objects: apps/v1 and batch/v1 defaults, ReplicationControllers and
 * PodTemplates. Every embedded pod template gets the pod-spec defaults, none of the pod-only ones.
 */
final class WorkloadDefaults {

    private WorkloadDefaults() {}

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";

    static void deployment(ObjectNode d) {
        ObjectNode spec = Nodes.object(d, "spec");
        if (spec == null) return;
        Nodes.pointer(spec, "replicas", 1L);
        ObjectNode strategy = Nodes.object(spec, "strategy");
        if (strategy != null) {
            Nodes.string(strategy, "type", "RollingUpdate");
            if (strategy.path("type").asText().equals("RollingUpdate")) {
                ObjectNode ru = Nodes.object(strategy, "rollingUpdate");
                if (ru != null) {
                    Nodes.pointer(ru, "maxUnavailable", "25%");
                    Nodes.pointer(ru, "maxSurge", "25%");
                }
            }
        }
        Nodes.pointer(spec, "revisionHistoryLimit", 10L);
        Nodes.pointer(spec, "progressDeadlineSeconds", 600L);
        PodDefaults.template(spec, "template");
    }

    static void replicaSet(ObjectNode rs) {
        ObjectNode spec = Nodes.object(rs, "spec");
        if (spec == null) return;
        Nodes.pointer(spec, "replicas", 1L);
        PodDefaults.template(spec, "template");
    }

    static void statefulSet(ObjectNode s) {
        ObjectNode spec = Nodes.object(s, "spec");
        if (spec == null) return;
        Nodes.string(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode us = Nodes.object(spec, "updateStrategy");
        if (us != null) {
            if (Nodes.emptyString(us, "type")) {
                us.put("type", "RollingUpdate");
                Nodes.object(us, "rollingUpdate");
            }
            ObjectNode ru = Nodes.existing(us, "rollingUpdate");
            if (us.path("type").asText().equals("RollingUpdate") && ru != null) Nodes.pointer(ru, "partition", 0L);
        }
        // StatefulSetAutoDeletePVC is on by default: claims are kept unless asked otherwise.
        ObjectNode retention = Nodes.object(spec, "persistentVolumeClaimRetentionPolicy");
        if (retention != null) {
            Nodes.string(retention, "whenDeleted", "Retain");
            Nodes.string(retention, "whenScaled", "Retain");
        }
        Nodes.pointer(spec, "replicas", 1L);
        Nodes.pointer(spec, "revisionHistoryLimit", 10L);
        PodDefaults.template(spec, "template");
        for (ObjectNode claim : Nodes.objects(spec, "volumeClaimTemplates")) {
            // apps/v1 writes claim templates as whole objects (kept from before 1.17, issue 87583).
            Nodes.string(claim, "apiVersion", "v1");
            Nodes.string(claim, "kind", "PersistentVolumeClaim");
            CoreDefaults.persistentVolumeClaim(claim);
        }
    }

    static void daemonSet(ObjectNode ds) {
        ObjectNode spec = Nodes.object(ds, "spec");
        if (spec == null) return;
        ObjectNode us = Nodes.object(spec, "updateStrategy");
        if (us != null) {
            Nodes.string(us, "type", "RollingUpdate");
            if (us.path("type").asText().equals("RollingUpdate")) {
                ObjectNode ru = Nodes.object(us, "rollingUpdate");
                if (ru != null) {
                    Nodes.pointer(ru, "maxUnavailable", 1L);
                    Nodes.pointer(ru, "maxSurge", 0L);
                }
            }
        }
        Nodes.pointer(spec, "revisionHistoryLimit", 10L);
        PodDefaults.template(spec, "template");
    }

    /** SetDefaults_Job; on create also the strategy's selector generation. */
    static void job(ObjectNode job, boolean create) {
        ObjectNode spec = Nodes.object(job, "spec");
        if (spec == null) return;
        if (Nodes.unset(spec, "completions") && Nodes.unset(spec, "parallelism")) {
            spec.put("completions", 1L);
            spec.put("parallelism", 1L);
        }
        Nodes.pointer(spec, "parallelism", 1L);
        Nodes.pointer(spec, "backoffLimit", Nodes.unset(spec, "backoffLimitPerIndex") ? 6L : Integer.MAX_VALUE);
        Nodes.pointer(spec, "completionMode", "NonIndexed");
        Nodes.pointer(spec, "suspend", false);
        ObjectNode pfp = Nodes.existing(spec, "podFailurePolicy");
        if (pfp != null) {
            for (ObjectNode rule : Nodes.objects(pfp, "rules")) {
                for (ObjectNode pattern : Nodes.objects(rule, "onPodConditions")) Nodes.string(pattern, "status", "True");
            }
        }
        Nodes.pointer(spec, "podReplacementPolicy", pfp != null ? "Failed" : "TerminatingOrFailed");
        Nodes.pointer(spec, "manualSelector", false);
        PodDefaults.template(spec, "template");
        if (create) generateJobSelector(job);
        // A job without labels takes its template's. Upstream does this when decoding, so a
        // created job shows the generated labels from its first read on; j8s stores them so.
        ObjectNode meta = Nodes.object(job, "metadata");
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        if (meta != null && templateLabels.isObject() && !Nodes.nonEmptyMap(meta, "labels")) {
            meta.set("labels", templateLabels.deepCopy());
        }
    }

    /**
     * The Job strategy's selector generation: unless the selector is manual, the pod template is
     * labelled with the job's uid and name and the selector picks the uid.
     */
    private static void generateJobSelector(ObjectNode job) {
        ObjectNode spec = Nodes.existing(job, "spec");
        if (spec == null || spec.path("manualSelector").asBoolean(false)) return;
        ObjectNode meta = Nodes.object(job, "metadata");
        if (meta == null) return;
        String uid = meta.path("uid").asText("");
        String name = meta.path("name").asText("");
        ObjectNode template = Nodes.object(spec, "template");
        ObjectNode templateMeta = template == null ? null : Nodes.object(template, "metadata");
        if (templateMeta == null) return;
        ObjectNode labels = Nodes.object(templateMeta, "labels");
        if (labels == null) return;
        for (String key : new String[] {LEGACY_JOB_NAME, JOB_NAME}) {
            if (!labels.has(key)) labels.put(key, name);
        }
        for (String key : new String[] {LEGACY_CONTROLLER_UID, CONTROLLER_UID}) {
            if (!labels.has(key)) labels.put(key, uid);
        }
        ObjectNode selector = Nodes.object(spec, "selector");
        ObjectNode matchLabels = selector == null ? null : Nodes.object(selector, "matchLabels");
        if (matchLabels != null && !matchLabels.has(CONTROLLER_UID)) matchLabels.put(CONTROLLER_UID, uid);
    }

    static void cronJob(ObjectNode cj) {
        ObjectNode spec = Nodes.object(cj, "spec");
        if (spec == null) return;
        Nodes.string(spec, "concurrencyPolicy", "Allow");
        Nodes.pointer(spec, "suspend", false);
        Nodes.pointer(spec, "successfulJobsHistoryLimit", 3L);
        Nodes.pointer(spec, "failedJobsHistoryLimit", 1L);
        // The job template is not a Job: only its pod template is defaulted.
        ObjectNode jobSpec = Nodes.existing(Nodes.existing(spec, "jobTemplate"), "spec");
        if (jobSpec != null) PodDefaults.template(jobSpec, "template");
    }

    static void replicationController(ObjectNode rc) {
        ObjectNode spec = Nodes.object(rc, "spec");
        if (spec == null) return;
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject()) {
            if (!Nodes.nonEmptyMap(spec, "selector")) spec.set("selector", labels.deepCopy());
            ObjectNode meta = Nodes.object(rc, "metadata");
            if (meta != null && !Nodes.nonEmptyMap(meta, "labels")) meta.set("labels", labels.deepCopy());
        }
        Nodes.pointer(spec, "replicas", 1L);
        PodDefaults.template(spec, "template");
    }

    static void podTemplate(ObjectNode pt) {
        PodDefaults.template(pt, "template");
    }
}
