package io.j8s.controllers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The controller manager's own HTTP endpoints, {@code /metrics}, {@code /healthz}, {@code /livez},
 * {@code /readyz}, on {@code --bind-address:--secure-port} (upstream's 10257). Plain HTTP for now,
 * as the scheduler's (upstream serves HTTPS with delegated authentication): bind it to loopback
 * where that matters. The JDK's server: four endpoints need no more.
 */
final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    MetricsServer(String bindAddress, int port, Supplier<String> metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        for (String path : new String[] {"/healthz", "/livez", "/readyz"}) {
            server.createContext(path, ex -> respond(ex, 200, "text/plain", "ok"));
        }
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
