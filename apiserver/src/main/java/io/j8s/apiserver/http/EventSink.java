package io.j8s.apiserver.http;

import java.util.List;

/**
 * Where a watch's events go. {@link WatchStream} decides what is sent; a sink is only the
 * transport: a chunked HTTP response ({@link ChunkedEventSink}) or a WebSocket
 * ({@link WatchSocket}), as kube-apiserver's watch handler serves both.
 */
interface EventSink {

    /**
     * Sends events, each one {@code {"type":…,"object":…}} line of JSON ending in a newline, and
     * waits until they are handed to the network.
     *
     * @throws Exchange.ClientGoneException if the client has left
     */
    void send(List<byte[]> lines);

    /**
     * The watch is established: its response starts now, before any event, as kube-apiserver
     * flushes a watch's headers at once (a client-go reflector waits for them before it counts
     * its watch as started). Nothing to do for a WebSocket, whose upgrade answered already.
     *
     * @throws Exchange.ClientGoneException if the client has left
     */
    default void begin() {}

    /** Ends the watch normally: the last chunk of the response, or a normal close. */
    void end();

    /** Runs {@code action} once the client leaves; at once if it already has. */
    void onClientGone(Runnable action);
}
