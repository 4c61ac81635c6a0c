package io.j8s.scheduler.framework;

/** Orders the active queue: one per profile, and all profiles must share it. */
public interface QueueSortPlugin extends Plugin {
    /** Whether {@code a} is scheduled before {@code b}. */
    boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
