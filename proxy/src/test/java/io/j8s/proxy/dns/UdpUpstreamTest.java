package io.j8s.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class UdpUpstreamTest {

    @Test
    void manyQueriesInFlightEachGetTheirOwnAnswerUnderTheirOwnId() throws Exception {
        try (FakeUpstream fake = new FakeUpstream(); UdpUpstream up = new UdpUpstream(fake.address(), Duration.ofSeconds(5))) {
            List<Message> queries = new ArrayList<>();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Message q = ClusterZoneTest.query("host-" + i + ".example.org.", Type.A);
                q.getHeader().setID(7); // every client picked the same ID: the upstream must not mix them up
                queries.add(q);
                replies.add(up.exchange(q.toWire()));
            }
            for (int i = 0; i < queries.size(); i++) {
                Message r = new Message(replies.get(i).get());
                assertThat(r.getHeader().getID()).isEqualTo(7);
                assertThat(r.getQuestion().getName()).isEqualTo(queries.get(i).getQuestion().getName());
                assertThat(r.getSection(Section.ANSWER)).hasSize(1);
            }
        }
    }

    @Test
    void aReplyForAnotherQuestionIsIgnoredAndSilenceTimesOut() throws Exception {
        try (DatagramSocket liar = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    liar.receive(p);
                    Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    Message forged = FakeUpstream.answer(ClusterZoneTest.query("evil.example.org.", Type.A));
                    forged.getHeader().setID(q.getHeader().getID());
                    byte[] out = forged.toWire();
                    liar.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (Exception e) {
                    // The test fails on its own if this does not happen.
                }
            });
            try (UdpUpstream up = new UdpUpstream((InetSocketAddress) liar.getLocalSocketAddress(), Duration.ofMillis(300))) {
                CompletableFuture<byte[]> r = up.exchange(ClusterZoneTest.query("www.example.org.", Type.A).toWire());
                assertThatThrownBy(r::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            }
        }
    }
}
