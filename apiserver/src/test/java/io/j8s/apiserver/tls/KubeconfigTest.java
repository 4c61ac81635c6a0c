package io.j8s.apiserver.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

    @TempDir
    Path dir;

    @Test
    void embedsTheCaAndTheClientCertificateSoTheFileStandsAlone() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir.resolve("tls"));
        var admin = ca.issueClient("system:admin", List.of("system:masters"), dir.resolve("tls/admin.crt"),
                dir.resolve("tls/admin.key"));
        var file = dir.resolve("kubeconfig");

        Kubeconfig.write(file, "j8s", "https://127.0.0.1:6443", ca.certificateFile(), admin.certFile(), admin.keyFile());

        var config = Json.YAML.readTree(file.toFile());
        assertThat(config.path("current-context").asText()).isEqualTo("default");
        var context = config.path("contexts").get(0);
        assertThat(context.path("name").asText()).isEqualTo("default");
        assertThat(context.path("context").path("cluster").asText()).isEqualTo("j8s");
        var cluster = config.path("clusters").get(0);
        assertThat(cluster.path("name").asText()).isEqualTo("j8s");
        assertThat(cluster.path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6443");
        assertThat(decoded(cluster.path("cluster"), "certificate-authority-data")).isEqualTo(Files.readString(ca.certificateFile()));
        var user = config.path("users").get(0);
        assertThat(user.path("name").asText()).isEqualTo(context.path("context").path("user").asText());
        assertThat(decoded(user.path("user"), "client-certificate-data")).isEqualTo(Files.readString(admin.certFile()));
        assertThat(decoded(user.path("user"), "client-key-data")).isEqualTo(Files.readString(admin.keyFile()));
        assertThat(ClusterCaTest.mode(file)).isEqualTo("rw-------");
    }

    @Test
    void aTokenKubeconfigCarriesTheTokenInsteadOfACertificate() throws Exception {
        var ca = ClusterCa.loadOrCreate(dir.resolve("tls"));
        var file = dir.resolve("agent.kubeconfig");

        Kubeconfig.forToken(file, "j8s", "https://10.0.0.1:6443", ca.certificateFile(), "J10abc::node:secret");

        var user = Json.YAML.readTree(file.toFile()).path("users").get(0).path("user");
        assertThat(user.path("token").asText()).isEqualTo("J10abc::node:secret");
        assertThat(user.has("client-certificate-data")).isFalse();
        assertThat(ClusterCaTest.mode(file)).isEqualTo("rw-------");
    }

    private static String decoded(JsonNode node, String field) {
        return new String(Base64.getDecoder().decode(node.path(field).asText()));
    }
}
