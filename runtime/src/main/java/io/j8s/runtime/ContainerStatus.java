package io.j8s.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CRI {@code ContainerStatus}.
 *
 * @param startedAt  when it started running (empty while {@code CONTAINER_CREATED}, and for a
 *                   container whose start failed)
 * @param finishedAt when it exited (empty unless {@code CONTAINER_EXITED})
 * @param exitCode   its exit code once exited: 128+N when killed by signal N (137: SIGKILL, also
 *                   after an OOM kill; 143: SIGTERM); 0 otherwise
 * @param reason     once exited: {@link #COMPLETED}, {@link #ERROR}, {@link #OOM_KILLED} or
 *                   {@link #START_ERROR}; empty before
 * @param message    details for a human (for instance why a start failed); often empty
 * @param logPath    the absolute path of its log file (CRI log format)
 */
public record ContainerStatus(String id, String podSandboxId, ContainerConfig.Metadata metadata, ContainerState state,
                              Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                              int exitCode, ImageSpec image, String imageRef, String reason, String message,
                              Map<String, String> labels, Map<String, String> annotations,
                              List<ContainerConfig.Mount> mounts, Path logPath, LinuxResources resources) {

    /** Exited with code 0. */
    public static final String COMPLETED = "Completed";
    /** Exited with a non-zero code. */
    public static final String ERROR = "Error";
    /** Killed by the kernel for exceeding its memory limit. */
    public static final String OOM_KILLED = "OOMKilled";
    /** Never ran: the start failed (exit code 128, as upstream reports it). */
    public static final String START_ERROR = "StartError";

    public ContainerStatus {
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        mounts = List.copyOf(mounts);
    }

    public boolean running() {
        return state == ContainerState.CONTAINER_RUNNING;
    }

    public boolean exited() {
        return state == ContainerState.CONTAINER_EXITED;
    }
}
