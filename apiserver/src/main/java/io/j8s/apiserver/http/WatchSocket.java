package io.j8s.apiserver.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A watch over a WebSocket, as kube-apiserver serves one to clients that ask for an upgrade
 * (fabric8 does): each event is one text message holding the same JSON, newline included, that
 * a line of the HTTP stream holds; the watch ends with a normal close. The client sends nothing
 * but its own close, which ends the watch.
 *
 * <p>Public only because Jetty finds the listener methods with a public lookup; a package-private
 * endpoint fails the upgrade with a 500.
 */
public final class WatchSocket implements Session.Listener.AutoDemanding, EventSink {

    private final WatchStream watches;
    private final WatchStream.Watch watch;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private volatile Session session;

    WatchSocket(WatchStream watches, WatchStream.Watch watch) {
        this.watches = watches;
        this.watch = watch;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        // Jetty calls back on its own threads, which must not block; the watch blocks in poll and send.
        Thread.ofVirtual().name("api-watch").start(() -> watches.run(watch, this));
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        gone.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        gone.complete(null);
    }

    /** One text message an event, as the lines of the HTTP stream; each handed over before the next. */
    @Override
    public void send(List<byte[]> lines) {
        for (byte[] line : lines) {
            if (gone.isDone()) throw new Exchange.ClientGoneException(new IllegalStateException("the client closed the watch"));
            String text = new String(line, StandardCharsets.UTF_8);
            try {
                Callback.Completable.with(c -> session.sendText(text, c)).get();
            } catch (ExecutionException e) {
                throw new Exchange.ClientGoneException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Exchange.ClientGoneException(e);
            }
        }
    }

    @Override
    public void end() {
        if (session.isOpen()) session.close(StatusCode.NORMAL, null, Callback.NOOP);
    }

    @Override
    public void onClientGone(Runnable action) {
        gone.thenRun(action);
    }
}
