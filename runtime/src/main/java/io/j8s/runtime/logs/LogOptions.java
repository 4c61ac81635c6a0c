package io.j8s.runtime.logs;

import java.time.Instant;

/**
 * What {@code kubectl logs} asks for ({@code PodLogOptions}), as the kubelet hands it to
 * {@link ContainerLogReader}.
 *
 * @param follow     keep reading as the container writes, until it stops
 * @param tailLines  only the last N lines; negative: all
 * @param since      only entries at or after this time; null: all
 * @param timestamps prefix each line with its RFC 3339 timestamp
 * @param limitBytes stop after this many bytes of output; negative: no limit
 */
public record LogOptions(boolean follow, long tailLines, Instant since, boolean timestamps, long limitBytes) {
    public static final LogOptions ALL = new LogOptions(false, -1, null, false, -1);

    public LogOptions withFollow(boolean follow) {
        return new LogOptions(follow, tailLines, since, timestamps, limitBytes);
    }
}
