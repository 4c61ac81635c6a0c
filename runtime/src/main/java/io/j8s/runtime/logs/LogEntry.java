package io.j8s.runtime.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC 3339 time> <stdout|stderr> <P|F> <content>}.
 * {@code partial} entries (P) continue in the next entry of the same stream.
 */
public record LogEntry(Instant timestamp, Stream stream, boolean partial, byte[] content) {

    /** Parses one line (without its newline); empty when it is not a CRI log line. */
    public static Optional<LogEntry> parse(byte[] line, int offset, int length) {
        int end = offset + length;
        int s1 = indexOf(line, (byte) ' ', offset, end);
        if (s1 < 0) {
            return Optional.empty();
        }
        int s2 = indexOf(line, (byte) ' ', s1 + 1, end);
        if (s2 < 0) {
            return Optional.empty();
        }
        int s3 = indexOf(line, (byte) ' ', s2 + 1, end);
        int tagEnd = s3 < 0 ? end : s3;
        try {
            Instant ts = Instant.parse(new String(line, offset, s1 - offset, StandardCharsets.US_ASCII));
            Stream stream = Stream.of(new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII));
            String tag = new String(line, s2 + 1, tagEnd - s2 - 1, StandardCharsets.US_ASCII);
            if (!tag.equals("P") && !tag.equals("F")) {
                return Optional.empty();
            }
            byte[] content = s3 < 0 ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, end);
            return Optional.of(new LogEntry(ts, stream, tag.equals("P"), content));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    public static Optional<LogEntry> parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
