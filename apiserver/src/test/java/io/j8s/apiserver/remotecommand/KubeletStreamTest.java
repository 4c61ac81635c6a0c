package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.apiserver.Secure;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.http.PodLogs;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API server's side of the kubelet contract, against the fake kubelet alone. */
@Timeout(30)
class KubeletStreamTest {

    static FakeKubelet kubelet;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("j8s-kubeletstream");
        ClusterCa ca = ClusterCa.loadOrCreate(dir);
        kubelet = new FakeKubelet(dir, ca);
        IssuedCertificate c = ca.issueClient(Secure.KUBELET_CLIENT_CN, List.of("system:masters"), dir.resolve("c.crt"), dir.resolve("c.key"));
        client = PodLogs.kubeletClient(Tls.clientContext(ca.certificateFile(), c.certFile(), c.keyFile()));
    }

    @AfterAll
    static void stop() throws Exception {
        kubelet.close();
    }

    URI uri(String pathAndQuery) {
        return URI.create("wss://127.0.0.1:" + kubelet.port() + pathAndQuery);
    }

    @Test
    void runsACommandAndEndsWithItsStatus() throws Exception {
        KubeletStream s = KubeletStream.connect(client, uri("/exec/default/web/app?command=sh&command=-c&command=echo+hi%3B+exit+4&output=1"),
                Duration.ofSeconds(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        while (true) {
            KubeletStream.Inbound in = s.next();
            if (in instanceof KubeletStream.Message m) {
                ChannelProtocol.V5.decode(m.bytes()).ifPresent(f -> (f.channel() == 1 ? out : error).writeBytes(f.data()));
            } else {
                assertThat(in).isEqualTo(new KubeletStream.Closed(1000, ""));
                break;
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(StreamStatus.parse(error.toByteArray()).exitCode()).hasValue(4);
    }

    @Test
    void aRefusalKeepsTheKubeletsAnswer() {
        assertThatThrownBy(() -> KubeletStream.connect(client, uri("/exec/default/ghost/app?command=true&output=1"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(KubeletStream.Refused.class, r -> {
                    assertThat(r.code).isEqualTo(404);
                    assertThat(r.body).contains("container not found (\"app\")");
                });
    }

    @Test
    void anAbsentKubeletIsADialError() throws Exception {
        int port = ExecTest.closedPort();
        assertThatThrownBy(() -> KubeletStream.connect(client, URI.create("wss://127.0.0.1:" + port + "/exec/a/b/c?command=true"),
                Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("error dialing backend: dial tcp 127.0.0.1:" + port + ": connect: connection refused");
                });
    }
}
