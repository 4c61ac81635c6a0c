package io.j8s.apiserver.http;

import java.nio.ByteBuffer;
import java.util.List;

/** A watch as a plain HTTP response: one JSON event per line, in chunks, until the last one. */
final class ChunkedEventSink implements EventSink {

    private final Exchange ex;

    ChunkedEventSink(Exchange ex) {
        this.ex = ex;
        ex.startStream("application/json");
    }

    @Override
    public void begin() {
        ex.write(false, ByteBuffer.allocate(0));
    }

    /**
     * All the lines in one write: a busy watch costs one chunk per batch, not one per event. A
     * single line goes out as it is, without a copy: an event's encoded line is shared by every
     * watcher it goes to, and a copy for each was a third of the bytes a busy fan-out allocated.
     * Nothing writes into the array; each write reads it through a buffer of its own.
     */
    @Override
    public void send(List<byte[]> lines) {
        if (lines.size() == 1) {
            ex.write(false, ByteBuffer.wrap(lines.getFirst()));
            return;
        }
        int size = 0;
        for (byte[] line : lines) size += line.length;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] line : lines) buffer.put(line);
        ex.write(false, buffer.flip());
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
