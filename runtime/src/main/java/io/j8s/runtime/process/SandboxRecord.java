package io.j8s.runtime.process;

import io.j8s.runtime.PodSandboxConfig;

import java.time.Instant;

/**
 * A sandbox as persisted in {@code <data>/sandboxes/<id>/sandbox.json}.
 *
 * @param isolated    whether it has its own namespaces (a holder process); false: host mode
 * @param holderPid   the holder's host pid (PID 1 of the pod's PID namespace), 0 in host mode
 * @param holderStart the holder's start time ({@link Proc#startTime}), against pid reuse
 * @param cgroupPath  the pod's cgroup, parent of its containers' cgroups
 * @param stopped     StopPodSandbox was called
 */
record SandboxRecord(String id, PodSandboxConfig config, Instant createdAt, boolean isolated, long holderPid,
                     long holderStart, String cgroupPath, boolean stopped) {

    SandboxRecord withHolder(long pid, long start) {
        return new SandboxRecord(id, config, createdAt, isolated, pid, start, cgroupPath, stopped);
    }

    SandboxRecord asStopped() {
        return new SandboxRecord(id, config, createdAt, isolated, holderPid, holderStart, cgroupPath, true);
    }

    boolean hostNetwork() {
        return !isolated || config.linux().namespaceOptions().hostNetwork();
    }
}
