package io.j8s.apiserver.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and its key on disk, as {@link ClusterCa} left them.
 *
 * @param reused whether the files were already there and still good, so nothing was written
 */
public record IssuedCertificate(Path certFile, Path keyFile, X509Certificate certificate, boolean reused) {

    public IssuedCertificate {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(certificate, "certificate");
    }
}
