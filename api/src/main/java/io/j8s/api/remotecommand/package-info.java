/**
 * The remote command protocols of {@code pods/exec} and {@code pods/attach} as plain bytes, for
 * both ends: the API server, which terminates the client's protocol, and the kubelet, which
 * serves {@code v5.channel.k8s.io} to the API server.
 *
 * <ul>
 *   <li>{@link StreamType}: the five streams (stdin 0, stdout 1, stderr 2, error 3, resize 4),
 *       their WebSocket channel numbers and SPDY {@code streamType} header values;</li>
 *   <li>{@link ProtocolVersion}: what each version of the stream protocol adds (resize in v3,
 *       the Status on the error stream in v4, the CLOSE signal in v5);</li>
 *   <li>{@link ChannelProtocol}: the WebSocket subprotocols ({@code v5.channel.k8s.io} …
 *       {@code base64.channel.k8s.io}) and their message framing;</li>
 *   <li>{@link StreamStatus}: the {@code metav1.Status} written on the error stream when the
 *       command ends (Success, or NonZeroExitCode with an ExitCode cause);</li>
 *   <li>{@link SpdyFrame}, {@link SpdyFrameReader}, {@link SpdyFrameWriter}: SPDY/3.1 framing with
 *       its zlib-compressed header blocks, for clients that still speak SPDY.</li>
 * </ul>
 *
 * The wire formats are upstream's: k8s.io/apimachinery's {@code httpstream/wsstream} and
 * {@code util/remotecommand}, client-go's {@code tools/remotecommand}, moby/spdystream.
 */
package io.j8s.api.remotecommand;
