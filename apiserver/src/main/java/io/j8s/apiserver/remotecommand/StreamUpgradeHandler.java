package io.j8s.apiserver.remotecommand;

import io.j8s.api.Json;
import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.ProtocolVersion;
import io.j8s.apiserver.StatusException;
import io.j8s.apiserver.http.Exchange;
import io.j8s.apiserver.http.PodStreams;
import io.j8s.apiserver.http.RequestInfo;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pods/exec} and {@code pods/attach} upgrades. The API server ends the client's protocol
 * here and speaks one protocol to kubelets ({@code v5.channel.k8s.io}, see {@link KubeletStream}):
 * <ol>
 *   <li>the request is checked as upstream checks it ({@link PodStreams#locate}), and the client's
 *       protocol negotiated: a WebSocket subprotocol ({@link ChannelProtocol}) or, after
 *       {@code Upgrade: SPDY/3.1}, an {@code X-Stream-Protocol-Version};</li>
 *   <li>the kubelet's stream is opened; if the kubelet refuses, its answer goes back as it is,
 *       if it cannot be reached the client gets upstream's "error dialing backend";</li>
 *   <li>only then is the client's connection upgraded, and the session runs until the kubelet
 *       ends it with a Status, which the client gets on its error stream.</li>
 * </ol>
 * Everything before the upgrade is refused with an HTTP Status, as any request. It sits inside
 * the authentication and authorization filters, as the watch upgrade does.
 */
public final class StreamUpgradeHandler extends WebSocketUpgradeHandler {

    private static final Logger log = LoggerFactory.getLogger(StreamUpgradeHandler.class);

    /** Kubectl sends up to 32 KiB of stdin a message; room for more than that. */
    private static final long MAX_MESSAGE = 1024 * 1024;

    private static final String SPDY = "SPDY/3.1";
    private static final String PROTOCOL_VERSION = "X-Stream-Protocol-Version";
    private static final String ACCEPTED_VERSIONS = "X-Accepted-Stream-Protocol-Versions";

    private final PodStreams pods;
    private final HttpClient kubelets;
    private final StreamTimeouts timeouts;

    public StreamUpgradeHandler(Server server, PodStreams pods, HttpClient kubelets, StreamTimeouts timeouts, Handler next) {
        super(ServerWebSocketContainer.ensure(server), container -> {
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.setMaxTextMessageSize(MAX_MESSAGE);
        });
        this.pods = pods;
        this.kubelets = kubelets;
        this.timeouts = timeouts;
        setHandler(next);
    }

    private enum Upgrade { WEBSOCKET, SPDY }

    @Override
    protected boolean handle(ServerWebSocketContainer container, Request request, Response response, Callback callback) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        Upgrade kind = upgrade == null ? null
                : upgrade.equalsIgnoreCase("websocket") ? Upgrade.WEBSOCKET
                : upgrade.toUpperCase(Locale.ROOT).contains(SPDY) ? Upgrade.SPDY : null;
        if (kind == null) return false;
        RequestInfo info;
        try {
            info = RequestInfo.parse(request.getHttpURI().getDecodedPath());
        } catch (StatusException e) {
            return false;
        }
        if (info == null || !info.group().isEmpty() || !"pods".equals(info.resource()) || info.namespace() == null
                || info.name() == null || PodStreams.Kind.of(info.subresource()) == null) {
            return false;
        }
        // Reaching the kubelet blocks; Jetty's own threads must not.
        Thread.ofVirtual().name("exec-upgrade").start(() -> serve(kind, info, container, request, response, callback));
        return true;
    }

    private void serve(Upgrade kind, RequestInfo info, ServerWebSocketContainer container, Request request, Response response,
                       Callback callback) {
        KubeletStream kubelet = null;
        try {
            Exchange ex = new Exchange(request, response);
            PodStreams.Target target = pods.locate(ex, PodStreams.Kind.of(info.subresource()), info.namespace(), info.name());
            ChannelProtocol channels = kind == Upgrade.WEBSOCKET ? websocketProtocol(request) : null;
            ProtocolVersion version = kind == Upgrade.SPDY ? spdyVersion(request, response) : null;
            if (kind == Upgrade.SPDY && request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
                throw StatusException.badRequest("an upgrade to SPDY/3.1 needs HTTP/1.1");
            }
            kubelet = KubeletStream.connect(kubelets, target.kubelet(), timeouts.kubeletConnect());
            StreamSession session = new StreamSession(kubelet, target);
            log.debug("{} {}/{} container {} over {}", target.kind().path(), target.namespace(), target.pod(), target.container(),
                    channels != null ? "WebSocket " + channels.name() : "SPDY " + version.id());
            if (channels != null) {
                upgradeWebSocket(container, channels, session, request, response, callback);
            } else {
                upgradeSpdy(version, session, request, response, callback);
            }
        } catch (StatusException e) {
            if (kubelet != null) kubelet.abort();
            respond(response, callback, e.code(), "application/json", Json.write(e.toStatus()));
        } catch (KubeletStream.Refused r) {
            respond(response, callback, r.code, r.contentType, r.body);
        } catch (RuntimeException e) {
            if (kubelet != null) kubelet.abort();
            log.warn("Upgrading {} failed", request.getHttpURI().getPathQuery(), e);
            Response.writeError(request, response, callback, e);
        }
    }

    /** Upstream's wsstream handshake; a client asking only for others is refused before any upgrade. */
    private static ChannelProtocol websocketProtocol(Request request) {
        List<String> offered = request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, false);
        return ChannelProtocol.negotiate(offered, ChannelProtocol.ALL).orElseThrow(() -> new StatusException(403, "Forbidden",
                "requested protocol(s) are not supported: " + offered + "; supports "
                        + ChannelProtocol.ALL.stream().map(ChannelProtocol::name).toList(), null, null, List.of()));
    }

    /** Upstream's httpstream.Handshake: none asked for is v1; none in common is a 403 naming ours. */
    private static ProtocolVersion spdyVersion(Request request, Response response) {
        List<String> offered = request.getHeaders().getCSV(PROTOCOL_VERSION, false);
        if (offered.isEmpty()) return ProtocolVersion.V1;
        return ProtocolVersion.negotiate(offered, ProtocolVersion.SPDY).orElseThrow(() -> {
            for (ProtocolVersion v : ProtocolVersion.SPDY) response.getHeaders().add(ACCEPTED_VERSIONS, v.id());
            return new StatusException(403, "Forbidden", "unable to upgrade: unable to negotiate protocol: client supports "
                    + offered + ", server accepts " + ProtocolVersion.SPDY.stream().map(ProtocolVersion::id)
                    .collect(Collectors.joining(" ", "[", "]")), null, null, List.of());
        });
    }

    private void upgradeWebSocket(ServerWebSocketContainer container, ChannelProtocol channels, StreamSession session,
                                  Request request, Response response, Callback callback) {
        boolean upgraded = container.upgrade((upgradeRequest, upgradeResponse, cb) -> {
            if (!channels.name().isEmpty()) upgradeResponse.setAcceptedSubProtocol(channels.name());
            return new WebSocketClientStreams(channels, session);
        }, request, response, callback);
        if (!upgraded) {
            session.clientGone();
            throw StatusException.badRequest("invalid WebSocket upgrade request");
        }
    }

    /** Answers 101 and has Jetty swap the HTTP/1.1 connection for a {@link SpdyConnection} once it is sent. */
    private void upgradeSpdy(ProtocolVersion version, StreamSession session, Request request, Response response, Callback callback) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        SpdyConnection connection = new SpdyConnection(endPoint, request.getComponents().getExecutor(),
                c -> new SpdyClientStreams(c, version, session, timeouts).run());
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.UPGRADE, SPDY);
        if (version != ProtocolVersion.V1 || request.getHeaders().contains(PROTOCOL_VERSION)) {
            response.getHeaders().put(PROTOCOL_VERSION, version.id());
        }
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        callback.succeeded();
    }

    private static void respond(Response response, Callback callback, int code, String contentType, String body) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
