package io.j8s.api.remotecommand;

import java.io.IOException;

/** Bytes that are not SPDY/3.1: the connection cannot go on (a GOAWAY with PROTOCOL_ERROR). */
public final class SpdyProtocolException extends IOException {

    public SpdyProtocolException(String message) {
        super(message);
    }

    public SpdyProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
