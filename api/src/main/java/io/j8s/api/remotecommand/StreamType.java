package io.j8s.api.remotecommand;

import java.util.Optional;

/**
 * The streams of an exec or attach session. Over WebSocket each is a channel, numbered as the
 * POSIX descriptors are; over SPDY each is a stream the client opens with a {@code streamType}
 * header naming it.
 */
public enum StreamType {
    STDIN(0, "stdin"),
    STDOUT(1, "stdout"),
    STDERR(2, "stderr"),
    /** Where the server writes how the command ended: a Status (v4, v5) or a message (older). */
    ERROR(3, "error"),
    /** Terminal sizes from the client, one JSON {@code {"Width":w,"Height":h}} after another. */
    RESIZE(4, "resize");

    /** v5's channel for the CLOSE signal: {@code [255, channel]} half-closes that channel. */
    public static final int CLOSE_CHANNEL = 255;

    /** The SPDY header that names a stream's type (Go writes header names in lower case). */
    public static final String SPDY_HEADER = "streamtype";

    private final int channel;
    private final String header;

    StreamType(int channel, String header) {
        this.channel = channel;
        this.header = header;
    }

    public int channel() {
        return channel;
    }

    /** The value of the SPDY {@code streamType} header. */
    public String header() {
        return header;
    }

    public static Optional<StreamType> ofChannel(int channel) {
        for (StreamType t : values()) {
            if (t.channel == channel) return Optional.of(t);
        }
        return Optional.empty();
    }

    public static Optional<StreamType> ofHeader(String value) {
        for (StreamType t : values()) {
            if (t.header.equals(value)) return Optional.of(t);
        }
        return Optional.empty();
    }
}
