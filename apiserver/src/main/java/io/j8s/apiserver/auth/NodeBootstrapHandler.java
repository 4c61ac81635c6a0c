package io.j8s.apiserver.auth;

import io.j8s.apiserver.tls.CertificateRequest;
import io.j8s.apiserver.tls.ClusterCa;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an agent that holds only the node token becomes {@code system:node:<name>}; k3s's
 * supervisor endpoints, with the key kept on the node as in upstream's kubelet TLS bootstrap.
 * Sits behind the auth filters; declines every other request (returns false) so it can lead a
 * {@code Handler.Sequence}.
 *
 * <ol>
 *   <li>{@code GET /cacerts} (anonymous): the cluster CA in PEM. The agent checks its public-key
 *       hash against the one in its node token before trusting it.
 *   <li>{@code POST /v1-j8s/client-kubelet.crt} with {@code Authorization: Bearer <node token>}
 *       and a PEM PKCS#10 request for CN {@code system:node:<name>}, O {@code system:nodes}:
 *       answers the signed client certificate in PEM. A node may also renew its own certificate
 *       by calling with it.
 *   <li>{@code POST /v1-j8s/serving-kubelet.crt}, the same way, with a request that also names
 *       the node's DNS names and IPs (subject alternative names): answers the serving
 *       certificate of the kubelet's own HTTPS port (upstream's kubelet-serving signer), which
 *       the API server checks against the cluster CA when it fetches logs or execs.
 * </ol>
 *
 * <p>Like k3s without its node passwords, anyone holding the node token may claim any node
 * name; the token is a cluster-join secret and must be kept like one.
 */
public final class NodeBootstrapHandler extends Handler.Abstract {

    public static final String CA_CERTS_PATH = "/cacerts";
    public static final String CLIENT_KUBELET_PATH = "/v1-j8s/client-kubelet.crt";
    public static final String SERVING_KUBELET_PATH = "/v1-j8s/serving-kubelet.crt";
    static final String PEM_TYPE = "application/x-pem-file";
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    /** A node name is a DNS-1123 subdomain. */
    private static final Pattern NODE_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Logger LOG = LoggerFactory.getLogger(NodeBootstrapHandler.class);

    private final ClusterCa ca;
    private final String caPem;

    public NodeBootstrapHandler(ClusterCa ca) {
        this.ca = ca;
        this.caPem = ClusterCa.pem(ca.certificate());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var path = Request.getPathInContext(request);
        if (path.equals(CA_CERTS_PATH) && request.getMethod().equals("GET")) {
            writePem(response, callback, caPem);
            return true;
        }
        if (path.equals(CLIENT_KUBELET_PATH) && request.getMethod().equals("POST")) {
            signNode(request, response, callback, false);
            return true;
        }
        if (path.equals(SERVING_KUBELET_PATH) && request.getMethod().equals("POST")) {
            signNode(request, response, callback, true);
            return true;
        }
        return false;
    }

    private void signNode(Request request, Response response, Callback callback, boolean serving) throws IOException {
        var user = UserInfo.of(request).orElseThrow(
                () -> new IllegalStateException("NodeBootstrapHandler must run inside AuthenticationFilter"));
        var attributes = RequestAttributes.nonResource("post", serving ? SERVING_KUBELET_PATH : CLIENT_KUBELET_PATH);
        byte[] body;
        try (var in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_REQUEST_BYTES) {
            StatusResponses.badRequest(response, callback, "certificate request larger than " + MAX_REQUEST_BYTES + " bytes");
            return;
        }
        CertificateRequest csr;
        try {
            csr = CertificateRequest.parsePem(new String(body, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            StatusResponses.badRequest(response, callback, e.getMessage());
            return;
        }
        var subject = csr.subject();
        var cn = subject.commonName();
        if (!cn.startsWith(UserInfo.NODE_PREFIX) || !NODE_NAME.matcher(cn.substring(UserInfo.NODE_PREFIX.length())).matches()
                || !subject.organizations().equals(List.of(UserInfo.NODES))) {
            StatusResponses.badRequest(response, callback, "a node's certificate request is for CN "
                    + UserInfo.NODE_PREFIX + "<node name>, O " + UserInfo.NODES + ", not " + subject);
            return;
        }
        // The node token may bootstrap any node; a node's own certificate may only renew itself.
        if (!user.inGroup(NodeToken.BOOTSTRAPPERS) && !user.name().equals(cn)) {
            StatusResponses.forbidden(response, callback, user, attributes, "may not obtain a certificate for " + cn);
            return;
        }
        if (serving && csr.dnsNames().isEmpty() && csr.ips().isEmpty()) {
            StatusResponses.badRequest(response, callback, "a kubelet's serving certificate request names its DNS names or IPs");
            return;
        }
        var certificate = serving ? ca.signServing(csr) : ca.signClient(csr);
        LOG.info("Signed {} certificate for {} (requested by {}) DNS={} IP={}, valid until {}", serving ? "serving" : "client", cn,
                user.name(), csr.dnsNames(), csr.ips().stream().map(java.net.InetAddress::getHostAddress).toList(),
                certificate.getNotAfter().toInstant());
        writePem(response, callback, ClusterCa.pem(certificate));
    }

    private static void writePem(Response response, Callback callback, String pem) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PEM_TYPE);
        response.write(true, ByteBuffer.wrap(pem.getBytes(StandardCharsets.US_ASCII)), callback);
    }
}
