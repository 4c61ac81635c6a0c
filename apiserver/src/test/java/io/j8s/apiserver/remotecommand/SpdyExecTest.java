package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.Json;
import io.j8s.api.remotecommand.SpdyFrame;
import io.j8s.api.remotecommand.SpdyFrameReader;
import io.j8s.api.remotecommand.SpdyFrameWriter;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.TestServer;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SPDY side frame by frame, with a client made of j8s' own codec: what the kubectl tests
 * cannot show (the replies, pings, the order of the end, older versions, refusals, timeouts).
 */
@Timeout(60)
class SpdyExecTest {

    static FakeKubelet kubelet;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("j8s-spdy-exec");
        ClusterCa ca = ClusterCa.loadOrCreate(dir);
        kubelet = new FakeKubelet(dir, ca);
        IssuedCertificate client = ca.issueClient(Secure.KUBELET_CLIENT_CN, List.of("system:masters"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
        server = new TestServer(TestServer.realParts(Tls.clientContext(ca.certificateFile(), client.certFile(), client.keyFile())),
                c -> c.withStreamTimeouts(new StreamTimeouts(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10))));
        Cluster.node(server, "node-1", kubelet.port());
        Cluster.pod(server, "web", "node-1", "app");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (kubelet != null) kubelet.close();
    }

    /** A SPDY client on a plain socket: the upgrade request, then frames. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final int status;
        final Map<String, List<String>> headers = new HashMap<>();
        final String body;
        final SpdyFrameWriter writer = new SpdyFrameWriter();
        SpdyFrameReader reader;
        int nextStream = 1;

        Client(String query, String... versions) throws IOException {
            socket = new Socket("127.0.0.1", server.server.port());
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            StringBuilder req = new StringBuilder("POST /api/v1/namespaces/default/pods/web/exec?" + query + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Length: 0\r\n");
            for (String v : versions) req.append("X-Stream-Protocol-Version: ").append(v).append("\r\n");
            out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            String[] head = readHead().split("\r\n");
            status = Integer.parseInt(head[0].split(" ")[1]);
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.computeIfAbsent(head[i].substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(head[i].substring(colon + 1).trim());
            }
            if (status == 101) {
                body = "";
                reader = new SpdyFrameReader(in);
            } else {
                int length = Integer.parseInt(headers.get("content-length").getFirst());
                body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) throw new IOException("closed in the response head: " + b);
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII).trim();
        }

        int open(String type) throws IOException {
            int id = nextStream;
            nextStream += 2;
            send(new SpdyFrame.SynStream(id, 0, 0, 0, Map.of("streamtype", List.of(type))));
            return id;
        }

        void send(SpdyFrame f) throws IOException {
            out.write(writer.encode(f));
            out.flush();
        }

        SpdyFrame read() throws IOException {
            return reader.read();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Frames until the server's GOAWAY: data by stream, FIN-ed streams, replies, echoes. */
    record Transcript(Map<Integer, ByteArrayOutputStream> data, List<Integer> finished, List<Integer> replied, List<Integer> pings,
                      SpdyFrame.GoAway goAway) {
        String text(int stream) {
            ByteArrayOutputStream b = data.get(stream);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }
    }

    static Transcript readToGoAway(Client c) throws IOException {
        Map<Integer, ByteArrayOutputStream> data = new LinkedHashMap<>();
        List<Integer> finished = new ArrayList<>();
        List<Integer> replied = new ArrayList<>();
        List<Integer> pings = new ArrayList<>();
        while (true) {
            SpdyFrame f = c.read();
            assertThat(f).as("a frame before the connection ends").isNotNull();
            switch (f) {
                case SpdyFrame.SynReply r -> replied.add(r.streamId());
                case SpdyFrame.Data d -> {
                    data.computeIfAbsent(d.streamId(), k -> new ByteArrayOutputStream()).writeBytes(d.data());
                    if (d.fin()) finished.add(d.streamId());
                }
                case SpdyFrame.Ping p -> pings.add(p.id());
                case SpdyFrame.GoAway g -> {
                    return new Transcript(data, finished, replied, pings, g);
                }
                default -> throw new AssertionError("unexpected " + f);
            }
        }
    }

