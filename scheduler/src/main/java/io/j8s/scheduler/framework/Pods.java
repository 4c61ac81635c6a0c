package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Small readings of a pod that every part of the scheduler needs. */
public final class Pods {

    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    private Pods() {}

    /** spec.priority, or 0 (what the Priority admission gives a pod without a class). */
    public static int priority(Pod pod) {
        Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }

    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public static String uid(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return uid == null ? key(pod) : uid;
    }

    public static String nodeName(Pod pod) {
        String n = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return n == null ? "" : n;
    }

    public static boolean isAssigned(Pod pod) {
        return !nodeName(pod).isEmpty();
    }

    public static String schedulerName(Pod pod) {
        String s = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return s == null || s.isEmpty() ? DEFAULT_SCHEDULER_NAME : s;
    }

    /** Succeeded or Failed: the pod holds nothing on its node any more. */
    public static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public static String nominatedNodeName(Pod pod) {
        String n = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return n == null ? "" : n;
    }
}
