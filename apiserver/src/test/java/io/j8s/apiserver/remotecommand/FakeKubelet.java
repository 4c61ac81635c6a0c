package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A kubelet's streaming endpoints on loopback, serving the contract the API server speaks:
 * {@code wss://…/exec|attach/{ns}/{pod}/{container}?command=…&input=1&output=1&error=1&tty=1} with
 * subprotocol {@code v5.channel.k8s.io}, to clients with a certificate from the cluster CA. Exec
 * runs the command for real ({@code sh -c …}); attach joins a {@code cat} that echoes stdin.
 * Pod {@code ghost} is refused before the upgrade, as a kubelet refuses an unknown container.
 */
final class FakeKubelet implements AutoCloseable {

    /** "peer-CN path?query subprotocol" of each request. */
    final List<String> seen = new CopyOnWriteArrayList<>();
    /** Channel 4 messages, as received. */
    final List<String> resizes = new CopyOnWriteArrayList<>();
    /** The command of each session whose connection has closed, as it closes. */
    final java.util.concurrent.BlockingQueue<String> closed = new java.util.concurrent.LinkedBlockingQueue<>();

    /** Waits until the session running {@code command} has been closed. */
    boolean awaitClosed(String command) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String c; (c = closed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (c.equals(command)) return true;
        }
        return false;
    }

    private final Server server;

    FakeKubelet(Path dir, ClusterCa ca) throws Exception {
        IssuedCertificate serving = ca.issueServing("node-1", List.of("node-1"), List.of(InetAddress.getByName("127.0.0.1")),
                dir.resolve("kubelet.crt"), dir.resolve("kubelet.key"));
        SslContextFactory.Server tls = Tls.serverContext(serving.certFile(), serving.keyFile(), ca.certificateFile());
        tls.setNeedClientAuth(true);
        server = new Server();
        ServerConnector connector = Tls.httpsConnector(server, tls, "127.0.0.1", 0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.addMapping("/exec/*", this::create);
            container.addMapping("/attach/*", this::create);
        }));
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        EndPoint.SslSessionData ssl = (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        String peer = ssl == null || ssl.peerCertificates() == null ? "anonymous" : ssl.peerCertificates()[0].getSubjectX500Principal().getName();
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        seen.add(peer + " " + path + (query == null ? "" : "?" + query) + " " + request.getSubProtocols());
        String[] p = path.split("/");
        if (p.length != 5) return refuse(response, callback, 404, "no such path");
        // The words a kubelet uses when the runtime knows no such container.
        if (p[3].equals("ghost")) return refuse(response, callback, 404, "container not found (\"" + p[4] + "\")");
        if (!request.getSubProtocols().contains(ChannelProtocol.V5.name())) {
            return refuse(response, callback, 400, "v5.channel.k8s.io required");
        }
        response.setAcceptedSubProtocol(ChannelProtocol.V5.name());
        Fields q = org.eclipse.jetty.server.Request.extractQueryParameters(request);
        List<String> command = new ArrayList<>();
        Fields.Field c = q.get("command");
        if (c != null) command.addAll(c.getValues());
        if (p[1].equals("attach")) command = List.of("sh", "-c", "echo attached to " + p[4] + "; exec cat");
        return new Exec(command, "1".equals(q.getValue("input")), "1".equals(q.getValue("output")), "1".equals(q.getValue("error")),
                "1".equals(q.getValue("tty")));
    }

    /** A plain-text refusal, as Go's http.Error writes one. */
    private static Object refuse(Response response, org.eclipse.jetty.util.Callback callback, int code, String message) {
        response.setStatus(code);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }

    /** One command, its stdin fed from channel 0 and its output sent on channels 1 and 2. */
    public final class Exec implements Session.Listener.AutoDemanding {
        private final List<String> command;
        private final boolean stdin;
        private final boolean stdout;
        private final boolean stderr;
        private final boolean tty;
        /** A session with a terminal ends only once it has had the terminal's size. */
        private final java.util.concurrent.CountDownLatch sized = new java.util.concurrent.CountDownLatch(1);
        private volatile Session session;
        private volatile Process process;

        Exec(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
            this.command = command;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
            this.tty = tty;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            try {
                // Started here, before any input can arrive for it.
                process = new ProcessBuilder(command).start();
            } catch (IOException e) {
                Thread.ofVirtual().start(() -> end(StreamStatus.internalError(e.getMessage())));
                return;
            }
            Thread.ofVirtual().start(this::run);
        }

        private void run() {
            try {
                if (!stdin) process.getOutputStream().close();
                Thread out = Thread.ofVirtual().start(() -> copy(process.getInputStream(), StreamType.STDOUT, stdout));
                Thread err = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), StreamType.STDERR, stderr));
                int code = process.waitFor();
                out.join();
                err.join();
                if (tty) sized.await(10, TimeUnit.SECONDS);
                end(code == 0 ? StreamStatus.success() : StreamStatus.exitCode(code));
            } catch (IOException e) {
                end(StreamStatus.internalError(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** As upstream's server: the Status on channel 3, then a normal close. */
        private void end(StreamStatus status) {
            send(ChannelProtocol.V5.encode(StreamType.ERROR, status.toJson()));
            session.close(StatusCode.NORMAL, null, Callback.NOOP);
        }

        private void copy(InputStream in, StreamType stream, boolean wanted) {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (wanted && n > 0) send(ChannelProtocol.V5.encode(stream.channel(), buf, 0, n));
                }
            } catch (IOException e) {
                // The process is gone.
            }
        }

        private synchronized void send(byte[] message) {
            try {
                Callback.Completable.with(cb -> session.sendBinary(ByteBuffer.wrap(message), cb)).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // The API server went away.
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] m = new byte[payload.remaining()];
            payload.get(m);
            callback.succeed();
            ChannelProtocol.V5.decode(m).ifPresent(f -> {
                try {
                    if (f.isClose() && f.closedChannel() == 0) {
                        process.getOutputStream().close();
                    } else if (f.channel() == 0 && stdin) {
                        OutputStream in = process.getOutputStream();
                        in.write(f.data());
                        in.flush();
                    } else if (f.channel() == 4) {
                        resizes.add(new String(f.data(), StandardCharsets.UTF_8));
                        sized.countDown();
                    }
                } catch (IOException e) {
                    // The command stopped reading.
                }
            });
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            Process p = process;
            if (p != null) p.destroy();
            closed.add(String.join(" ", command));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            onWebSocketClose(StatusCode.ABNORMAL, cause.getMessage());
        }
    }
}
