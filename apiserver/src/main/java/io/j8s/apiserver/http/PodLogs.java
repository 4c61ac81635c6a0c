package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.registry.ResourceRest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * {@code pods/log}: upstream's LogREST. Checks the PodLogOptions, finds the container and the
 * node's kubelet, and streams {@code /containerLogs/{ns}/{pod}/{container}} from it back to the
 * client as the bytes arrive, so {@code kubectl logs -f} follows.
 */
public final class PodLogs {

    /** The kubelet's port when the Node does not say ({@code --kubelet-port}). */
    static final int DEFAULT_KUBELET_PORT = 10250;

    /**
     * kubeadm's {@code --kubelet-preferred-address-types}: an IP first, since j8s nodes' host
     * names are not in any DNS the server uses.
     */
    static final List<String> PREFERRED_ADDRESS_TYPES = List.of("InternalIP", "ExternalIP", "Hostname", "InternalDNS", "ExternalDNS");

    /** How much of a kubelet's error body becomes the Status' cause, as upstream's response checker. */
    private static final int MAX_ERROR_BODY = 50_000;

    private final ResourceRest rest;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final HttpClient kubelets;

    PodLogs(ResourceRest rest, ResourceRegistry registry, HttpClient kubelets) {
        this.rest = rest;
        this.pods = registry.byPath("", "v1", "pods").orElseThrow();
        this.nodes = registry.byPath("", "v1", "nodes").orElseThrow();
        this.kubelets = kubelets;
    }

    /** The client the API server talks to kubelets with: its kubelet-client certificate, trusting {@code tls}'s CA. */
    public static HttpClient kubeletClient(SSLContext tls) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** PodLogOptions from the query, in upstream's field names. */
    record Options(String container, boolean follow, boolean previous, boolean timestamps, Long sinceSeconds,
                   OffsetDateTime sinceTime, Long tailLines, Long limitBytes) {

        static Options of(Exchange ex) {
            String sinceTime = ex.query("sinceTime");
            OffsetDateTime since = null;
            if (sinceTime != null && !sinceTime.isEmpty()) {
                try {
                    since = OffsetDateTime.parse(sinceTime, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                } catch (DateTimeParseException e) {
                    throw StatusException.badRequest("sinceTime: invalid time \"" + sinceTime + "\": not RFC 3339");
                }
            }
            return new Options(ex.query("container", ""), flag(ex, "follow"), flag(ex, "previous"), flag(ex, "timestamps"),
                    number(ex, "sinceSeconds"), since, number(ex, "tailLines"), number(ex, "limitBytes"));
        }

        /** Upstream's ValidatePodLogOptions. */
        List<FieldError> validate() {
            List<FieldError> errs = new ArrayList<>();
            if (tailLines != null && tailLines < 0) {
                errs.add(FieldError.invalid("tailLines", tailLines, "must be greater than or equal to 0"));
            }
            if (limitBytes != null && limitBytes < 1) errs.add(FieldError.invalid("limitBytes", limitBytes, "must be greater than 0"));
            if (sinceSeconds != null && sinceTime != null) {
                errs.add(FieldError.forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
            } else if (sinceSeconds != null && sinceSeconds < 1) {
                errs.add(FieldError.invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
            }
            return errs;
        }

        /** The kubelet's query, as upstream's LogLocation builds it (sorted by key, as url.Values.Encode). */
        String query() {
            List<String> q = new ArrayList<>();
            if (follow) q.add("follow=true");
            if (limitBytes != null) q.add("limitBytes=" + limitBytes);
            if (previous) q.add("previous=true");
            if (sinceSeconds != null) q.add("sinceSeconds=" + sinceSeconds);
            if (sinceTime != null) {
                String rfc3339 = sinceTime.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                q.add("sinceTime=" + URLEncoder.encode(rfc3339, StandardCharsets.UTF_8));
            }
            if (tailLines != null) q.add("tailLines=" + tailLines);
            if (timestamps) q.add("timestamps=true");
            return String.join("&", q);
        }

        /** As Go's query conversion of a bool: present and not false. */
        private static boolean flag(Exchange ex, String name) {
            String v = ex.query(name);
            return v != null && !List.of("false", "f", "0").contains(v.toLowerCase(java.util.Locale.ROOT));
        }

        private static Long number(Exchange ex, String name) {
            String v = ex.query(name);
            return v == null || v.isEmpty() ? null : ex.queryLong(name, 0);
        }
    }

    void serve(Exchange ex, String ns, String name) {
        Options opts = Options.of(ex);
        List<FieldError> errs = opts.validate();
        if (!errs.isEmpty()) throw invalid(name, errs);
        ObjectNode pod = rest.get(pods, ns, name);
        String container = container(pod, name, opts.container());
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            // Upstream's LogLocation: a pod not yet on a node has no logs, and that is not an error.
            ex.startStream("text/plain");
            ex.write(true, ByteBuffer.allocate(0));
            return;
        }
        URI uri = URI.create("https://" + kubeletHost(rest.get(nodes, null, nodeName)) + "/containerLogs/" + ns + "/" + name + "/"
                + container + (opts.query().isEmpty() ? "" : "?" + opts.query()));
        stream(ex, name, uri);
    }

    /** Upstream's validateContainer: the named one, or the only one. */
    public static String container(ObjectNode pod, String name, String wanted) {
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        if (wanted.isEmpty()) {
            if (containers.size() == 1) return containers.getFirst();
            if (containers.isEmpty()) throw StatusException.badRequest("a container name must be specified for pod " + name);
            String msg = "a container name must be specified for pod " + name + ", choose one of: [" + String.join(" ", containers) + "]";
            if (!inits.isEmpty()) msg += " or one of the init containers: [" + String.join(" ", inits) + "]";
            throw StatusException.badRequest(msg);
        }
        if (!containers.contains(wanted) && !inits.contains(wanted)
                && !names(pod.path("spec").path("ephemeralContainers")).contains(wanted)) {
            throw StatusException.badRequest("container " + wanted + " is not valid for pod " + name);
        }
        return wanted;
    }

    private static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : containers) out.add(c.path("name").asText());
        return out;
    }

