package io.j8s.runtime.logs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Reads a CRI log file for {@code kubectl logs} (the kubelet's {@code ReadLogs}): partial entries
 * are joined into lines, {@code tailLines}, {@code since}, {@code timestamps} and
 * {@code limitBytes} applied, and with {@code follow} new entries are streamed while the
 * container runs. Output goes to {@code stdout} or {@code stderr} by the entry's stream (pass
 * the same stream twice to merge them, as {@code kubectl logs} shows them).
 *
 * <p>Following polls the file every {@code pollInterval}; it ends when {@code stillRunning} says
 * false and the file has nothing new, or when the calling thread is interrupted.
 */
public final class ContainerLogReader {
    private final Duration pollInterval;

    public ContainerLogReader(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public ContainerLogReader() {
        this(Duration.ofMillis(100));
    }

    /** Reads the whole log (no follow) into a string, stdout and stderr merged: for tests and tools. */
    public static String readAll(Path logFile, LogOptions options) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        new ContainerLogReader().read(logFile, options.withFollow(false), out, out, () -> false);
        return out.toString(StandardCharsets.UTF_8);
    }

    public void read(Path logFile, LogOptions options, OutputStream stdout, OutputStream stderr,
                     BooleanSupplier stillRunning) throws IOException {
        var sink = new Sink(options, stdout, stderr);
        long position;
        try {
            position = options.tailLines() >= 0 ? tailStart(logFile, options.tailLines()) : 0;
        } catch (NoSuchFileException missing) {
            position = 0;
        }
        byte[] pending = new byte[0];
        while (true) {
            Chunk chunk = readFrom(logFile, position);
            if (chunk.bytes.length > 0) {
                byte[] data = concat(pending, chunk.bytes);
                int start = 0;
                for (int i = 0; i < data.length; i++) {
                    if (data[i] == '\n') {
                        if (!sink.accept(data, start, i - start)) {
                            return;
                        }
                        start = i + 1;
                    }
                }
                pending = java.util.Arrays.copyOfRange(data, start, data.length);
                position += chunk.bytes.length;
                continue;
            }
            if (!options.follow() || !stillRunning.getAsBoolean()) {
                // One more look: the container may have written its last words just now.
                if (options.follow() && readFrom(logFile, position).bytes.length > 0) {
                    continue;
                }
                return;
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("log follow interrupted");
            }
        }
    }

    private record Chunk(byte[] bytes) {}

    private static Chunk readFrom(Path file, long position) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= position) {
                return new Chunk(new byte[0]);
            }
            int n = (int) Math.min(length - position, 1 << 20);
            byte[] b = new byte[n];
            raf.seek(position);
            raf.readFully(b);
            return new Chunk(b);
        } catch (java.io.FileNotFoundException missing) {
            return new Chunk(new byte[0]);
        }
    }

    /** The file offset where the last {@code lines} whole lines (F-terminated entries) begin. */
    static long tailStart(Path file, long lines) throws IOException {
        if (lines == 0) {
            return Files.size(file);
        }
        var starts = new ArrayDeque<Long>();
        byte[] data = Files.readAllBytes(file);
        long lineStart = 0;
        boolean logicalStart = true;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                Optional<LogEntry> e = LogEntry.parse(data, (int) lineStart, i - (int) lineStart);
                if (logicalStart) {
                    starts.addLast(lineStart);
                    if (starts.size() > lines) {
                        starts.removeFirst();
                    }
                }
                logicalStart = e.map(entry -> !entry.partial()).orElse(true);
                lineStart = i + 1;
            }
        }
        return starts.isEmpty() ? data.length : starts.peekFirst();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Joins partial entries, filters by time, prefixes timestamps, counts bytes. */
    private static final class Sink {
        private final LogOptions options;
        private final OutputStream stdout;
        private final OutputStream stderr;
        private long written;
        private boolean midLine; // the previous entry was partial: no timestamp before this one

        Sink(LogOptions options, OutputStream stdout, OutputStream stderr) {
            this.options = options;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Writes one file line; false once the byte limit is reached. */
        boolean accept(byte[] data, int offset, int length) throws IOException {
            Optional<LogEntry> parsed = LogEntry.parse(data, offset, length);
            if (parsed.isEmpty()) {
                return true;
            }
            LogEntry e = parsed.get();
            if (options.since() != null && e.timestamp().isBefore(options.since())) {
                midLine = e.partial();
                return true;
            }
            OutputStream out = e.stream() == Stream.STDOUT ? stdout : stderr;
            var text = new java.io.ByteArrayOutputStream();
            if (options.timestamps() && !midLine) {
                text.writeBytes((CriLogWriter.TIMESTAMP.format(e.timestamp()) + " ").getBytes(StandardCharsets.US_ASCII));
            }
            text.writeBytes(e.content());
            if (!e.partial()) {
                text.write('\n');
            }
            midLine = e.partial();
            byte[] bytes = text.toByteArray();
            int n = bytes.length;
            if (options.limitBytes() >= 0 && written + n > options.limitBytes()) {
                n = (int) (options.limitBytes() - written);
            }
            out.write(bytes, 0, n);
            out.flush();
            written += n;
            return options.limitBytes() < 0 || written < options.limitBytes();
        }
    }
}
