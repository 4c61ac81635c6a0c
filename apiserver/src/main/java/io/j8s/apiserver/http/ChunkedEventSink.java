package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A watch as a plain HTTP response: one JSON event per line, in chunks, until the last one. */
final class ChunkedEventSink implements EventSink {

    private final Exchange ex;

    ChunkedEventSink(Exchange ex) {
        this.ex = ex;
        ex.startStream("application/json");
    }

    @Override
    public void send(ObjectNode event) {
        ex.write(false, ByteBuffer.wrap((Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void end() {
        ex.write(true, ByteBuffer.allocate(0));
    }

    @Override
    public void onClientGone(Runnable action) {
        ex.request().addFailureListener(failure -> action.run());
    }
}
