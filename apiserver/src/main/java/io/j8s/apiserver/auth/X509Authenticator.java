package io.j8s.apiserver.auth;

import io.j8s.apiserver.tls.CertificateSubject;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Client certificates: CN is the user, each O a group, as upstream's x509 authenticator reads
 * them ({@code system:admin} in {@code system:masters}; {@code system:node:N} in
 * {@code system:nodes}).
 *
 * <p>The TLS handshake has already verified the chain against the server's trust store; the
 * certificate is checked again here against the cluster CA, because what the handshake trusts
 * is configuration elsewhere and may one day include other CAs (upstream verifies again too).
 */
public final class X509Authenticator implements Authenticator {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate clientCa;
    private final Clock clock;

    public X509Authenticator(X509Certificate clientCa) {
        this(clientCa, Clock.systemUTC());
    }

    X509Authenticator(X509Certificate clientCa, Clock clock) {
        this.clientCa = clientCa;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        var certificates = peerCertificates(request);
        if (certificates == null || certificates.length == 0) {
            return Optional.empty();
        }
        var leaf = certificates[0];
        if (!trusted(leaf)) {
            return Optional.empty();
        }
        var subject = CertificateSubject.of(leaf);
        if (subject.commonName().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(UserInfo.authenticated(subject.commonName(), subject.organizations(), ""));
    }

    private boolean trusted(X509Certificate leaf) {
        try {
            leaf.verify(clientCa.getPublicKey());
            leaf.checkValidity(Date.from(clock.instant()));
            var usages = leaf.getExtendedKeyUsage();
            // No extended key usage means any usage, as in Go's x509 verification.
            return leaf.getIssuerX500Principal().equals(clientCa.getSubjectX500Principal())
                    && (usages == null || usages.contains(CLIENT_AUTH));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The client's certificates as the TLS session verified them; null on a plain connection. */
    static X509Certificate[] peerCertificates(Request request) {
        var session = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData data
                ? data
                : request.getConnectionMetaData().getConnection().getEndPoint().getSslSessionData();
        return session == null ? null : session.peerCertificates();
    }
}
