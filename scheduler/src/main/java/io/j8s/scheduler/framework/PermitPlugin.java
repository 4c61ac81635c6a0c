package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/** The last word before binding: allow, reject, or make the pod wait (for a gang, a quota). */
public interface PermitPlugin extends Plugin {

    /** @param status Success, a rejection, or Wait for at most {@code timeout} */
    record Result(Status status, Duration timeout) {
        public static final Result ALLOW = new Result(Status.SUCCESS, Duration.ZERO);
    }

    Result permit(CycleState state, Pod pod, String nodeName);
}
