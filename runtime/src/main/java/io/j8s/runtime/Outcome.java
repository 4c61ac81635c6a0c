package io.j8s.runtime;

import java.util.Objects;

/**
 * The result of a runtime operation that can fail for a reason the kubelet reports (an image that
 * does not exist, a command that is not there, a sandbox whose network could not be set up).
 * Broken infrastructure (an unwritable data directory) and caller bugs (an invalid config) are
 * exceptions instead.
 *
 * <p>{@link Failed#reason()} is one of the constants below, named as the kubelet names the
 * matching waiting reason or event, so the kubelet can copy it to the pod's status.
 */
public sealed interface Outcome<T> {

    /** RunPodSandbox failed: the kubelet's event reason {@code FailedCreatePodSandBox}. */
    String FAILED_CREATE_POD_SANDBOX = "FailedCreatePodSandBox";
    /** CreateContainer failed (for instance: no command, the sandbox is not ready). */
    String CREATE_CONTAINER_ERROR = "CreateContainerError";
    /** StartContainer failed (for instance: the executable is not found). */
    String RUN_CONTAINER_ERROR = "RunContainerError";
    /** PullImage failed: the image resolves to nothing. */
    String ERR_IMAGE_PULL = "ErrImagePull";
    /** PullImage failed: the reference is not a valid image name. */
    String INVALID_IMAGE_NAME = "InvalidImageName";
    /** The sandbox or container id is unknown. */
    String NOT_FOUND = "NotFound";
    /** Exec or attach into a container that is not running. */
    String CONTAINER_NOT_RUNNING = "ContainerNotRunning";

    /** The operation succeeded; {@code value} is null for operations that return nothing. */
    record Ok<T>(T value) implements Outcome<T> {}

    /** The operation failed with a kubelet-style {@code reason} and a human {@code message}. */
    record Failed<T>(String reason, String message) implements Outcome<T> {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    static <T> Outcome<T> ok(T value) {
        return new Ok<>(value);
    }

    static Outcome<Void> done() {
        return new Ok<>(null);
    }

    static <T> Outcome<T> failed(String reason, String message) {
        return new Failed<>(reason, message);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value, or an {@link IllegalStateException} naming the failure (for tests and tools). */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Failed<T> f -> throw new IllegalStateException(f.reason() + ": " + f.message());
        };
    }
}
