package io.j8s.scheduler.framework;

/** What a plugin's answer means to the scheduler, with upstream's names. */
public enum Code {
    /** The plugin ran and the pod may go on (for Filter: the node fits). */
    Success,
    /** An internal failure, not about the pod or the node: retried after backoff. */
    Error,
    /** The pod does not fit; preemption may help (removing pods frees what is missing). */
    Unschedulable,
    /** The pod does not fit and preemption cannot help (a label, a taint, capacity overall). */
    UnschedulableAndUnresolvable,
    /** Permit only: hold the pod before binding until allowed or timed out. */
    Wait,
    /** PreFilter/PreScore only: this plugin has nothing to say about the pod; skip its Filter/Score. */
    Skip,
    /** The pod waits for something outside the scheduler (PreEnqueue gates). */
    Pending
}
