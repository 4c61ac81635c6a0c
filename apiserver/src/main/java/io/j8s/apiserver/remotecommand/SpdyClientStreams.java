package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.ProtocolVersion;
import io.j8s.api.remotecommand.SpdyFrame;
import io.j8s.api.remotecommand.SpdyFrameReader;
import io.j8s.api.remotecommand.SpdyFrameWriter;
import io.j8s.api.remotecommand.SpdyProtocolException;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's end over SPDY/3.1, as upstream's kubelet serves it (httpstream/spdy and the
 * remotecommand server): the client opens one stream per {@code streamType} (error, stdin,
 * stdout, stderr, resize) and each is answered with a SYN_REPLY at once; when all the expected
 * ones are open, the session starts. Pings from the client are echoed; flow control is not
 * enforced by either side (spdystream ignores WINDOW_UPDATE). At the end the output streams are
 * closed with FIN, the Status goes on the error stream, a GOAWAY follows, and the connection is
 * half-closed until the client closes it.
 */
final class SpdyClientStreams implements ClientStreams {

    private static final Logger log = LoggerFactory.getLogger(SpdyClientStreams.class);

    /** Output is cut into data frames of at most this much, well under SPDY's 16 MiB. */
    static final int MAX_FRAME_DATA = 64 * 1024;

    /** Timers fire onto virtual threads, never the common pool, which may be busy with blocking work. */
    private static final java.util.concurrent.Executor VIRTUAL = r -> Thread.ofVirtual().name("exec-spdy-timer").start(r);

    private final SpdyConnection connection;
    private final ProtocolVersion version;
    private final StreamSession session;
    private final StreamTimeouts timeouts;
    private final Set<StreamType> expected;
    private final SpdyFrameWriter writer = new SpdyFrameWriter();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Stream ids by type, and the highest id the client opened; written by the reading thread only. */
    private final Map<StreamType, Integer> streams = new EnumMap<>(StreamType.class);
    private volatile int lastStreamId;

    SpdyClientStreams(SpdyConnection connection, ProtocolVersion version, StreamSession session, StreamTimeouts timeouts) {
        this.connection = connection;
        this.version = version;
        this.session = session;
        this.timeouts = timeouts;
        this.expected = expectedStreams(session, version);
    }

    /** Upstream's count: error always, and stdin, stdout, stderr, resize as asked (resize from v3 on). */
    private static Set<StreamType> expectedStreams(StreamSession session, ProtocolVersion version) {
        Set<StreamType> s = EnumSet.of(StreamType.ERROR);
        if (session.options().stdin()) s.add(StreamType.STDIN);
        if (session.options().stdout()) s.add(StreamType.STDOUT);
        if (session.options().stderr()) s.add(StreamType.STDERR);
        if (session.options().tty() && version.resizes()) s.add(StreamType.RESIZE);
        return s;
    }

    /** Reads the client's frames until it closes the connection; runs on the connection's thread. */
    void run() {
        CompletableFuture.delayedExecutor(timeouts.streamCreation().toMillis(), TimeUnit.MILLISECONDS, VIRTUAL).execute(() -> {
            if (!started.get() && finished.compareAndSet(false, true)) {
                log.info("Timed out waiting for the client to create streams {} (got {})", expected, streams.keySet());
                session.clientGone();
                connection.close();
            }
        });
        SpdyFrameReader reader = new SpdyFrameReader(new BufferedInputStream(connection.input()));
        try {
            for (SpdyFrame f; (f = reader.read()) != null; ) handle(f);
        } catch (SpdyProtocolException e) {
            log.info("Ending an exec session: the client sent bad SPDY: {}", e.getMessage());
            try {
                send(new SpdyFrame.GoAway(lastStreamId, SpdyFrame.GOAWAY_PROTOCOL_ERROR));
            } catch (IOException ignored) {
                // Closing anyway.
            }
        } catch (IOException e) {
            log.debug("The SPDY client's connection ended: {}", e.getMessage());
        }
        if (finished.compareAndSet(false, true)) session.clientGone();
        connection.close();
    }

