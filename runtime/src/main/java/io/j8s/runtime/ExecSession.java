package io.j8s.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A live exec or attach stream; the kubelet bridges it to the API server's streaming protocol
 * (WebSocket {@code v5.channel.k8s.io}: channel 0 stdin, 1 stdout, 2 stderr, 3 error/status,
 * 4 resize).
 *
 * <p>Threading: {@link #stdout()} and {@link #stderr()} are read by one thread each (they block);
 * {@link #stdin()} is written by one thread; {@link #resize} and {@link #close} may be called from
 * any thread. The streams end (EOF) when the command exits and its output is drained.
 */
public interface ExecSession extends AutoCloseable {

    /** The command's stdin; closing it sends end-of-file. A discarding stream without stdin. */
    OutputStream stdin();

    /** The command's stdout (with a tty: the terminal's output). */
    InputStream stdout();

    /** The command's stderr; empty with a tty. */
    InputStream stderr();

    /** Sets the terminal size (a no-op without a tty). */
    void resize(int width, int height);

    /**
     * Completes with the exit code when the command ends (for attach: when the container's main
     * process ends; 0 when the attach session is closed first).
     */
    CompletableFuture<Integer> exitCode();

    /** Ends the session: an exec'd command is killed if still running; attach only detaches. */
    @Override
    void close();
}
