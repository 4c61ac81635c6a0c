package io.j8s.apiserver.tls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Writes kubeconfig files that stand alone: the CA and the client credentials are embedded
 * ({@code *-data}, base64 of the PEM), so the file can be copied to another machine as it is.
 * One cluster, one user and one context, all called as k3s calls them ({@code default}, the
 * cluster under its own name), and {@code current-context} set so kubectl needs no flag.
 * The file holds a credential, so it is written with mode 0600.
 */
public final class Kubeconfig {

    public static final String CONTEXT = "default";
    public static final String USER = "default";

    private Kubeconfig() {}

    /** A kubeconfig that authenticates with a client certificate (the admin's, a component's). */
    public static void write(Path file, String clusterName, String serverUrl, Path caFile, Path clientCert,
            Path clientKey) {
        write(file, clusterName, serverUrl, caFile, user -> user
                .put("client-certificate-data", base64(clientCert))
                .put("client-key-data", base64(clientKey)));
    }

    /** A kubeconfig that authenticates with a bearer token (an agent's node token, a component's token). */
    public static void forToken(Path file, String clusterName, String serverUrl, Path caFile, String token) {
        write(file, clusterName, serverUrl, caFile, user -> user.put("token", token));
    }

    private static void write(Path file, String clusterName, String serverUrl, Path caFile, Consumer<ObjectNode> user) {
        var config = Json.MAPPER.createObjectNode();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        var cluster = config.putArray("clusters").addObject();
        cluster.put("name", clusterName);
        cluster.putObject("cluster")
                .put("server", serverUrl)
                .put("certificate-authority-data", base64(caFile));
        var context = config.putArray("contexts").addObject();
        context.put("name", CONTEXT);
        context.putObject("context").put("cluster", clusterName).put("user", USER);
        config.put("current-context", CONTEXT);
        config.putObject("preferences");
        var entry = config.putArray("users").addObject();
        entry.put("name", USER);
        user.accept(entry.putObject("user"));
        try {
            Pem.writeSecret(file, Json.YAML.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
