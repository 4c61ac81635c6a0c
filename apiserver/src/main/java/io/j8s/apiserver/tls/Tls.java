package io.j8s.apiserver.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS for the API server (Jetty) and for Java clients of it.
 *
 * <p>The server side is two calls:
 * <pre>{@code
 * var tls = Tls.serverContext(servingCert, servingKey, ca.certificateFile());
 * server.addConnector(Tls.httpsConnector(server, tls, "0.0.0.0", 6443));
 * }</pre>
 * The connector is TLS → ALPN → {HTTP/2, HTTP/1.1}: {@link SslConnectionFactory} hands the
 * decrypted bytes to {@link ALPNServerConnectionFactory} (its JDK implementation comes from
 * jetty-alpn-java-server through the ServiceLoader), which picks {@code h2}
 * ({@link HTTP2ServerConnectionFactory}) when the client offers it, as kubectl and client-go
 * do, and {@code http/1.1} ({@link HttpConnectionFactory}) otherwise. Both share one
 * {@link HttpConfiguration} whose {@link SecureRequestCustomizer} puts the TLS session, with the
 * verified client certificate, on every request of either protocol.
 */
public final class Tls {

    /** Upstream kube-apiserver's default ({@code --http2-max-streams-per-connection=0} means Go's 250); Jetty's is 128. */
    static final int HTTP2_MAX_CONCURRENT_STREAMS = 250;

    private Tls() {}

    /**
     * Serves {@code certFile}/{@code keyFile} and asks each client for a certificate signed by
     * {@code clientCaFile} without requiring one, since a client may authenticate with a bearer
     * token instead. TLS 1.2 and 1.3 only.
     */
    public static SslContextFactory.Server serverContext(Path certFile, Path keyFile, Path clientCaFile) {
        var password = newPassword();
        var tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore(certFile, keyFile, password));
        tls.setKeyStorePassword(password);
        tls.setKeyManagerPassword(password);
        tls.setTrustStore(trustStore(clientCaFile));
        tls.setWantClientAuth(true);
        tls.setNeedClientAuth(false);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // HTTP/2 forbids some TLS 1.2 suites (RFC 9113 Appendix A); offering the allowed ones
        // first keeps a TLS 1.2 client from negotiating a suite it must then refuse.
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        tls.setUseCipherSuitesOrder(true);
        // A server does not check a client certificate against a host name.
        tls.setEndpointIdentificationAlgorithm(null);
        // Clients reach the server by IP (no SNI) or by names in the certificate; none of it is required.
        tls.setSniRequired(false);
        return tls;
    }

    /** The HTTPS connector for {@code tls}: HTTP/2 when the client negotiates it by ALPN, HTTP/1.1 otherwise. */
    public static ServerConnector httpsConnector(Server server, SslContextFactory.Server tls, String host, int port) {
        var config = new HttpConfiguration();
        config.setSecureScheme("https");
        config.setSecurePort(port);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // No SNI host check: a client may ask for any name the certificate covers or for none
        // (an IP address), and kube-apiserver does not turn such requests away either.
        config.addCustomizer(new SecureRequestCustomizer(false));

        var http11 = new HttpConnectionFactory(config);
        var h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(HTTP2_MAX_CONCURRENT_STREAMS);
        var alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        var ssl = new SslConnectionFactory(tls, alpn.getProtocol());

        var connector = new ServerConnector(server, ssl, alpn, h2, http11);
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** A client context that trusts {@code caFile} only and presents no certificate (token clients). */
    public static SSLContext clientContext(Path caFile) {
        return clientContext(caFile, null, null);
    }

    /** A client context that trusts {@code caFile} only and presents {@code certFile}/{@code keyFile}. */
    public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile) {
        try {
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(caFile));
            KeyManagerFactory keys = null;
            if (certFile != null) {
                var password = newPassword();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(certFile, keyFile, password), password.toCharArray());
            }
            var context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client context", e);
        }
    }

    /** The certificate chain and key, in a key store that only lives in memory. */
    static KeyStore keyStore(Path certFile, Path keyFile, String password) {
        var chain = Pem.readCertificates(certFile);
        var key = Pem.readPrivateKey(keyFile);
        if (!Pem.matches(key, chain.getFirst().getPublicKey())) {
            throw new IllegalStateException(keyFile + " is not the key of " + certFile);
        }
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tls", key, password.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold " + certFile + " in a key store", e);
        }
    }

    static KeyStore trustStore(Path caFile) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (var ca : Pem.readCertificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust " + caFile, e);
        }
    }

    /** The in-memory stores need a password; nobody else ever sees it. */
    private static String newPassword() {
        var bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
