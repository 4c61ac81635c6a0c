package io.j8s.runtime.process;

import io.j8s.runtime.logs.CriLogWriter;
import io.j8s.runtime.logs.Stream;

import java.io.IOException;
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
 * <p>Both ways of starting a pump open the FIFOs' reading ends before they return, never in the
 * pump's thread: a pipe nobody holds open loses what is in it, so a container that writes its
 * last line and exits before a lazily started thread opened the FIFO would lose that line. A
 * read-write "keeper" is opened first, so opening the reading end never waits for a writer.
 *
 * <p>A pump ends at end-of-file, which comes when every process of the container has exited and
 * the keeper is closed ({@link #started}), or when {@link #close} closes its reading end.
 */
final class LogPump implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogPump.class);

    private final Path dir;
    private final CriLogWriter writer;
    private final List<Thread> threads = new ArrayList<>();
    private final List<FileChannel> keepers = new ArrayList<>(); // guarded by itself
    private final List<FileChannel> readers = new ArrayList<>(); // guarded by itself
    private volatile boolean closed;

    private LogPump(Path dir, CriLogWriter writer) {
        this.dir = dir;
        this.writer = writer;
    }

    /**
     * Pumps a container that is about to start. The keepers stay open until {@link #started}:
     * what a short-lived container writes then stays in the pipe even if it exits before the pump
     * reads. Call {@link #started} once the container holds its ends (or could not start).
     */
    static LogPump beforeStart(String containerId, Path dir, Path logPath, Clock clock) throws IOException {
        var pump = new LogPump(dir, new CriLogWriter(logPath, clock));
        try {
            for (Stream s : Stream.values()) {
                Path fifo = dir.resolve(s.label());
                FileChannel keeper = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
                pump.keepers.add(keeper);
                pump.readers.add(FileChannel.open(fifo, StandardOpenOption.READ)); // a writer exists: no wait
            }
        } catch (IOException | RuntimeException e) {
            pump.close();
            throw e;
        }
        for (Stream s : Stream.values()) {
            pump.spawn(containerId, s, pump.readers.get(s.ordinal()));
        }
        return pump;
    }

    /**
     * Pumps a running container after a restart. It holds its FIFOs open; should it have exited
     * since, the keeper lets the open through and end-of-file comes at once.
     */
    static LogPump adopt(String containerId, Path dir, Path logPath, Clock clock) throws IOException {
        LogPump pump = beforeStart(containerId, dir, logPath, clock);
        pump.started();
        return pump;
    }

    private void spawn(String containerId, Stream stream, FileChannel reader) {
        // Platform threads: closing a FileChannel blocked in read() signals the reading thread,
        // which a virtual thread (pinned in file I/O) does not get.
        threads.add(Thread.ofPlatform().daemon().stackSize(256 * 1024)
                .name("log-" + containerId.substring(0, 12) + "-" + stream.label()).start(() -> run(stream, reader)));
    }

    /** The container holds its FIFO ends now (or never will): end-of-file comes when it exits. */
    void started() {
        synchronized (keepers) {
            closeAll(keepers);
            keepers.clear();
        }
    }

    private static void closeAll(List<FileChannel> pipeEnds) {
        for (FileChannel end : pipeEnds) {
            try {
                end.close();
            } catch (IOException ignored) {
                // closing a pipe end does not fail
            }
        }
    }

    private void run(Stream stream, FileChannel reader) {
        try (reader) {
            writer.pump(Channels.newInputStream(reader), stream);
        } catch (java.nio.channels.AsynchronousCloseException e) {
            // closed: a new runtime instance takes over
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("Log pump of {} {} stopped: {}", dir, stream.label(), e.getMessage());
            }
        }
    }

    /** Waits up to {@code millis} for the pumps to have copied everything (after the container exited). */
    void drain(long millis) {
        for (Thread t : threads) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void reopen() {
        writer.reopen();
    }

    /**
     * Stops pumping, for a new runtime instance to take over: what a pump has read is written
     * first, what it has not stays in the pipe. The reading ends are closed, which wakes a read,
     * rather than the threads interrupted: an interrupt could land between a read and the write of
     * what it read (and closes the log file's channel besides), and those lines were lost.
     */
    @Override
    public void close() {
        synchronized (readers) {
            closed = true;
            closeAll(readers);
        }
        started();
        for (Thread t : threads) {
            try {
                t.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.close();
    }
}
