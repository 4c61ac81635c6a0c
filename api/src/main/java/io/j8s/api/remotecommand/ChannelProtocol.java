package io.j8s.api.remotecommand;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A WebSocket subprotocol of exec and attach (upstream's {@code wsstream}): every message starts
 * with the number of the channel it belongs to; binary protocols send the number as one byte and
 * the data as is, base64 ones send the digit {@code '0'+n} and the data in base64 as a text
 * message. In {@code v5.channel.k8s.io} the message {@code [255, n]} half-closes channel n.
 *
 * @param name the subprotocol, as in {@code Sec-WebSocket-Protocol}; "" when the client named none
 */
public record ChannelProtocol(String name, ProtocolVersion version, boolean base64) {

    public static final ChannelProtocol V5 = new ChannelProtocol("v5.channel.k8s.io", ProtocolVersion.V5, false);
    public static final ChannelProtocol V4 = new ChannelProtocol("v4.channel.k8s.io", ProtocolVersion.V4, false);
    public static final ChannelProtocol V4_BASE64 = new ChannelProtocol("v4.base64.channel.k8s.io", ProtocolVersion.V4, true);
    public static final ChannelProtocol V1 = new ChannelProtocol("channel.k8s.io", ProtocolVersion.V1, false);
    public static final ChannelProtocol V1_BASE64 = new ChannelProtocol("base64.channel.k8s.io", ProtocolVersion.V1, true);
    /** What a client that asks for no subprotocol gets: the original binary framing. */
    public static final ChannelProtocol UNNAMED = new ChannelProtocol("", ProtocolVersion.V1, false);

    /** Every subprotocol the API server speaks to clients, best first. */
    public static final List<ChannelProtocol> ALL = List.of(V5, V4, V4_BASE64, V1, V1_BASE64);

    /** One decoded message: the channel and its data ({@code [n]} for a CLOSE signal). */
    public record Frame(int channel, byte[] data) {

        public boolean isClose() {
            return channel == StreamType.CLOSE_CHANNEL;
        }

        /** The channel a CLOSE signal closes. */
        public int closedChannel() {
            if (!isClose() || data.length != 1) throw new IllegalStateException("not a CLOSE signal");
            return data[0] & 0xff;
        }
    }

    /**
     * Upstream's handshake: the first subprotocol in the client's order that the server speaks;
     * {@link #UNNAMED} when the client asks for none, empty when it asks only for others.
     */
    public static Optional<ChannelProtocol> negotiate(List<String> offered, List<ChannelProtocol> supported) {
        if (offered.isEmpty()) return Optional.of(UNNAMED);
        for (String o : offered) {
            for (ChannelProtocol p : supported) {
                if (p.name.equals(o.trim())) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether messages are text frames (base64) rather than binary ones. */
    public boolean text() {
        return base64;
    }

    /** The message carrying {@code data[off, off+len)} on {@code channel}. */
    public byte[] encode(int channel, byte[] data, int off, int len) {
        if (base64) {
            byte[] b64 = Base64.getEncoder().encode(java.util.Arrays.copyOfRange(data, off, off + len));
            byte[] m = new byte[b64.length + 1];
            m[0] = (byte) ('0' + channel);
            System.arraycopy(b64, 0, m, 1, b64.length);
            return m;
        }
        byte[] m = new byte[len + 1];
        m[0] = (byte) channel;
        System.arraycopy(data, off, m, 1, len);
        return m;
    }

    public byte[] encode(StreamType stream, byte[] data) {
        return encode(stream.channel(), data, 0, data.length);
    }

    /** v5's CLOSE signal for {@code stream}. */
    public byte[] closeSignal(StreamType stream) {
        if (!version.closeSignal()) throw new IllegalStateException(name + " has no CLOSE signal");
        return new byte[] {(byte) StreamType.CLOSE_CHANNEL, (byte) stream.channel()};
    }

    /**
     * The channel and data of a message; empty for an empty message, which upstream skips.
     *
     * @throws IllegalArgumentException if a base64 message does not decode
     */
    public Optional<Frame> decode(byte[] message) {
        if (message.length == 0) return Optional.empty();
        if (base64) {
            int channel = (message[0] & 0xff) - '0';
            String payload = new String(message, 1, message.length - 1, StandardCharsets.US_ASCII);
            return Optional.of(new Frame(channel, Base64.getDecoder().decode(payload)));
        }
        byte[] data = java.util.Arrays.copyOfRange(message, 1, message.length);
        return Optional.of(new Frame(message[0] & 0xff, data));
    }
}
