package io.j8s.runtime;

import java.util.List;

/**
 * A streaming exec (CRI {@code ExecRequest}): run {@code cmd} in a running container.
 *
 * @param tty   give the command a terminal; stdout and stderr are then one stream (stdout)
 * @param stdin keep the command's stdin open to {@link ExecSession#stdin()}; otherwise it reads
 *              end-of-file at once
 */
public record ExecRequest(List<String> cmd, boolean tty, boolean stdin) {
    public ExecRequest {
        cmd = List.copyOf(cmd);
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command");
        }
    }

    public static ExecRequest of(List<String> cmd) {
        return new ExecRequest(cmd, false, false);
    }
}
