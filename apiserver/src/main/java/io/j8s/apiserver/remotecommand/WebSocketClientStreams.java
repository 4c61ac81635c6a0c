package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The client's end over WebSocket, in the subprotocol negotiated at the upgrade
 * ({@code v5.channel.k8s.io} for kubectl 1.30+, {@code v4.channel.k8s.io} for fabric8 …). As
 * upstream's server: an empty message on the lowest output channel says the session is up; the
 * Status goes on channel 3 at the end, then a normal close. Input is taken one message at a time
 * (explicit demand), each handed to the kubelet before the next is read.
 *
 * <p>Public only because Jetty finds the listener methods with a public lookup.
 */
public final class WebSocketClientStreams implements Session.Listener, ClientStreams {

    private final ChannelProtocol protocol;
    private final StreamSession session;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Session socket;

    WebSocketClientStreams(ChannelProtocol protocol, StreamSession session) {
        this.protocol = protocol;
        this.session = session;
    }

    @Override
    public void onWebSocketOpen(Session socket) {
        this.socket = socket;
        Thread.ofVirtual().name("exec-websocket").start(() -> {
            try {
                send(protocol.encode(firstOutput(), new byte[0]));
            } catch (IOException e) {
                session.clientGone();
                return;
            }
            session.pump(this);
        });
        socket.demand();
    }

    private StreamType firstOutput() {
        if (session.options().stdout()) return StreamType.STDOUT;
        if (session.options().stderr()) return StreamType.STDERR;
        return StreamType.ERROR;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] message = new byte[payload.remaining()];
        payload.get(message);
        callback.succeed();
        receive(message);
    }

    @Override
    public void onWebSocketText(String message) {
        receive(message.getBytes(StandardCharsets.US_ASCII));
    }

    /** Hands the message to the kubelet off Jetty's thread; asks for the next one after. */
    private void receive(byte[] message) {
        Thread.ofVirtual().name("exec-websocket-input").start(() -> {
            try {
                Optional<ChannelProtocol.Frame> f = protocol.decode(message);
                if (f.isPresent()) deliver(f.get());
            } catch (IllegalArgumentException e) {
                // Not base64: upstream drops such a frame too.
            }
            socket.demand();
        });
    }

    private void deliver(ChannelProtocol.Frame f) {
        if (f.isClose()) {
            if (protocol.version().closeSignal() && f.data().length == 1 && f.closedChannel() == StreamType.STDIN.channel()) {
                session.closeStdin();
            }
            return;
        }
        if (f.channel() == StreamType.STDIN.channel()) {
            session.stdin(f.data());
        } else if (f.channel() == StreamType.RESIZE.channel()) {
            session.resize(f.data());
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        socket.sendPong(copy, Callback.NOOP);
        socket.demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        socket.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (finished.compareAndSet(false, true)) session.clientGone();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (finished.compareAndSet(false, true)) session.clientGone();
    }

    @Override
    public void write(StreamType stream, byte[] data) throws IOException {
        send(protocol.encode(stream, data));
    }

    private void send(byte[] message) throws IOException {
        try {
            if (protocol.text()) {
                String text = new String(message, StandardCharsets.US_ASCII);
                Callback.Completable.with(c -> socket.sendText(text, c)).get();
            } else {
                Callback.Completable.with(c -> socket.sendBinary(ByteBuffer.wrap(message), c)).get();
            }
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void finish(StreamStatus status) {
        if (!finished.compareAndSet(false, true)) return;
        byte[] error = status.forErrorStream(protocol.version());
        try {
            if (error.length > 0) send(protocol.encode(StreamType.ERROR, error));
        } catch (IOException e) {
            // Gone before it could be told; the close below is all that is left.
        }
        socket.close(StatusCode.NORMAL, null, Callback.NOOP);
    }
}
