package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.TestServer;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exec from clients other than kubectl: fabric8 (v4), raw WebSocket clients of every subprotocol. */
@Timeout(60)
class ExecClientsTest {

    static FakeKubelet kubelet;
    static TestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("j8s-exec-clients");
        ClusterCa ca = ClusterCa.loadOrCreate(dir);
        kubelet = new FakeKubelet(dir, ca);
        IssuedCertificate client = ca.issueClient(Secure.KUBELET_CLIENT_CN, List.of("system:masters"),
                dir.resolve("client.crt"), dir.resolve("client.key"));
        server = new TestServer(TestServer.realParts(Tls.clientContext(ca.certificateFile(), client.certFile(), client.keyFile())));
        Cluster.node(server, "node-1", kubelet.port());
        Cluster.pod(server, "web", "node-1", "app");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
        if (kubelet != null) kubelet.close();
    }

    /** What a raw client got: each message as it came, then the close. */
    static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                events.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add(error);
        }

        /** Every message until the close, decoded in {@code protocol}; the close code last. */
        ByteArrayOutputStream[] drain(ChannelProtocol protocol) throws Exception {
            ByteArrayOutputStream[] channels = {new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                    new ByteArrayOutputStream(), new ByteArrayOutputStream()};
            while (true) {
                Object e = events.poll(30, TimeUnit.SECONDS);
                assertThat(e).as("an event before the timeout").isNotNull();
                if (e instanceof Integer code) {
                    assertThat(code).isEqualTo(1000);
                    return channels;
                }
                byte[] m = e instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) e;
                protocol.decode(m).ifPresent(f -> channels[f.channel()].writeBytes(f.data()));
            }
        }
    }

    static WebSocket open(String pathAndQuery, List<String> subprotocols, Recorder recorder) {
        WebSocket.Builder b = http.newWebSocketBuilder();
        if (!subprotocols.isEmpty()) b.subprotocols(subprotocols.getFirst(), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        return b.buildAsync(URI.create(server.url().replace("http:", "ws:") + pathAndQuery), recorder).join();
    }

    static final String EXEC = "/api/v1/namespaces/default/pods/web/exec";

    @Test
    void v5SeparatesTheStreamsAndEndsWithTheStatus() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(EXEC + "?command=sh&command=-c&command=echo+out%3B+echo+err+%3E%262%3B+exit+3&stdout=true&stderr=true",
                List.of("v5.channel.k8s.io"), r);
        assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
        ByteArrayOutputStream[] c = r.drain(ChannelProtocol.V5);
        assertThat(c[1].toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(c[2].toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        assertThat(StreamStatus.parse(c[3].toByteArray())).isEqualTo(StreamStatus.exitCode(3));
    }

    @Test
    void v5ClosesStdinWithTheCloseSignal() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(EXEC + "?command=cat&stdin=true&stdout=true", List.of("v5.channel.k8s.io"), r);
        ws.sendBinary(ByteBuffer.wrap(ChannelProtocol.V5.encode(io.j8s.api.remotecommand.StreamType.STDIN, "abc\n".getBytes())), true).join();
        ws.sendBinary(ByteBuffer.wrap(ChannelProtocol.V5.closeSignal(io.j8s.api.remotecommand.StreamType.STDIN)), true).join();
        ByteArrayOutputStream[] c = r.drain(ChannelProtocol.V5);
        assertThat(c[1].toString(StandardCharsets.UTF_8)).isEqualTo("abc\n");
        assertThat(StreamStatus.parse(c[3].toByteArray()).isSuccess()).isTrue();
    }

    @Test
    void resizesReachTheKubelet() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(EXEC + "?command=cat&stdin=true&stdout=true&tty=true", List.of("v5.channel.k8s.io"), r);
        ws.sendBinary(ByteBuffer.wrap(ChannelProtocol.V5.encode(io.j8s.api.remotecommand.StreamType.RESIZE,
                "{\"Width\":120,\"Height\":40}".getBytes())), true).join();
        ws.sendBinary(ByteBuffer.wrap(ChannelProtocol.V5.closeSignal(io.j8s.api.remotecommand.StreamType.STDIN)), true).join();
        r.drain(ChannelProtocol.V5);
        assertThat(kubelet.resizes).contains("{\"Width\":120,\"Height\":40}");
        assertThat(kubelet.seen).anyMatch(s -> s.contains("/exec/default/web/app?command=cat&input=1&output=1&tty=1 "));
    }

    @Test
    void base64ChannelsAreTextAndOlderProtocolsReportOnlyFailures() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = open(EXEC + "?command=echo&command=hi&stdout=1", List.of("base64.channel.k8s.io"), r);
        assertThat(ws.getSubprotocol()).isEqualTo("base64.channel.k8s.io");
        ByteArrayOutputStream[] c = r.drain(ChannelProtocol.V1_BASE64);
        assertThat(c[1].toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(c[3].size()).isZero();

        Recorder failing = new Recorder();
        open(EXEC + "?command=sh&command=-c&command=exit+2&stdout=1", List.of("channel.k8s.io"), failing);
        assertThat(failing.drain(ChannelProtocol.V1)[3].toString(StandardCharsets.UTF_8))
                .isEqualTo("command terminated with non-zero exit code: exit status 2");
    }

    @Test
    void v4Base64CarriesTheStatusAsJson() throws Exception {
        Recorder r = new Recorder();
        open(EXEC + "?command=true&stdout=1", List.of("v4.base64.channel.k8s.io"), r);
        assertThat(StreamStatus.parse(r.drain(ChannelProtocol.V4_BASE64)[3].toByteArray()).isSuccess()).isTrue();
    }

    @Test
    void anUnknownSubprotocolIsRefusedBeforeTheUpgrade() {
        CompletionException e = org.assertj.core.api.Assertions.catchThrowableOfType(CompletionException.class,
                () -> open(EXEC + "?command=true&stdout=1", List.of("v9.channel.k8s.io"), new Recorder()));
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(403);
    }

    @Test
    void aClientThatGoesAwayEndsTheKubeletsSession() throws Exception {
        WebSocket ws = open(EXEC + "?command=sleep&command=31&stdout=true", List.of("v5.channel.k8s.io"), new Recorder());
        ws.abort();
        assertThat(kubelet.awaitClosed("sleep 31")).isTrue();
    }

    @Test
    void fabric8ExecGetsOutputAndExitCode() throws Exception {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default").build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ExecWatch w = client.pods().withName("web").writingOutput(out).writingError(err)
                    .exec("sh", "-c", "echo out; echo err >&2; exit 3")) {
                assertThat(w.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
        }
    }

    @Test
    void fabric8ExecTakesStdin() throws Exception {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url()).withNamespace("default").build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             ExecWatch w = client.pods().withName("web").redirectingInput().redirectingOutput()
                     .exec("sh", "-c", "read line; echo got $line")) {
            w.getInput().write("hello\n".getBytes(StandardCharsets.UTF_8));
            w.getInput().flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(w.getOutput(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("got hello");
            assertThat(w.exitCode().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

}
