package io.j8s.apiserver.remotecommand;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Nodes and pods for the streaming tests, made through the API as a kubelet and a user would. */
final class Cluster {

    private static final HttpClient http = HttpClient.newHttpClient();

    private Cluster() {}

    /** A node whose kubelet listens on 127.0.0.1:{@code port}. */
    static void node(TestServer s, String name, int port) throws Exception {
        send(s, "POST", "/api/v1/nodes", "application/json", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s"}}""".formatted(name), 201);
        send(s, "PATCH", "/api/v1/nodes/" + name + "/status", "application/merge-patch+json", """
                {"status":{"addresses":[{"type":"Hostname","address":"%s.invalid"},{"type":"InternalIP","address":"127.0.0.1"}],
                 "daemonEndpoints":{"kubeletEndpoint":{"Port":%d}}}}""".formatted(name, port), 200);
    }

    static void pod(TestServer s, String name, String node, String... containers) throws Exception {
        StringBuilder cs = new StringBuilder();
        for (String c : containers) {
            cs.append(cs.isEmpty() ? "" : ",").append("{\"name\":\"").append(c).append("\",\"image\":\"busybox\"}");
        }
        send(s, "POST", "/api/v1/namespaces/default/pods", "application/json", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{%s"containers":[%s]}}"""
                .formatted(name, node == null ? "" : "\"nodeName\":\"" + node + "\",", cs), 201);
    }

    static void phase(TestServer s, String pod, String phase) throws Exception {
        send(s, "PATCH", "/api/v1/namespaces/default/pods/" + pod + "/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"" + phase + "\"}}", 200);
    }

    private static void send(TestServer s, String method, String path, String type, String body, int want) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(want);
    }
}
