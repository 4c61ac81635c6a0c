package io.j8s.runtime;

import java.nio.charset.StandardCharsets;

/**
 * The result of {@link RuntimeService#execSync} (CRI {@code ExecSyncResponse}).
 *
 * @param exitCode the command's exit code; when {@code timedOut}, the command was killed and the
 *                 code is meaningless (the kubelet reports a probe timeout)
 */
public record ExecResult(byte[] stdout, byte[] stderr, int exitCode, boolean timedOut) {
    public ExecResult {
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? new byte[0] : stderr;
    }

    public static ExecResult success() {
        return new ExecResult(null, null, 0, false);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
