package io.j8s.proxy.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * kube-proxy's two small HTTP servers: {@code /healthz} on the healthz address (upstream's JSON body,
 * 200 or 503) and {@code /metrics} (plus {@code /healthz} again) on the metrics address. A port of 0
 * in the address disables a server. The JDK's server: two endpoints need nothing more.
 */
public final class ProxyServers implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProxyServers.class);

    private final List<HttpServer> servers = new ArrayList<>();

    private ProxyServers() {
    }

    /** Starts the servers; addresses are {@code host:port}, a port of 0 (or "") leaving one off. */
    public static ProxyServers start(String healthzAddress, String metricsAddress, ProxierHealth health, ProxyMetrics metrics) {
        ProxyServers s = new ProxyServers();
        try {
            HttpServer h = s.open(healthzAddress);
            if (h != null) h.createContext("/healthz", ex -> healthz(ex, health, metrics));
            HttpServer m = s.open(metricsAddress);
            if (m != null) {
                m.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
                m.createContext("/healthz", ex -> healthz(ex, health, metrics));
            }
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("cannot listen for kube-proxy's healthz/metrics: " + e.getMessage(), e);
        }
        return s;
    }

    /** The port a server bound (index 0 healthz, 1 metrics among those started), for tests. */
    public int port(int index) {
        return servers.get(index).getAddress().getPort();
    }

    private HttpServer open(String address) throws IOException {
        if (address == null || address.isBlank()) return null;
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : address.substring(0, colon);
        int port = Integer.parseInt(colon < 0 ? address : address.substring(colon + 1));
        if (port == 0) return null;
        if (port < 0) port = 0; // -1: any free port (tests)
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (java.net.BindException e) {
            // As upstream's: a taken port is an error in the log, not a proxy that does not run.
            LOG.error("kube-proxy cannot serve on {}: {}", address, e.getMessage());
            return null;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        servers.add(server);
        return server;
    }

    private static void healthz(HttpExchange ex, ProxierHealth health, ProxyMetrics metrics) throws IOException {
        boolean ok = health.healthy();
        Instant last = health.lastUpdated();
        String body = "{\"lastUpdated\": \"" + (last == null ? "" : last) + "\",\"currentTime\": \"" + health.now()
                + "\", \"nodeEligible\": true}";
        int code = ok ? 200 : 503;
        metrics.healthzServed(code);
        reply(ex, code, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.sendResponseHeaders(code, body.length);
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
