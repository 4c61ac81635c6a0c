package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import java.io.IOException;

/** The client's end of a session, whatever it speaks (WebSocket channels or SPDY streams). */
interface ClientStreams {

    /**
     * Sends stdout or stderr data, returning when it is on its way.
     *
     * @throws IOException when the client is gone
     */
    void write(StreamType stream, byte[] data) throws IOException;

    /**
     * The command has ended: writes {@code status} on the error stream in the client's protocol,
     * ends the output streams and then the connection. Never throws: a client that went away
     * meanwhile has nothing left to be told.
     */
    void finish(StreamStatus status);
}