    @Test
    void v4RepliesToEachStreamEchoesPingsAndEndsWithTheStatus() throws Exception {
        try (Client c = new Client("command=sh&command=-c&command=read+x%3B+echo+out+%24x%3B+echo+err+%3E%262%3B+exit+3"
                + "&stdin=true&stdout=true&stderr=true", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io")) {
            assertThat(c.status).isEqualTo(101);
            assertThat(c.headers.get("x-stream-protocol-version")).containsExactly("v4.channel.k8s.io");
            assertThat(c.headers.get("upgrade")).containsExactly("SPDY/3.1");
            int error = c.open("error");
            int stdin = c.open("stdin");
            int stdout = c.open("stdout");
            int stderr = c.open("stderr");
            c.send(new SpdyFrame.Ping(1));
            c.send(new SpdyFrame.Data(stdin, 0, "x\n".getBytes(StandardCharsets.UTF_8)));
            c.send(new SpdyFrame.Data(stdin, SpdyFrame.FLAG_FIN, new byte[0]));
            Transcript t = readToGoAway(c);
            assertThat(t.replied()).containsExactly(error, stdin, stdout, stderr);
            assertThat(t.pings()).containsExactly(1);
            assertThat(t.text(stdout)).isEqualTo("out x\n");
            assertThat(t.text(stderr)).isEqualTo("err\n");
            assertThat(StreamStatus.parse(t.data().get(error).toByteArray())).isEqualTo(StreamStatus.exitCode(3));
            assertThat(t.finished()).containsExactly(stdout, stderr, error, stdin);
            assertThat(t.goAway()).isEqualTo(new SpdyFrame.GoAway(stderr, SpdyFrame.GOAWAY_OK));
            assertThat(c.read()).as("the server half-closes after GOAWAY").isNull();
        }
    }

    @Test
    void v2WritesOnlyAFailuresMessage() throws Exception {
        try (Client c = new Client("command=sh&command=-c&command=exit+2&stdout=true", "v2.channel.k8s.io")) {
            assertThat(c.headers.get("x-stream-protocol-version")).containsExactly("v2.channel.k8s.io");
            int error = c.open("error");
            c.open("stdout");
            Transcript t = readToGoAway(c);
            assertThat(t.text(error)).isEqualTo("command terminated with non-zero exit code: exit status 2");
        }
    }

    @Test
    void noCommonVersionIsRefusedNamingTheServersOwn() throws Exception {
        try (Client c = new Client("command=true&stdout=true", "v5.channel.k8s.io")) {
            assertThat(c.status).isEqualTo(403);
            assertThat(c.headers.get("x-accepted-stream-protocol-versions"))
                    .containsExactly("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");
            assertThat(Json.MAPPER.readTree(c.body).path("message").asText()).isEqualTo("unable to upgrade: unable to negotiate protocol:"
                    + " client supports [v5.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]");
        }
    }

    @Test
    void streamsOfUnknownTypesAreRefused() throws Exception {
        try (Client c = new Client("command=true&stdout=true", "v4.channel.k8s.io")) {
            int odd = c.open("data");
            assertThat(c.read()).isEqualTo(new SpdyFrame.RstStream(odd, SpdyFrame.REFUSED_STREAM));
        }
    }

    @Test
    void aClientThatGoesAwayEndsTheKubeletsSession() throws Exception {
        try (Client c = new Client("command=sleep&command=32&stdout=true", "v4.channel.k8s.io")) {
            c.open("error");
            c.open("stdout");
            assertThat(c.read()).isInstanceOf(SpdyFrame.SynReply.class);
            assertThat(c.read()).isInstanceOf(SpdyFrame.SynReply.class);
        }
        assertThat(kubelet.awaitClosed("sleep 32")).isTrue();
    }

    @Test
    void aClientThatNeverOpensAllItsStreamsIsClosedOn() throws Exception {
        try (Client c = new Client("command=sleep&command=30&stdout=true&stderr=true", "v4.channel.k8s.io")) {
            int error = c.open("error");
            assertThat(c.read()).isEqualTo(new SpdyFrame.SynReply(error, 0, Map.of()));
            // The stream-creation timeout here is half a second; the read returns at the close.
            assertThat(c.read()).isNull();
        }
    }
}
