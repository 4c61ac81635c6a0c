package io.j8s.runtime.process;

import io.j8s.runtime.ExecRequest;
import io.j8s.runtime.ExecResult;
import io.j8s.runtime.ExecSession;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands inside a running container: as root, {@code nsenter} into every namespace of
 * its main process (so the command sees the container's mounts, network, hostname and
 * processes) after joining its cgroup (so limits apply and a stop kills it too); in host mode,
 * a plain child process in the container's working directory. The command gets the container's
 * environment. With a tty it runs under {@code script(1)}, which gives it a pseudo-terminal.
 */
final class ContainerExec {

    /** Where and how to exec into one container. */
    record Target(boolean isolated, long mainPid, List<Path> cgroupProcs, Map<String, String> env, String workingDir) {}

    private ContainerExec() {
    }

    static List<String> argv(Target t, List<String> cmd, boolean tty) {
        List<String> command = tty
                ? List.of("script", "-qfec", String.join(" ", cmd.stream().map(Cmd::quote).toList()), "/dev/null")
                : cmd;
        var argv = new ArrayList<String>();
        if (t.isolated()) {
            argv.addAll(List.of("/bin/sh", "-c",
                    "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo 0 >\"$1\"; shift; n=$((n - 1)); done; exec \"$@\"",
                    "j8s-exec", Integer.toString(t.cgroupProcs().size())));
            t.cgroupProcs().forEach(p -> argv.add(p.toString()));
            argv.addAll(List.of("nsenter", "-t", Long.toString(t.mainPid()), "-p", "-n", "-u", "-i", "-m", "-r", "-w", "--"));
        }
        argv.addAll(List.of("env", "-i", "--"));
        t.env().forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(command);
        return argv;
    }

    private static Process start(Target t, List<String> cmd, boolean tty, boolean stdin) throws IOException {
        var pb = new ProcessBuilder(argv(t, cmd, tty));
        if (!t.isolated()) {
            String wd = t.workingDir().isEmpty() ? "/" : t.workingDir();
            pb.directory(Files.isDirectory(Path.of(wd)) ? new File(wd) : new File("/"));
        }
        if (!stdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (tty) {
            pb.redirectErrorStream(true);
        }
        return pb.start();
    }

    static ExecResult execSync(Target t, List<String> cmd, Duration timeout) {
        try {
            Process p = start(t, cmd, false, false);
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            Thread o = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
            Thread e = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
            boolean done = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!done) {
                kill(p);
            }
            o.join(1000);
            e.join(1000);
            synchronized (out) {
                synchronized (err) {
                    return new ExecResult(out.toByteArray(), err.toByteArray(), done ? p.exitValue() : -1, !done);
                }
            }
        } catch (IOException e) {
            return new ExecResult(null, e.getMessage().getBytes(), 126, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process was killed
        }
    }

    /** Kills an exec'd command and everything it started (nsenter forks the real command). */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    static ExecSession exec(Target t, ExecRequest request) {
        try {
            return new ProcessSession(start(t, request.cmd(), request.tty(), request.stdin()), request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming exec backed by a child process. */
    private static final class ProcessSession implements ExecSession {
        private final Process process;
        private final ExecRequest request;

        ProcessSession(Process process, ExecRequest request) {
            this.process = process;
            this.request = request;
        }

        @Override
        public OutputStream stdin() {
            return request.stdin() ? process.getOutputStream() : OutputStream.nullOutputStream();
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return request.tty() ? InputStream.nullInputStream() : process.getErrorStream();
        }

        /** Sets the size of the terminal script(1) made: the one its child has as stdin. */
        @Override
        public void resize(int width, int height) {
            if (!request.tty() || width <= 0 || height <= 0) {
                return;
            }
            process.descendants().map(h -> Path.of("/proc", Long.toString(h.pid()), "fd", "0"))
                    .map(ProcessSession::linkTarget)
                    .filter(target -> target.startsWith("/dev/pts/"))
                    .findFirst()
                    .ifPresent(pts -> Cmd.run("stty", "-F", pts, "cols", Integer.toString(width),
                            "rows", Integer.toString(height)));
        }

        private static String linkTarget(Path link) {
            try {
                return Files.readSymbolicLink(link).toString();
            } catch (IOException | UnsupportedOperationException e) {
                return "";
            }
        }

        @Override
        public CompletableFuture<Integer> exitCode() {
            return process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                kill(process);
            }
        }
    }
}
