package io.j8s.kubelet.server;

import io.j8s.runtime.logs.LogOptions;
import java.io.IOException;
import java.io.OutputStream;

/** Where the server finds a container's log (upstream's {@code HostInterface.GetKubeletContainerLogs}). */
public interface ContainerLogs {

    /**
     * Writes the log of {@code container} in pod {@code namespace/pod} to {@code out}, following it
     * if asked; {@code previous}: the instance before the current one.
     *
     * @throws NotFoundException no such pod on this node (404)
     * @throws LogException the container has no such log (400, upstream's words)
     */
    void write(String namespace, String pod, String container, boolean previous, LogOptions options, OutputStream out)
            throws IOException, NotFoundException, LogException;

    final class NotFoundException extends Exception {
        public NotFoundException(String message) {
            super(message, null, false, false);
        }
    }

    final class LogException extends Exception {
        public LogException(String message) {
            super(message, null, false, false);
        }
    }
}
