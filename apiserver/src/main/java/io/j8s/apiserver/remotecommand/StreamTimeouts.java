package io.j8s.apiserver.remotecommand;

import java.time.Duration;
import java.util.Objects;

/**
 * How long exec and attach wait.
 *
 * @param kubeletConnect for the kubelet to accept the stream
 * @param streamCreation for a SPDY client to open all its streams (upstream's 30 s)
 * @param finish for the client to close its connection after the end has been sent
 */
public record StreamTimeouts(Duration kubeletConnect, Duration streamCreation, Duration finish) {

    public static final StreamTimeouts DEFAULTS = new StreamTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));

    public StreamTimeouts {
        Objects.requireNonNull(kubeletConnect, "kubeletConnect");
        Objects.requireNonNull(streamCreation, "streamCreation");
        Objects.requireNonNull(finish, "finish");
    }
}
