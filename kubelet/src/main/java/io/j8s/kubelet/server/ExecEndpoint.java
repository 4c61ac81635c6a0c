package io.j8s.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import io.j8s.runtime.ExecSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's side of exec and attach (upstream's {@code remotecommand.ServeExec} over
 * {@code wsstream}): the API server upgrades {@code /exec|attach/{ns}/{pod}/{container}?command=…
 * &input=1&output=1&error=1&tty=1} to WebSocket {@code v5.channel.k8s.io}; channel 0 feeds the
 * command's stdin ({@code [255, 0]} closes it), 4 resizes the terminal, and the command's stdout
 * and stderr go out on 1 and 2; at the end the Status (Success, or NonZeroExitCode with the code)
 * goes on 3 and the socket closes normally.
 */
final class ExecEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ExecEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Streaming streaming;
    private final Function<Request, String> authorize;

    ExecEndpoint(Streaming streaming, Function<Request, String> authorize) {
        this.streaming = streaming;
        this.authorize = authorize;
    }

    /** The WebSocket creator: checks the client and the container before the upgrade. */
    Object create(ServerUpgradeRequest request, ServerUpgradeResponse response, org.eclipse.jetty.util.Callback callback) {
        String denied = authorize.apply(request);
        if (denied != null) return refuse(response, callback, 403, denied);
        String[] p = request.getHttpURI().getPath().split("/");
        if (p.length != 5) return refuse(response, callback, 404, "404 page not found");
        if (!request.getSubProtocols().contains(ChannelProtocol.V5.name())) {
            return refuse(response, callback, 400, "the kubelet speaks " + ChannelProtocol.V5.name() + " only");
        }
        boolean attach = p[1].equals("attach");
        Fields q = Request.extractQueryParameters(request);
        List<String> command = new ArrayList<>();
        Fields.Field c = q.get("command");
        if (c != null) command.addAll(c.getValues());
        boolean stdin = "1".equals(q.getValue("input"));
        boolean stdout = "1".equals(q.getValue("output"));
        boolean stderr = "1".equals(q.getValue("error"));
        boolean tty = "1".equals(q.getValue("tty"));
        if (!attach && command.isEmpty()) return refuse(response, callback, 400, "you must specify at least one command for the container");
        ExecSession session;
        try {
            session = streaming.open(attach, decode(p[2]), decode(p[3]), decode(p[4]), command, stdin, tty);
        } catch (Streaming.Refused r) {
            return refuse(response, callback, r.code, r.getMessage());
        }
        response.setAcceptedSubProtocol(ChannelProtocol.V5.name());
        return new Socket(session, stdin, stdout, stderr, attach);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A plain-text refusal, as Go's http.Error writes one. */
    private static Object refuse(Response response, org.eclipse.jetty.util.Callback callback, int code, String message) {
        response.setStatus(code);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return null;
    }

    /** One exec or attach: the runtime's session bridged to the socket's channels (public: Jetty calls it through method handles). */
    public static final class Socket implements Session.Listener.AutoDemanding {
        private final ExecSession exec;
        private final boolean stdin;
        private final boolean stdout;
        private final boolean stderr;
        private final boolean attach;
        private volatile Session session;
        private volatile boolean ended;

        Socket(ExecSession exec, boolean stdin, boolean stdout, boolean stderr, boolean attach) {
            this.exec = exec;
            this.stdin = stdin;
            this.stdout = stdout;
            this.stderr = stderr;
            this.attach = attach;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            Thread.ofVirtual().name("exec").start(this::run);
        }

        private void run() {
            try {
                if (!stdin) exec.stdin().close();
                // An empty message on the first output channel: the stream is up.
                send(ChannelProtocol.V5.encode(StreamType.STDOUT.channel(), new byte[0], 0, 0));
                Thread out = Thread.ofVirtual().start(() -> copy(exec.stdout(), StreamType.STDOUT, stdout));
                Thread err = Thread.ofVirtual().start(() -> copy(exec.stderr(), StreamType.STDERR, stderr));
                int code = exec.exitCode().get();
                out.join(5_000);
                err.join(5_000);
                end(code == 0 ? StreamStatus.success() : StreamStatus.exitCode(code));
            } catch (IOException e) {
                end(StreamStatus.internalError(e.getMessage()));
            } catch (ExecutionException e) {
                end(StreamStatus.internalError(String.valueOf(e.getCause())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** As upstream's server: the Status on channel 3, then a normal close. */
        private void end(StreamStatus status) {
            if (ended) return;
            ended = true;
            send(ChannelProtocol.V5.encode(StreamType.ERROR, status.toJson()));
            session.close(StatusCode.NORMAL, null, Callback.NOOP);
            exec.close();
        }

        private void copy(InputStream in, StreamType stream, boolean wanted) {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (wanted && n > 0) send(ChannelProtocol.V5.encode(stream.channel(), buf, 0, n));
                }
            } catch (IOException e) {
                // The command is gone.
            }
        }

        private synchronized void send(byte[] message) {
            try {
                Callback.Completable.with(cb -> session.sendBinary(ByteBuffer.wrap(message), cb)).get(30, TimeUnit.SECONDS);
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
                        exec.stdin().close();
                    } else if (f.channel() == 0 && stdin) {
                        OutputStream in = exec.stdin();
                        in.write(f.data());
                        in.flush();
                    } else if (f.channel() == 4) {
                        JsonNode size = JSON.readTree(f.data());
                        exec.resize(size.path("Width").asInt(), size.path("Height").asInt());
                    }
                } catch (IOException e) {
                    // The command stopped reading.
                }
            });
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closed(statusCode, reason);
            callback.succeed();
        }

        /** The API server (its client) went away: an exec'd command is killed, an attach detaches. */
        private void closed(int statusCode, String reason) {
            if (!ended) {
                ended = true;
                exec.close();
                log.debug("{} stream closed by the API server ({} {})", attach ? "attach" : "exec", statusCode, reason);
            }
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed(StatusCode.ABNORMAL, cause.getMessage());
        }
    }
}
