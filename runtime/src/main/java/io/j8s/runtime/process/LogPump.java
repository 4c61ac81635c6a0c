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
 * Copies a running container's stdout and stderr FIFOs into its CRI log file, one daemon thread
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
    private final List<FileChannel> keepers = new ArrayList<>(); // guarded by itself
    private volatile boolean closed;

    private LogPump(Path dir, CriLogWriter writer) {
        this.dir = dir;
        this.writer = writer;
    }

    /**
     * Pumps a container that is about to start. Its FIFOs are opened here, before the container
     * runs, with a read-write "keeper" besides the reading end: what a short-lived container
     * writes then stays in the pipe even if it exits before the pump reads. Call
     * {@link #started} once the container holds its ends (or could not start).
     */
    static LogPump beforeStart(String containerId, Path dir, Path logPath, Clock clock) throws IOException {
        var pump = new LogPump(dir, new CriLogWriter(logPath, clock));
        for (Stream s : Stream.values()) {
            Path fifo = dir.resolve(s.label());
            pump.keepers.add(FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
            FileChannel reader = FileChannel.open(fifo, StandardOpenOption.READ); // a writer exists: no wait
            pump.spawn(containerId, s, () -> reader);
        }
        return pump;
    }

    /**
     * Pumps a running container after a restart: it holds its FIFOs open, so opening them for
     * reading does not wait (and {@link #release} frees a pump whose container died meanwhile).
     */
    static LogPump adopt(String containerId, Path dir, Path logPath, Clock clock) {
        var pump = new LogPump(dir, new CriLogWriter(logPath, clock));
        for (Stream s : Stream.values()) {
            Path fifo = dir.resolve(s.label());
            pump.spawn(containerId, s, () -> FileChannel.open(fifo, StandardOpenOption.READ));
        }
        return pump;
    }

    private interface Opener {
        FileChannel open() throws IOException;
    }

    private void spawn(String containerId, Stream s, Opener opener) {
        // Platform threads: closing a FileChannel blocked in read() signals the reading thread,
        // which a virtual thread (pinned in file I/O) does not get.
        threads.add(Thread.ofPlatform().daemon().stackSize(256 * 1024)
                .name("log-" + containerId.substring(0, 12) + "-" + s.label()).start(() -> run(s, opener)));
    }

    /** The container holds its FIFO ends now (or never will): end-of-file comes when it exits. */
    void started() {
        synchronized (keepers) {
            for (FileChannel keeper : keepers) {
                try {
                    keeper.close();
                } catch (IOException ignored) {
                    // closing a pipe end does not fail
                }
            }
            keepers.clear();
        }
    }

    private void run(Stream stream, Opener opener) {
        try (FileChannel ch = opener.open()) {
            if (!closed) {
                writer.pump(Channels.newInputStream(ch), stream);
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            // closed: a new runtime instance takes over
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("Log pump of {} {} stopped: {}", dir, stream.label(), e.getMessage());
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
            try {
                // Opened as a writer and closed at once: the reader's open returns, then reads EOF.
                new RandomAccessFile(dir.resolve(s.label()).toFile(), "rw").close();
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
        started();
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
