package io.j8s.runtime;

/** CRI {@code ContainerState}. */
public enum ContainerState {
    CONTAINER_CREATED,
    CONTAINER_RUNNING,
    CONTAINER_EXITED,
    /** The runtime lost track of it (for instance: its processes vanished without an exit code). */
    CONTAINER_UNKNOWN
}
