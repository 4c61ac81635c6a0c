package io.j8s.runtime.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a container's output to its log file in the CRI log format, one entry a line:
 * {@code 2016-10-06T00:17:09.669794202Z stdout F log line}. A line longer than
 * {@link #MAX_LINE} is cut into partial entries (tag {@code P}) followed by a full one (tag
 * {@code F}), as containerd does; the kubelet's reader joins them again.
 *
 * <p>Thread-safe: stdout and stderr are pumped by one thread each ({@link #pump}) into one file;
 * whole entries are appended under this object's lock, so they never interleave.
 */
public final class CriLogWriter implements AutoCloseable {
    /** Longest line written as one entry (containerd's default buffer, 16 KiB). */
    public static final int MAX_LINE = 16 * 1024;

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path path;
    private final Clock clock;
    private OutputStream out; // guarded by this

    public CriLogWriter(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
        this.out = open(path);
    }

    private static OutputStream open(Path path) {
        try {
            Files.createDirectories(path.getParent());
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** Appends one entry; {@code content} must not contain a newline. */
    public void entry(Stream stream, boolean partial, byte[] content, int offset, int length) {
        byte[] prefix = (TIMESTAMP.format(clock.instant()) + " " + stream.label() + (partial ? " P " : " F "))
                .getBytes(StandardCharsets.US_ASCII);
        synchronized (this) {
            try {
                byte[] line = new byte[prefix.length + length + 1];
                System.arraycopy(prefix, 0, line, 0, prefix.length);
                System.arraycopy(content, offset, line, prefix.length, length);
                line[line.length - 1] = '\n';
                out.write(line);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Copies {@code in} to the log as {@code stream} until end-of-file, then writes a last
     * unterminated line (if any) as a full entry. Blocks: run it on its own thread.
     */
    public void pump(InputStream in, Stream stream) throws IOException {
        byte[] line = new byte[MAX_LINE];
        int used = 0;
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        entry(stream, false, line, 0, used);
                        used = 0;
                    } else {
                        if (used == MAX_LINE) {
                            entry(stream, true, line, 0, used);
                            used = 0;
                        }
                        line[used++] = b;
                    }
                }
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            // Stopped while the stream goes on (a new runtime instance pumps the rest): the start of
            // a line read so far is a partial entry, which the rest of the line completes.
            if (used > 0) entry(stream, true, line, 0, used);
            throw e;
        }
        if (used > 0) {
            entry(stream, false, line, 0, used);
        }
    }

    /** Reopens the file (after the kubelet rotated it away). */
    public synchronized void reopen() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the old file is gone anyway
        }
        out = open(path);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a timestamp written by this class (or any RFC 3339 one). */
    static Instant parseTimestamp(String text) {
        return Instant.parse(text);
    }
}
