package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Runs once per scheduling cycle before Filter: computes what Filter will need into the
 * {@link CycleState}, may narrow the nodes to look at, or reject the pod outright.
 */
public interface PreFilterPlugin extends Plugin {

    /** The result (null: all nodes) and a status; {@link Status#SKIP} skips this plugin's Filter. */
    Result preFilter(CycleState state, Pod pod);

    /** How the state reacts when preemption pretends a pod is added to or removed from a node; null if it does not care. */
    default PreFilterExtensions preFilterExtensions() {
        return null;
    }

    /** @param nodeNames the only nodes worth filtering, or null for all */
    record Result(java.util.Set<String> nodeNames, Status status) {
        public static final Result OK = new Result(null, Status.SUCCESS);
        public static final Result SKIP = new Result(null, Status.SKIP);

        public static Result of(Status status) {
            return status.isSuccess() ? OK : new Result(null, status);
        }
    }
}
