package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fieldValidation}: Strict refuses duplicate and unknown fields, Warn says so in headers, Ignore says nothing. */
class FieldValidationTest {

    static TestServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> create(String validation, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/configmaps?fieldValidation=" + validation))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String twice(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"name\":\"" + name
                + "\"},\"data\":{\"a\":\"1\"},\"bogus\":1}";
    }

    @Test
    void strictRefusesDuplicateAndUnknownFieldsAndStoresNothing() throws Exception {
        HttpResponse<String> r = create("Strict", twice("strict"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"reason\":\"BadRequest\"")
                .contains("strict decoding error: duplicate field \\\"metadata.name\\\", unknown field \\\"bogus\\\"");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/namespaces/default/configmaps/strict")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void warnCreatesAndWarnsOfEach() throws Exception {
        HttpResponse<String> r = create("Warn", twice("warned"));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning"))
                .containsExactly("299 - \"duplicate field \\\"metadata.name\\\"\"", "299 - \"unknown field \\\"bogus\\\"\"");
    }

    @Test
    void ignoreCreatesSilently() throws Exception {
        HttpResponse<String> r = create("Ignore", twice("ignored"));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning")).isEmpty();
    }
}
