package io.j8s.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.j8s.runtime.ExecResult;
import io.j8s.runtime.Outcome;
import io.j8s.runtime.RuntimeService;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The kubelet's probers (upstream's {@code pkg/probe}): exec in the container through the runtime,
 * HTTP GET (2xx and 3xx pass; HTTPS without verifying, as upstream), a TCP connect, and gRPC
 * health checks ({@link GrpcHealth}). Messages follow upstream's, which follow Go's.
 */
public final class DefaultProber implements Prober {

    private final RuntimeService runtime;
    private final HttpClient http;
    private final HttpClient https;

    public DefaultProber(RuntimeService runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1).build();
        this.https = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustAll()).build();
    }

    static Duration timeout(Probe p) {
        return Duration.ofSeconds(p.getTimeoutSeconds() == null || p.getTimeoutSeconds() < 1 ? 1 : p.getTimeoutSeconds());
    }

    @Override
    public ProbeOutcome probe(Pod pod, Container container, String containerId, String podIp, Probe probe) {
        Duration timeout = timeout(probe);
        if (probe.getExec() != null) return exec(runtime, containerId, probe.getExec().getCommand(), timeout);
        if (probe.getHttpGet() != null) return httpGet(container, podIp, probe.getHttpGet(), timeout);
        if (probe.getTcpSocket() != null) {
            String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty() ? podIp : probe.getTcpSocket().getHost();
            return tcp(host, port(container, probe.getTcpSocket().getPort()), timeout);
        }
        if (probe.getGrpc() != null) {
            return GrpcHealth.check(podIp, probe.getGrpc().getPort(), probe.getGrpc().getService(), timeout);
        }
        return ProbeOutcome.unknown("missing probe handler for " + container.getName());
    }

    static ProbeOutcome exec(RuntimeService runtime, String containerId, List<String> command, Duration timeout) {
        return switch (runtime.execSync(containerId, command, timeout)) {
            case Outcome.Ok<ExecResult> ok -> {
                ExecResult r = ok.value();
                String output = r.stdoutText() + r.stderrText();
                if (r.timedOut()) yield ProbeOutcome.failure("command \"" + String.join(" ", command) + "\" timed out");
                yield r.exitCode() == 0 ? ProbeOutcome.success(output) : ProbeOutcome.failure(output);
            }
            case Outcome.Failed<ExecResult> f -> ProbeOutcome.unknown(f.message());
        };
    }

    /** A named port is looked up among the container's ports, as upstream's {@code findPortByName}. */
    static int port(Container c, IntOrString port) {
        if (port == null) return -1;
        if (port.getIntVal() != null) return port.getIntVal();
        String name = port.getStrVal();
        for (ContainerPort p : c.getPorts()) {
            if (name.equals(p.getName())) return p.getContainerPort();
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    ProbeOutcome httpGet(Container c, String podIp, HTTPGetAction action, Duration timeout) {
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        int port = port(c, action.getPort());
        if (port <= 0) return ProbeOutcome.unknown("invalid port " + action.getPort());
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) path = "/" + path;
        URI uri = URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("User-Agent", "kube-probe/1.32");
        for (HTTPHeader h : action.getHttpHeaders()) {
            if (!h.getName().equalsIgnoreCase("host")) req.setHeader(h.getName(), h.getValue());
        }
        try {
            HttpResponse<String> r = (scheme.equals("https") ? https : http).send(req.build(), HttpResponse.BodyHandlers.ofString());
            int code = r.statusCode();
            String body = r.body().length() > 10_240 ? r.body().substring(0, 10_240) : r.body();
            if (code >= 200 && code < 400) return ProbeOutcome.success(body);
            return ProbeOutcome.failure("HTTP probe failed with statuscode: " + code);
        } catch (HttpTimeoutException e) {
            return ProbeOutcome.failure("Get \"" + uri + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        } catch (ConnectException e) {
            return ProbeOutcome.failure("Get \"" + uri + "\": dial tcp " + host + ":" + port + ": connect: connection refused");
        } catch (IOException e) {
            return ProbeOutcome.failure("Get \"" + uri + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.unknown("interrupted");
        }
    }

    static ProbeOutcome tcp(String host, int port, Duration timeout) {
        if (port <= 0) return ProbeOutcome.unknown("invalid port " + port);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return ProbeOutcome.success("");
        } catch (SocketTimeoutException e) {
            return ProbeOutcome.failure("dial tcp " + host + ":" + port + ": i/o timeout");
        } catch (ConnectException e) {
            return ProbeOutcome.failure("dial tcp " + host + ":" + port + ": connect: connection refused");
        } catch (IOException e) {
            return ProbeOutcome.failure("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** Upstream's HTTPS probes skip verification: pods serve self-signed certificates. */
    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
