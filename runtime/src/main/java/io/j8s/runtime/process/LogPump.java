package io.j8s.runtime.process;

import io.j8s.runtime.logs.CriLogWriter;
import io.j8s.runtime.logs.Stream;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a running container's stdout and stderr FIFOs into its CRI log file, one virtual thread
 * per stream. A new runtime instance starts new pumps on the same FIFOs (the container kept them
 * open, and what it wrote meanwhile waited in the pipes, up to 64 KiB each).
 *
 * <p>A pump ends at end-of-file, which comes when every process of the container has exited, or
 * when {@link #close} interrupts it. A pump still blocked in opening its FIFO (its container
 * died before it was pumped) is released by {@link #release}, which opens the FIFO once for
 * writing and closes it again.
 */
final class LogPump implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogPump.class);

    private final Path dir;
    private final CriLogWriter writer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private LogPump(Path dir, CriLogWriter writer) {
        this.dir = dir;
        this.writer = writer;
    }

    static LogPump start(String containerId, Path dir, Path logPath, Clock clock) {
        var pump = new LogPump(dir, new CriLogWriter(logPath, clock));
        for (Stream s : Stream.values()) {
            pump.threads.add(Thread.ofVirtual().name("log-" + containerId.substring(0, 12) + "-" + s.label())
                    .start(() -> pump.run(s)));
        }
        return pump;
    }

    private void run(Stream stream) {
        Path fifo = dir.resolve(stream.label());
        try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ)) {
            if (!closed) {
                writer.pump(Channels.newInputStream(ch), stream);
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            // closed: a new runtime instance takes over
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("Log pump of {} stopped: {}", fifo, e.getMessage());
            }
        }
    }

    /** Whether a pump is still copying (the container may still write). */
    boolean running() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Waits up to {@code millis} for the pumps to have copied everything (after the container exited). */
    void drain(long millis) {
        release();
        for (Thread t : threads) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Lets a pump blocked in opening a FIFO whose writer is gone see end-of-file. */
    void release() {
        for (Stream s : Stream.values()) {
            try (var ignored = new RandomAccessFile(dir.resolve(s.label()).toFile(), "rw")) {
                // opened as a writer and closed at once: the reader's open returns, then reads EOF
            } catch (IOException gone) {
                // removed already
            }
        }
    }

    void reopen() {
        writer.reopen();
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                release(); // blocked in open(): let it through, it sees `closed` and leaves
            }
        }
        writer.close();
    }
}
