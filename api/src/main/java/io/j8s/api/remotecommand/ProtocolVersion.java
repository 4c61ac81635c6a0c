package io.j8s.api.remotecommand;

import java.util.List;
import java.util.Optional;

/**
 * The versions of the remote command stream protocol, by upstream's names (they are also the
 * values of SPDY's {@code X-Stream-Protocol-Version} and, for v4 and v5, WebSocket
 * subprotocols). Each adds to the one before.
 */
public enum ProtocolVersion {
    /** The original: the error stream carries a plain message, and only on failure. */
    V1("channel.k8s.io"),
    V2("v2.channel.k8s.io"),
    /** Adds the resize stream. */
    V3("v3.channel.k8s.io"),
    /** The error stream carries a {@link StreamStatus} as JSON, exit codes included. */
    V4("v4.channel.k8s.io"),
    /** WebSocket only: the client half-closes a stream with the CLOSE signal (channel 255). */
    V5("v5.channel.k8s.io");

    /** What a SPDY server offers, best first (v5 exists only over WebSocket). */
    public static final List<ProtocolVersion> SPDY = List.of(V4, V3, V2, V1);

    private final String id;

    ProtocolVersion(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean resizes() {
        return compareTo(V3) >= 0;
    }

    public boolean statusAsJson() {
        return compareTo(V4) >= 0;
    }

    public boolean closeSignal() {
        return this == V5;
    }

    /**
     * Upstream's {@code httpstream.Handshake}: the first of the client's versions, in the client's
     * order, that the server also speaks; empty when there is none. A client that names none
     * gets {@link #V1} (the caller decides, since upstream then sends no version header).
     */
    public static Optional<ProtocolVersion> negotiate(List<String> client, List<ProtocolVersion> server) {
        for (String c : client) {
            for (ProtocolVersion s : server) {
                if (s.id.equals(c.trim())) return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