    /** host:port of the node's kubelet, as upstream's NodeConnectionInfoGetter picks it. */
    public static String kubeletHost(ObjectNode node) {
        JsonNode addresses = node.path("status").path("addresses");
        String host = null;
        for (String type : PREFERRED_ADDRESS_TYPES) {
            for (JsonNode a : addresses) {
                if (host == null && type.equals(a.path("type").asText()) && !a.path("address").asText("").isEmpty()) {
                    host = a.path("address").asText();
                }
            }
        }
        if (host == null) {
            throw StatusException.internal("no preferred addresses found; known addresses: " + addresses);
        }
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0) port = DEFAULT_KUBELET_PORT;
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private void stream(Exchange ex, String name, URI uri) {
        HttpResponse<InputStream> response;
        try {
            response = kubelets.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.unavailable("interrupted while asking the kubelet for logs");
        }
        try (InputStream body = response.body()) {
            int code = response.statusCode();
            if (code < 200 || code > 206) throw kubeletError(code, name, new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
            ex.startStream("text/plain");
            byte[] buf = new byte[8192];
            for (int n; (n = body.read(buf)) >= 0; ) {
                // Each read is written (and flushed) at once: a followed log is only as live as this.
                if (n > 0) ex.write(false, ByteBuffer.wrap(buf, 0, n).slice());
            }
            ex.write(true, ByteBuffer.allocate(0));
        } catch (IOException e) {
            // The headers are out; all that is left is to end the stream where it broke.
            throw new Exchange.ClientGoneException(e);
        }
    }

    /** As upstream's response checker: 400 and 500 carry the kubelet's words; others a generic message with them as the cause. */
    static StatusException kubeletError(int code, String name, String body) {
        if (code == 400) return StatusException.badRequest(body);
        if (code == 500) return StatusException.internal(body);
        String reason;
        String message;
        switch (code) {
            case 401 -> { reason = "Unauthorized"; message = "the server has asked for the client to provide credentials"; }
            case 403 -> { reason = "Forbidden"; message = "the server does not allow access to the requested resource"; }
            case 404 -> { reason = "NotFound"; message = "the server could not find the requested resource"; }
            case 503 -> { reason = "ServiceUnavailable"; message = "the server is currently unable to handle the request"; }
            case 504 -> { reason = "Timeout"; message = "the server was unable to return a response in the time allotted, but may still be processing the request"; }
            default -> {
                reason = code >= 500 ? "InternalError" : "";
                message = code >= 500 ? "an error on the server (\"" + body + "\") has prevented the request from succeeding"
                        : "the server responded with the status code " + code + " but did not return more information";
            }
        }
        // Upstream's NewGenericServerResponse with an empty verb: hence the space after "(".
        List<FieldError> causes = body.isEmpty() ? List.of() : List.of(new FieldError("", "UnexpectedServerResponse", body));
        return new StatusException(code, reason, message + " ( pods/log " + name + ")", null, name, causes);
    }

    /** Upstream answers a failed dial with a reason-less 500 that quotes Go's error; this says the same in Java's words. */
    private static StatusException unreachable(URI uri, IOException e) {
        String dial = "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": ";
        String why = e instanceof HttpConnectTimeoutException ? dial + "i/o timeout"
                : e instanceof ConnectException ? dial + "connect: connection refused"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new StatusException(500, "", "Get \"" + uri + "\": " + why, null, null, List.of());
    }

    private static StatusException invalid(String name, List<FieldError> errs) {
        StringBuilder m = new StringBuilder("PodLogOptions \"").append(name).append("\" is invalid: ");
        if (errs.size() > 1) m.append('[');
        for (int i = 0; i < errs.size(); i++) {
            if (i > 0) m.append(", ");
            FieldError e = errs.get(i);
            m.append(e.field()).append(": ").append(e.message());
        }
        if (errs.size() > 1) m.append(']');
        return new StatusException(422, "Invalid", m.toString(), null, name, errs);
    }
}
