package io.j8s.apiserver;

import io.j8s.apiserver.auth.AlwaysAllowAuthenticated;
import io.j8s.apiserver.auth.AuthenticationFilter;
import io.j8s.apiserver.auth.AuthorizationFilter;
import io.j8s.apiserver.auth.NodeBootstrapHandler;
import io.j8s.apiserver.auth.NodeToken;
import io.j8s.apiserver.auth.RequestAttributes;
import io.j8s.apiserver.auth.TokenAuthenticator;
import io.j8s.apiserver.auth.UnionAuthenticator;
import io.j8s.apiserver.auth.UserInfo;
import io.j8s.apiserver.auth.X509Authenticator;
import io.j8s.apiserver.http.RequestInfo;
import io.j8s.apiserver.tls.ClusterCa;
import io.j8s.apiserver.tls.IssuedCertificate;
import io.j8s.apiserver.tls.Kubeconfig;
import io.j8s.apiserver.tls.ServingNames;
import io.j8s.apiserver.tls.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * "TLS from the start": the cluster CA, the serving certificate, the admin's kubeconfig and the
 * node token in a server's data directory, and the HTTPS listener and auth filters made of them.
 */
public final class Secure {

    private final ClusterCa ca;
    private final IssuedCertificate serving;
    private final NodeToken nodeToken;
    private final IssuedCertificate kubeletClient;

    private Secure(ClusterCa ca, IssuedCertificate serving, NodeToken nodeToken, IssuedCertificate kubeletClient) {
        this.ca = ca;
        this.serving = serving;
        this.nodeToken = nodeToken;
        this.kubeletClient = kubeletClient;
    }

    /** Upstream's {@code --kubelet-client-certificate} subject, as kubeadm issues it. */
    public static final String KUBELET_CLIENT_CN = "kube-apiserver-kubelet-client";

    /**
     * Creates, or reuses, everything under {@code dataDir}: {@code tls/}, {@code node-token} and
     * {@code kubeconfig} (admin, HTTPS to the advertise address).
     */
    public static Secure prepare(Path dataDir, String advertiseAddress, int port) {
        return prepare(dataDir, advertiseAddress, port, "10.96.0.1");
    }

    /**
     * As {@link #prepare(Path, String, int)}, with the {@code kubernetes} Service's address (the
     * first of {@code --service-cluster-ip-range}) among the serving certificate's names, as
     * upstream, so in-cluster clients that dial it verify the server.
     */
    public static Secure prepare(Path dataDir, String advertiseAddress, int port, String kubernetesServiceIp) {
        try {
            Path tls = Files.createDirectories(dataDir.resolve("tls"));
            ClusterCa ca = ClusterCa.loadOrCreate(tls);
            InetAddress advertise = InetAddress.getByName(advertiseAddress);
            ServingNames names = ServingNames.apiServer(advertise, InetAddress.getByName(kubernetesServiceIp), List.of());
            IssuedCertificate serving = ca.issueServing("kube-apiserver", names.dnsNames(), names.ips(),
                    tls.resolve("serving-kube-apiserver.crt"), tls.resolve("serving-kube-apiserver.key"));
            IssuedCertificate admin = ca.issueClient("system:admin", List.of("system:masters"),
                    tls.resolve("client-admin.crt"), tls.resolve("client-admin.key"));
            IssuedCertificate kubeletClient = ca.issueClient(KUBELET_CLIENT_CN, List.of("system:masters"),
                    tls.resolve("client-kube-apiserver-kubelet.crt"), tls.resolve("client-kube-apiserver-kubelet.key"));
            NodeToken token = NodeToken.loadOrCreate(dataDir.resolve("node-token"), ca.certificate());
            String host = advertise instanceof java.net.Inet6Address ? "[" + advertiseAddress + "]" : advertiseAddress;
            Kubeconfig.write(dataDir.resolve("kubeconfig"), "j8s", "https://" + host + ":" + port, ca.certificateFile(),
                    admin.certFile(), admin.keyFile());
            return new Secure(ca, serving, token, kubeletClient);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare TLS in " + dataDir, e);
        }
    }

    public Function<Server, ServerConnector> listener(String host, int port) {
        SslContextFactory.Server context = Tls.serverContext(serving.certFile(), serving.keyFile(), ca.certificateFile());
        return server -> Tls.httpsConnector(server, context, host, port);
    }

    /** Authentication (client certificates, the node token), authorization, and the node join endpoints. */
    public UnaryOperator<Handler> filters() {
        return filters(Map.of());
    }

    /** As {@link #filters()}, also accepting {@code staticTokens} ({@code --token-auth-file}). */
    public UnaryOperator<Handler> filters(Map<String, UserInfo> staticTokens) {
        Map<String, UserInfo> tokens = new HashMap<>(staticTokens);
        tokens.putAll(nodeToken.bearerTokens());
        return api -> new AuthenticationFilter(
                UnionAuthenticator.of(new X509Authenticator(ca.certificate()), new TokenAuthenticator(tokens)),
                new AuthorizationFilter(new AlwaysAllowAuthenticated(), Secure::attributes,
                        new Handler.Sequence(new NodeBootstrapHandler(ca), api)));
    }

    /** What authorization sees of a request: its resource and verb, as upstream's RequestInfo gives them. */
    static RequestAttributes attributes(Request request) {
        String path = Request.getPathInContext(request);
        RequestInfo info;
        try {
            info = RequestInfo.parse(path);
        } catch (StatusException e) {
            info = null;
        }
        if (info == null) return RequestAttributes.nonResource(request.getMethod().toLowerCase(Locale.ROOT), path);
        org.eclipse.jetty.util.Fields.Field watch = Request.extractQueryParameters(request).get("watch");
        String verb = info.verb(request.getMethod(), RequestInfo.isWatch(watch == null ? null : watch.getValue()));
        return new RequestAttributes(verb, info.group(), info.resource(), info.subresource(), info.namespace(), info.name(), path);
    }

    /** What the server presents to kubelets (pods/log), trusting the cluster CA for their serving certificates. */
    public SSLContext kubeletClientContext() {
        return Tls.clientContext(ca.certificateFile(), kubeletClient.certFile(), kubeletClient.keyFile());
    }

    public NodeToken nodeToken() {
        return nodeToken;
    }
}
