package io.j8s.kubelet.server;

import io.j8s.runtime.ExecSession;
import java.util.List;

/**
 * Where {@code /exec/{ns}/{pod}/{container}} and {@code /attach/…} find what to stream: the
 * kubelet resolves the pod's running container and asks the runtime for a session; the server
 * speaks WebSocket {@code v5.channel.k8s.io} to the API server around it ({@link ExecEndpoint}).
 */
public interface Streaming {

    /**
     * Starts {@code command} in the container (exec) or joins its main process (attach, command
     * empty).
     *
     * @throws Refused when there is nothing to exec into: its code and words go back to the API
     *         server before any upgrade, as upstream's ({@code container not found ("main")})
     */
    ExecSession open(boolean attach, String namespace, String pod, String container, List<String> command, boolean stdin, boolean tty)
            throws Refused;

    /** A refusal before the upgrade: an HTTP code and a message. */
    final class Refused extends Exception {
        public final int code;

        public Refused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Streams nothing: every request is refused. */
    Streaming NONE = (attach, ns, pod, container, command, stdin, tty) -> {
        throw new Refused(404, "container not found (\"" + container + "\")");
    };
}
