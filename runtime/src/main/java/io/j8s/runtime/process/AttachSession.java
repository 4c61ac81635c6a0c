package io.j8s.runtime.process;

import io.j8s.runtime.ExecSession;
import io.j8s.runtime.logs.ContainerLogReader;
import io.j8s.runtime.logs.LogOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Attach to a container's main process: its output is its log followed from now on (split back
 * into stdout and stderr), its input the container's stdin FIFO. The session ends when the
 * container stops (with its exit code) or when closed (0).
 */
final class AttachSession implements ExecSession {
    private final OutputStream stdin;
    private final PipedInputStream stdout = new PipedInputStream(64 * 1024);
    private final PipedInputStream stderr = new PipedInputStream(64 * 1024);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread follower;

    AttachSession(Path logPath, Path stdinFifo, BooleanSupplier running, IntSupplier exitCode, Duration poll) {
        try {
            // Read-write: opening a FIFO only for writing would block forever if the container just died.
            this.stdin = stdinFifo == null ? OutputStream.nullOutputStream()
                    : java.nio.channels.Channels.newOutputStream(java.nio.channels.FileChannel.open(stdinFifo,
                            java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE));
            var out = new PipedOutputStream(stdout);
            var err = new PipedOutputStream(stderr);
            this.follower = Thread.ofVirtual().name("attach").start(() -> {
                try (out; err) {
                    new ContainerLogReader(poll).read(logPath, new LogOptions(true, 0, null, false, -1), out, err, running);
                    exit.complete(exitCode.getAsInt());
                } catch (IOException e) {
                    exit.complete(0); // detached (closed, or the reader went away)
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int width, int height) {
        // the process runtime gives containers no terminal
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exit;
    }

    @Override
    public void close() {
        follower.interrupt();
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the container is gone
        }
        exit.complete(0);
    }
}
