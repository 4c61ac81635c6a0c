package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a watch's events go. {@link WatchStream} decides what is sent; a sink is only the
 * transport: a chunked HTTP response ({@link ChunkedEventSink}) or a WebSocket
 * ({@link WatchSocket}), as kube-apiserver's watch handler serves both.
 */
interface EventSink {

    /**
     * Sends one {@code {"type":…,"object":…}} event and waits until it is handed to the network.
     *
     * @throws Exchange.ClientGoneException if the client has left
     */
    void send(ObjectNode event);

    /** Ends the watch normally: the last chunk of the response, or a normal close. */
    void end();

    /** Runs {@code action} once the client leaves; at once if it already has. */
    void onClientGone(Runnable action);
}
