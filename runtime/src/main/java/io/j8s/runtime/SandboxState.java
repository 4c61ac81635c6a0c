package io.j8s.runtime;

/** CRI {@code PodSandboxState}. */
public enum SandboxState {
    /** The sandbox's namespaces and network are up; containers can be created in it. */
    SANDBOX_READY,
    /** Stopped (or its holder process is gone); only removal is left. */
    SANDBOX_NOTREADY
}
