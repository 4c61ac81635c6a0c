package io.j8s.api.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChannelProtocolTest {

    record Negotiation(String name, List<String> offered, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Negotiation> negotiations() {
        return Stream.of(
                new Negotiation("kubectl 1.30+ asks for v5 only", List.of("v5.channel.k8s.io"), "v5.channel.k8s.io"),
                new Negotiation("fabric8 asks for v4", List.of("v4.channel.k8s.io"), "v4.channel.k8s.io"),
                new Negotiation("the client's order wins", List.of("v4.channel.k8s.io", "v5.channel.k8s.io"), "v4.channel.k8s.io"),
                new Negotiation("unknown ones are passed over", List.of("v9.channel.k8s.io", " base64.channel.k8s.io"), "base64.channel.k8s.io"),
                new Negotiation("none asked for is the original binary framing", List.of(), ""),
                new Negotiation("only unknown ones", List.of("chat"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negotiations")
    void negotiatesAsUpstreamsHandshake(Negotiation n) {
        assertThat(ChannelProtocol.negotiate(n.offered(), ChannelProtocol.ALL).map(ChannelProtocol::name).orElse(null))
                .isEqualTo(n.want());
    }

    @Test
    void binaryMessagesStartWithTheChannelByte() {
        byte[] m = ChannelProtocol.V5.encode(StreamType.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8));
        assertThat(m).containsExactly(1, 'h', 'i', '\n');
        ChannelProtocol.Frame f = ChannelProtocol.V5.decode(new byte[] {0, 'a', 'b'}).orElseThrow();
        assertThat(f.channel()).isZero();
        assertThat(f.data()).containsExactly('a', 'b');
    }

    @Test
    void base64MessagesStartWithTheChannelDigit() {
        // wsstream's own example: "foo\n" on stdin is "0Zm9vCg==".
        assertThat(new String(ChannelProtocol.V4_BASE64.encode(StreamType.STDIN, "foo\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.US_ASCII)).isEqualTo("0Zm9vCg==");
        ChannelProtocol.Frame f = ChannelProtocol.V1_BASE64.decode("1Cg==".getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertThat(f.channel()).isEqualTo(1);
        assertThat(f.data()).containsExactly('\n');
        assertThatThrownBy(() -> ChannelProtocol.V1_BASE64.decode("1!!".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void v5HalfClosesAChannelWithTheCloseSignal() {
        byte[] close = ChannelProtocol.V5.closeSignal(StreamType.STDIN);
        assertThat(close).containsExactly(255, 0);
        ChannelProtocol.Frame f = ChannelProtocol.V5.decode(close).orElseThrow();
        assertThat(f.isClose()).isTrue();
        assertThat(f.closedChannel()).isZero();
        assertThatThrownBy(() -> ChannelProtocol.V4.closeSignal(StreamType.STDIN)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyMessagesCarryNothing() {
        assertThat(ChannelProtocol.V5.decode(new byte[0])).isEmpty();
        assertThat(ChannelProtocol.V5.decode(new byte[] {1}).orElseThrow().data()).isEmpty();
    }

    @Test
    void spdyVersionsNegotiateInTheClientsOrder() {
        assertThat(ProtocolVersion.negotiate(List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"),
                ProtocolVersion.SPDY)).contains(ProtocolVersion.V4);
        assertThat(ProtocolVersion.negotiate(List.of("v2.channel.k8s.io", "v4.channel.k8s.io"), ProtocolVersion.SPDY))
                .contains(ProtocolVersion.V2);
        assertThat(ProtocolVersion.negotiate(List.of("v5.channel.k8s.io"), ProtocolVersion.SPDY)).isEmpty();
        assertThat(ProtocolVersion.V3.resizes()).isTrue();
        assertThat(ProtocolVersion.V2.resizes()).isFalse();
        assertThat(ProtocolVersion.V4.statusAsJson()).isTrue();
        assertThat(ProtocolVersion.V3.statusAsJson()).isFalse();
    }
}
