package io.j8s.apiserver.remotecommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.FutureCallback;

/**
 * What an HTTP/1.1 connection becomes after {@code 101 Switching Protocols} to SPDY/3.1: Jetty
 * hands it the connection's endpoint (TLS already undone) and the bytes that came after the
 * request, and it offers them as a blocking stream to one virtual thread, which reads frames;
 * writes block until Jetty has flushed them.
 */
final class SpdyConnection extends AbstractConnection implements Connection.UpgradeTo {

    private final Consumer<SpdyConnection> session;
    private ByteBuffer prefilled;

    /** @param session run on a virtual thread of its own once the connection is open */
    SpdyConnection(EndPoint endPoint, Executor executor, Consumer<SpdyConnection> session) {
        super(endPoint, executor);
        this.session = session;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) prefilled = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
    }

    @Override
    public void onOpen() {
        super.onOpen();
        Thread.ofVirtual().name("exec-spdy").start(() -> session.accept(this));
    }

    @Override
    public void onFillable() {
        // Reads are pulled by input(), which asks the endpoint for them itself.
    }

    /** The client's bytes; read from one thread only. */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (prefilled != null && prefilled.hasRemaining()) {
                    int n = Math.min(len, prefilled.remaining());
                    prefilled.get(b, off, n);
                    return n;
                }
                ByteBuffer into = ByteBuffer.wrap(b, off, len).slice().limit(0);
                while (true) {
                    int n = getEndPoint().fill(into);
                    if (n != 0) return n;
                    FutureCallback readable = new FutureCallback();
                    getEndPoint().fillInterested(readable);
                    readable.block();
                }
            }
        };
    }

    /** Writes {@code bytes} and returns once they are flushed. */
    void write(byte[] bytes) throws IOException {
        FutureCallback written = new FutureCallback();
        getEndPoint().write(written, ByteBuffer.wrap(bytes));
        written.block();
    }

    /** Half-closes: the client reads to the end, then closes its side. */
    void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }
}
