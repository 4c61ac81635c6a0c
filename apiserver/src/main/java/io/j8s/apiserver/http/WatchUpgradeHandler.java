package io.j8s.apiserver.http;

import io.j8s.api.Json;
import io.j8s.apiserver.StatusException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades watches that arrive as WebSocket requests ({@code GET …?watch=true} with
 * {@code Upgrade: websocket}) to a {@link WatchSocket}; everything else, plain watches included,
 * goes on to the {@link ApiHandler}. It sits inside the authentication and authorization
 * filters, so an upgrade is checked like any other request. A requested subprotocol is not
 * refused, and none is selected: a watch has one format.
 */
public final class WatchUpgradeHandler extends WebSocketUpgradeHandler {

    private static final Logger log = LoggerFactory.getLogger(WatchUpgradeHandler.class);

    /** As the connector's: a quiet watch ends by its own timeout, not the socket's. */
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private final ResourceEndpoint resources;
    private final WatchStream watches;

    public WatchUpgradeHandler(Server server, ResourceEndpoint resources, WatchStream watches, Handler next) {
        super(ServerWebSocketContainer.ensure(server), container -> container.setIdleTimeout(IDLE_TIMEOUT));
        this.resources = resources;
        this.watches = watches;
        setHandler(next);
    }

    @Override
    protected boolean handle(ServerWebSocketContainer container, Request request, Response response, Callback callback) {
        if (!"websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE))) return false;
        WatchStream.Watch watch;
        try {
            Exchange ex = new Exchange(request, response);
            RequestInfo info = RequestInfo.parse(ex.path());
            if (info == null || !"watch".equals(ResourceEndpoint.verb(ex, info))) return false;
            watch = resources.prepareWatch(ex, info);
        } catch (StatusException e) {
            // Refused before the upgrade, as upstream refuses it: an HTTP Status.
            response.setStatus(e.code());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(Json.write(e.toStatus()).getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        try {
            return container.upgrade((upgradeRequest, upgradeResponse, cb) -> new WatchSocket(watches, watch),
                    request, response, callback);
        } catch (RuntimeException e) {
            log.warn("Upgrading the watch {} to a WebSocket failed", request.getHttpURI().getPathQuery(), e);
            Response.writeError(request, response, callback, e);
            return true;
        }
    }
}
