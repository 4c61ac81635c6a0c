package io.j8s.api.remotecommand;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SPDY/3.1 frame, as moby/spdystream (what client-go's SPDY transport uses) reads and writes
 * them. Header blocks are name → values, names in lower case; on the wire multiple values are
 * joined with NUL.
 */
public sealed interface SpdyFrame {

    int VERSION = 3;
    /** The last frame of its stream in this direction (data, SYN_STREAM, SYN_REPLY, HEADERS). */
    int FLAG_FIN = 0x01;
    /** SYN_STREAM: the receiver must not send on this stream. */
    int FLAG_UNIDIRECTIONAL = 0x02;

    /** RST_STREAM status codes. */
    int PROTOCOL_ERROR = 1;
    int INVALID_STREAM = 2;
    int REFUSED_STREAM = 3;
    int CANCEL = 5;
    int INTERNAL_ERROR = 6;

    /** GOAWAY status codes. */
    int GOAWAY_OK = 0;
    int GOAWAY_PROTOCOL_ERROR = 1;

    /** The most data one frame carries (24-bit length). */
    int MAX_DATA_LENGTH = (1 << 24) - 1;

    record Data(int streamId, int flags, byte[] data) implements SpdyFrame {
        public Data {
            requireStreamId(streamId);
            if (data.length > MAX_DATA_LENGTH) throw new IllegalArgumentException("data frame too long: " + data.length);
        }

        public boolean fin() {
            return (flags & FLAG_FIN) != 0;
        }
    }

    record SynStream(int streamId, int associatedToStreamId, int priority, int flags, Map<String, List<String>> headers)
            implements SpdyFrame {
        public SynStream {
            requireStreamId(streamId);
            headers = copy(headers);
        }

        public boolean fin() {
            return (flags & FLAG_FIN) != 0;
        }

        /** The first value of {@code name}, or null. */
        public String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.getFirst();
        }
    }

    record SynReply(int streamId, int flags, Map<String, List<String>> headers) implements SpdyFrame {
        public SynReply {
            requireStreamId(streamId);
            headers = copy(headers);
        }
    }

    record RstStream(int streamId, int status) implements SpdyFrame {
        public RstStream {
            requireStreamId(streamId);
        }
    }

    record Setting(int flags, int id, int value) {}

    record Settings(int flags, List<Setting> settings) implements SpdyFrame {
        public Settings {
            settings = List.copyOf(settings);
        }
    }

    /** Client pings have odd ids, server pings even ones; the receiver echoes the other side's. */
    record Ping(int id) implements SpdyFrame {}

    record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {}

    record Headers(int streamId, int flags, Map<String, List<String>> headers) implements SpdyFrame {
        public Headers {
            requireStreamId(streamId);
            headers = copy(headers);
        }
    }

    record WindowUpdate(int streamId, int deltaWindowSize) implements SpdyFrame {}

    private static void requireStreamId(int id) {
        if (id <= 0) throw new IllegalArgumentException("stream id must be positive: " + id);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        headers.forEach((k, v) -> m.put(k, List.copyOf(new ArrayList<>(v))));
        return Collections.unmodifiableMap(m);
    }
}
