package io.j8s.kubelet.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /exec/{ns}/{pod}/{container}} and {@code /attach/…}: the streaming endpoints the API
 * server's pods/exec and pods/attach reach (WebSocket {@code v5.channel.k8s.io}). The seam where
 * the exec server plugs in; until then the kubelet answers that it does not serve them.
 */
public interface Streaming {

    /** Serves one exec or attach request; {@code kind} is "exec" or "attach". */
    boolean handle(String kind, String namespace, String pod, String container, Request request, Response response, Callback callback)
            throws Exception;

    Streaming NOT_YET = (kind, ns, pod, container, request, response, callback) -> {
        KubeletServer.text(response, callback, 501, kind + " is not served by this kubelet yet");
        return true;
    };
}
