package io.j8s.runtime.process;

import io.j8s.runtime.ContainerConfig;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A container as persisted in {@code <data>/containers/<id>/container.json}. Its exit code is
 * not here: the monitor process writes it to the file {@code exit} beside, so it survives the
 * runtime's JVM.
 *
 * @param startedAt   set once its main process runs; null while created
 * @param monitorPid  the monitor shell that waits for it and records its exit code
 * @param mainPid     its main process (host pid)
 * @param startError  why the start failed (it never ran), or null
 */
record ContainerRecord(String id, String sandboxId, ContainerConfig config, Path logPath, String imageRef,
                       Instant createdAt, String cgroupPath, Instant startedAt, long monitorPid, long monitorStart,
                       long mainPid, long mainStart, String startError, Instant startErrorAt) {

    ContainerRecord started(Instant at, long monitorPid, long monitorStart, long mainPid, long mainStart) {
        return new ContainerRecord(id, sandboxId, config, logPath, imageRef, createdAt, cgroupPath, at, monitorPid,
                monitorStart, mainPid, mainStart, null, null);
    }

    ContainerRecord failedToStart(String error, Instant at) {
        return new ContainerRecord(id, sandboxId, config, logPath, imageRef, createdAt, cgroupPath, null, 0, 0, 0, 0,
                error, at);
    }
}
