package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamType;
import io.j8s.apiserver.StatusException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The API server's side of the one protocol it speaks to kubelets: a WebSocket with subprotocol
 * {@code v5.channel.k8s.io} to {@code wss://node:port/exec|attach/{ns}/{pod}/{container}?…},
 * opened with the server's kubelet-client certificate. Blocking on both ways, for virtual
 * threads: {@link #next()} hands over one whole message at a time and asks the kubelet for the
 * next only then (the kubelet's output waits while the client is slow), {@link #send} returns
 * when the message is on its way.
 */
final class KubeletStream {

    /** What the kubelet sent: a message, or the end of the stream. */
    sealed interface Inbound {}

    record Message(byte[] bytes) implements Inbound {}

    record Closed(int code, String reason) implements Inbound {}

    record Failed(Throwable cause) implements Inbound {}

    /**
     * The kubelet answered the upgrade with something other than 101: its code, content type and
     * body, passed to the client as they are, as upstream's upgrade-aware proxy does.
     */
    static final class Refused extends Exception {
        final int code;
        final String contentType;
        final String body;

        Refused(int code, String contentType, String body) {
            super("the kubelet answered " + code + ": " + body, null, false, false);
            this.code = code;
            this.contentType = contentType;
            this.body = body;
        }
    }

    private static final ChannelProtocol PROTOCOL = ChannelProtocol.V5;

    private final BlockingQueue<Inbound> inbound = new LinkedBlockingQueue<>();
    private final Object sendLock = new Object();
    private volatile WebSocket socket;

    private KubeletStream() {}

    /**
     * Opens the stream.
     *
     * @throws Refused if the kubelet answers the upgrade with an error
     * @throws StatusException 500 "error dialing backend: …" if it cannot be reached
     */
    static KubeletStream connect(HttpClient client, URI uri, Duration timeout) throws Refused {
        KubeletStream s = new KubeletStream();
        try {
            s.socket = client.newWebSocketBuilder().subprotocols(PROTOCOL.name()).connectTimeout(timeout)
                    .buildAsync(uri, s.new Listener()).join();
            return s;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                HttpResponse<?> r = h.getResponse();
                String body = r.body() instanceof String b ? b : "";
                throw new Refused(r.statusCode(), r.headers().firstValue("Content-Type").orElse("text/plain; charset=utf-8"), body);
            }
            throw dialError(uri, cause);
        }
    }

    /** Upstream's words for a kubelet it cannot reach, in a reason-less 500. */
    private static StatusException dialError(URI uri, Throwable e) {
        String dial = "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": ";
        String why = e instanceof HttpTimeoutException ? dial + "i/o timeout"
                : e instanceof ConnectException ? dial + "connect: connection refused"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new StatusException(500, "", "error dialing backend: " + why, null, null, List.of());
    }

    /** The next message or end; asks the kubelet for one more message after a message. */
    Inbound next() throws InterruptedException {
        Inbound in = inbound.take();
        if (in instanceof Message) socket.request(1);
        return in;
    }

    void stdin(byte[] data) throws IOException {
        if (data.length > 0) send(PROTOCOL.encode(StreamType.STDIN, data));
    }

    void closeStdin() throws IOException {
        send(PROTOCOL.closeSignal(StreamType.STDIN));
    }

    void resize(byte[] json) throws IOException {
        send(PROTOCOL.encode(StreamType.RESIZE, json));
    }

    private void send(byte[] message) throws IOException {
        synchronized (sendLock) {
            try {
                socket.sendBinary(ByteBuffer.wrap(message), true).get();
            } catch (ExecutionException e) {
                throw new IOException("sending to the kubelet: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted sending to the kubelet", e);
            }
        }
    }

    /** Ends the stream at once (the client is gone): the kubelet sees the connection drop. */
    void abort() {
        socket.abort();
        inbound.add(new Failed(new IOException("the stream was aborted")));
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                inbound.add(new Message(partial.toByteArray()));
                partial.reset();
            } else {
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            // v5 is binary only; a text message is not part of it and is dropped.
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbound.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbound.add(new Failed(error));
        }
    }
}
