package io.j8s.apiserver.remotecommand;

import io.j8s.api.remotecommand.ChannelProtocol;
import io.j8s.api.remotecommand.StreamStatus;
import io.j8s.api.remotecommand.StreamType;
import io.j8s.apiserver.http.PodStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec or attach: the kubelet's v5 stream on one side, the client's streams on the other.
 * {@link #pump} carries the kubelet's output to the client until the kubelet ends the stream,
 * then hands the client the Status the kubelet wrote on the error channel; the client's
 * adapter calls {@link #stdin}, {@link #closeStdin}, {@link #resize} as its input arrives, and
 * {@link #clientGone} when the client disappears, which drops the kubelet's stream too.
 */
final class StreamSession {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);

    private final KubeletStream kubelet;
    private final PodStreams.Target target;

    StreamSession(KubeletStream kubelet, PodStreams.Target target) {
        this.kubelet = kubelet;
        this.target = target;
    }

    PodStreams.Options options() {
        return target.options();
    }

    void stdin(byte[] data) {
        if (!options().stdin()) return;
        try {
            kubelet.stdin(data);
        } catch (IOException e) {
            // The pump hears of a broken kubelet stream and ends the session; nothing to add here.
            log.debug("stdin for {}/{} not delivered: {}", target.namespace(), target.pod(), e.getMessage());
        }
    }

    void closeStdin() {
        if (!options().stdin()) return;
        try {
            kubelet.closeStdin();
        } catch (IOException e) {
            log.debug("stdin close for {}/{} not delivered: {}", target.namespace(), target.pod(), e.getMessage());
        }
    }

    void resize(byte[] json) {
        if (!options().tty()) return;
        try {
            kubelet.resize(json);
        } catch (IOException e) {
            log.debug("resize for {}/{} not delivered: {}", target.namespace(), target.pod(), e.getMessage());
        }
    }

    void clientGone() {
        kubelet.abort();
    }

    /** Runs on the caller's (virtual) thread until the session ends. */
    void pump(ClientStreams client) {
        StreamStatus status;
        try {
            status = relay(client);
        } catch (IOException e) {
            log.debug("The client of {} {}/{} went away: {}", target.kind().path(), target.namespace(), target.pod(), e.getMessage());
            kubelet.abort();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kubelet.abort();
            return;
        }
        client.finish(status);
    }

    private StreamStatus relay(ClientStreams client) throws IOException, InterruptedException {
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        while (true) {
            switch (kubelet.next()) {
                case KubeletStream.Message m -> {
                    Optional<ChannelProtocol.Frame> f = ChannelProtocol.V5.decode(m.bytes());
                    if (f.isEmpty() || f.get().data().length == 0) continue;
                    byte[] data = f.get().data();
                    int channel = f.get().channel();
                    // Only output and the error channel flow this way; anything else from a kubelet is dropped.
                    if (channel == StreamType.STDOUT.channel() && options().stdout()) {
                        client.write(StreamType.STDOUT, data);
                    } else if (channel == StreamType.STDERR.channel() && options().stderr()) {
                        client.write(StreamType.STDERR, data);
                    } else if (channel == StreamType.ERROR.channel()) {
                        error.writeBytes(data);
                    }
                }
                case KubeletStream.Closed c -> {
                    return ended(error, c.code() == 1000 ? null : "the kubelet closed the stream with code " + c.code()
                            + (c.reason().isEmpty() ? "" : ": " + c.reason()));
                }
                case KubeletStream.Failed f -> {
                    return ended(error, "error reading from the kubelet: " + f.cause().getMessage());
                }
            }
        }
    }

    /** The kubelet's Status if it wrote one; else Success after a normal close, or the failure. */
    private static StreamStatus ended(ByteArrayOutputStream error, String failure) {
        if (error.size() > 0) {
            try {
                return StreamStatus.parse(error.toByteArray());
            } catch (IllegalArgumentException e) {
                return StreamStatus.internalError("error stream protocol error: " + error.toString(StandardCharsets.UTF_8));
            }
        }
        return failure == null ? StreamStatus.success() : StreamStatus.internalError(failure);
    }
}
