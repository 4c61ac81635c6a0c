package io.j8s.kubelet.server;

import io.j8s.runtime.logs.LogOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's own HTTPS server (port 10250): {@code /healthz}, {@code /containerLogs/…} for the
 * API server's pods/log, and {@code /exec/…}, {@code /attach/…} over WebSocket ({@link ExecEndpoint}). Its
 * certificate is the node's serving certificate from the cluster CA; clients must present a
 * certificate from the same CA, and only the API server's kubelet client
 * ({@code kube-apiserver-kubelet-client}) or {@code system:masters} may use it (upstream delegates
 * this to the API server with SubjectAccessReviews; j8s has no RBAC yet).
 */
public final class KubeletServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubeletServer.class);
    static final String APISERVER_CLIENT = "kube-apiserver-kubelet-client";

    private final Server server;
    private final ServerConnector connector;

    public KubeletServer(String host, int port, Path caFile, Path certFile, Path keyFile, ContainerLogs logs, Streaming streaming,
            Clock clock) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 2, 60_000);
        threads.setName("kubelet-server");
        threads.setVirtualThreadsExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        char[] password = "in-memory".toCharArray();
        tls.setKeyStore(io.j8s.kubelet.bootstrap.Pems.keyStore(certFile, keyFile, password));
        tls.setKeyStorePassword(new String(password));
        tls.setKeyManagerPassword(new String(password));
        tls.setTrustStore(io.j8s.kubelet.bootstrap.Pems.trustStore(caFile));
        tls.setNeedClientAuth(true);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setEndpointIdentificationAlgorithm(null);
        tls.setSniRequired(false);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        this.connector = new ServerConnector(server, new SslConnectionFactory(tls, http.getProtocol()), http);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ExecEndpoint exec = new ExecEndpoint(streaming, Router::allowed);
        var websockets = org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(1024 * 1024);
            container.setIdleTimeout(java.time.Duration.ofHours(4));
            container.addMapping("/exec/*", exec::create);
            container.addMapping("/attach/*", exec::create);
        });
        websockets.setHandler(new Router(logs, clock));
        server.setHandler(websockets);
    }

    public KubeletServer start() throws Exception {
        server.start();
        log.info("Kubelet serving HTTPS on {}:{}", connector.getHost(), connector.getLocalPort());
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the kubelet server: {}", e.toString());
        }
    }

    static void text(Response response, Callback callback, int code, String body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((body + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static final class Router extends Handler.Abstract {
        private final ContainerLogs logs;
        private final Clock clock;

        Router(ContainerLogs logs, Clock clock) {
            this.logs = logs;
            this.clock = clock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String who = allowed(request);
            if (who != null) {
                text(response, callback, 403, who);
                return true;
            }
            if (path.equals("/healthz")) {
                text(response, callback, 200, "ok");
                return true;
            }
            List<String> parts = List.of(path.split("/"));
            if (parts.size() == 5 && parts.get(0).isEmpty()) {
                String kind = parts.get(1);
                String ns = decode(parts.get(2));
                String pod = decode(parts.get(3));
                String container = decode(parts.get(4));
                switch (kind) {
                    case "containerLogs" -> {
                        containerLogs(ns, pod, container, request, response, callback);
                        return true;
                    }
                    case "exec", "attach" -> {
                        text(response, callback, 400, "Upgrade request required");
                        return true;
                    }
                    default -> { }
                }
            }
            text(response, callback, 404, "404 page not found");
            return true;
        }

        /** Null when the client may use the kubelet's API; otherwise why not. */
        static String allowed(Request request) {
            var session = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData data ? data
                    : request.getConnectionMetaData().getConnection().getEndPoint().getSslSessionData();
            X509Certificate[] certs = session == null ? null : session.peerCertificates();
            if (certs == null || certs.length == 0) return "Unauthorized";
            String subject = certs[0].getSubjectX500Principal().getName();
            if (subject.contains("CN=" + APISERVER_CLIENT) || subject.contains("O=system:masters")) return null;
            return "Forbidden (user=" + subject + ", verb=get, resource=nodes, subresource=proxy)";
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        private void containerLogs(String ns, String pod, String container, Request request, Response response, Callback callback) {
            Fields q = Request.extractQueryParameters(request);
            LogOptions options;
            boolean previous;
            try {
                boolean follow = flag(q, "follow");
                previous = flag(q, "previous");
                boolean timestamps = flag(q, "timestamps");
                long tail = number(q, "tailLines", -1);
                long limit = number(q, "limitBytes", -1);
                Instant since = null;
                long sinceSeconds = number(q, "sinceSeconds", -1);
                if (sinceSeconds > 0) since = clock.instant().minusSeconds(sinceSeconds);
                String sinceTime = q.getValue("sinceTime");
                if (sinceTime != null && !sinceTime.isEmpty()) since = OffsetDateTime.parse(sinceTime).toInstant();
                options = new LogOptions(follow, tail, since, timestamps, limit);
            } catch (RuntimeException e) {
                text(response, callback, 400, "invalid log options: " + e.getMessage());
                return;
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                try {
                    logs.write(ns, pod, container, previous, options, new Flushing(out));
                } catch (ContainerLogs.NotFoundException e) {
                    if (!response.isCommitted()) {
                        response.setStatus(404);
                        out.write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (ContainerLogs.LogException e) {
                    if (!response.isCommitted()) {
                        response.setStatus(400);
                        out.write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
            }
        }

        private static boolean flag(Fields q, String name) {
            String v = q.getValue(name);
            return v != null && !List.of("false", "0", "f").contains(v.toLowerCase(Locale.ROOT));
        }

        private static long number(Fields q, String name, long dflt) {
            String v = q.getValue(name);
            return v == null || v.isEmpty() ? dflt : Long.parseLong(v);
        }
    }

    /** Each write goes out at once: a followed log is only as live as this. */
    private static final class Flushing extends OutputStream {
        private final OutputStream out;

        Flushing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            out.flush();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }
    }
}