    private void handle(SpdyFrame frame) throws IOException {
        switch (frame) {
            case SpdyFrame.SynStream s -> open(s);
            case SpdyFrame.Data d -> {
                Optional<StreamType> type = typeOf(d.streamId());
                if (type.isEmpty()) return;
                switch (type.get()) {
                    case STDIN -> {
                        session.stdin(d.data());
                        if (d.fin()) session.closeStdin();
                    }
                    case RESIZE -> session.resize(d.data());
                    default -> { }
                }
            }
            case SpdyFrame.RstStream r -> {
                if (typeOf(r.streamId()).orElse(null) == StreamType.STDIN) session.closeStdin();
            }
            case SpdyFrame.Ping p -> {
                // Odd ids are the client's own pings (client-go sends one every 5 s): echo them.
                if ((p.id() & 1) == 1) send(p);
            }
            case SpdyFrame.GoAway g -> { }
            case SpdyFrame.Settings s -> { }
            case SpdyFrame.WindowUpdate w -> { }
            case SpdyFrame.Headers h -> { }
            case SpdyFrame.SynReply r -> { }
        }
    }

    private void open(SpdyFrame.SynStream s) throws IOException {
        Optional<StreamType> type = StreamType.ofHeader(s.header(StreamType.SPDY_HEADER));
        if (type.isEmpty() || !expected.contains(type.get()) || streams.containsKey(type.get())) {
            log.debug("Refusing SPDY stream {} of type {}", s.streamId(), s.header(StreamType.SPDY_HEADER));
            send(new SpdyFrame.RstStream(s.streamId(), SpdyFrame.REFUSED_STREAM));
            return;
        }
        streams.put(type.get(), s.streamId());
        lastStreamId = Math.max(lastStreamId, s.streamId());
        send(new SpdyFrame.SynReply(s.streamId(), 0, Map.of()));
        if (s.fin() && type.get() == StreamType.STDIN) session.closeStdin();
        if (streams.keySet().containsAll(expected) && started.compareAndSet(false, true) && !finished.get()) {
            Thread.ofVirtual().name("exec-spdy-output").start(() -> session.pump(this));
        }
    }

    private Optional<StreamType> typeOf(int streamId) {
        for (Map.Entry<StreamType, Integer> e : streams.entrySet()) {
            if (e.getValue() == streamId) return Optional.of(e.getKey());
        }
        return Optional.empty();
    }

    @Override
    public void write(StreamType stream, byte[] data) throws IOException {
        Integer id = streams.get(stream);
        if (id == null) return;
        for (int off = 0; off < data.length; off += MAX_FRAME_DATA) {
            send(new SpdyFrame.Data(id, 0, Arrays.copyOfRange(data, off, Math.min(data.length, off + MAX_FRAME_DATA))));
        }
    }

    @Override
    public void finish(StreamStatus status) {
        if (!finished.compareAndSet(false, true)) return;
        try {
            for (StreamType t : new StreamType[] {StreamType.STDOUT, StreamType.STDERR}) end(t, new byte[0]);
            end(StreamType.ERROR, status.forErrorStream(version));
            for (StreamType t : new StreamType[] {StreamType.STDIN, StreamType.RESIZE}) end(t, new byte[0]);
            send(new SpdyFrame.GoAway(lastStreamId, SpdyFrame.GOAWAY_OK));
            connection.shutdownOutput();
        } catch (IOException e) {
            connection.close();
            return;
        }
        // The client closes once it has read everything; one that does not is closed on.
        CompletableFuture.delayedExecutor(timeouts.finish().toMillis(), TimeUnit.MILLISECONDS, VIRTUAL).execute(connection::close);
    }

    /** Sends what is left on a stream, then FIN. */
    private void end(StreamType stream, byte[] last) throws IOException {
        Integer id = streams.get(stream);
        if (id == null) return;
        if (last.length > 0) write(stream, last);
        send(new SpdyFrame.Data(id, SpdyFrame.FLAG_FIN, new byte[0]));
    }

    /** One writer at a time: frames leave in the order their header blocks were compressed. */
    private synchronized void send(SpdyFrame frame) throws IOException {
        connection.write(writer.encode(frame));
    }
}
