package io.j8s.apiserver.auth;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Tries each authenticator in order (client certificate, then bearer tokens) and takes the first
 * user found. A request with no credential is {@link UserInfo#ANONYMOUS}; one whose
 * {@code Authorization} header no authenticator accepted is refused (empty), not anonymous —
 * upstream's fail-on-error union in front of its anonymous authenticator, so a mistyped token
 * answers 401 instead of quietly running with fewer rights.
 */
public final class UnionAuthenticator implements Authenticator {

    private final List<Authenticator> authenticators;

    public UnionAuthenticator(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    public static UnionAuthenticator of(Authenticator... authenticators) {
        return new UnionAuthenticator(List.of(authenticators));
    }

    @Override
    public Optional<UserInfo> authenticate(Request request) {
        for (var authenticator : authenticators) {
            var user = authenticator.authenticate(request);
            if (user.isPresent()) {
                return user;
            }
        }
        if (request.getHeaders().contains(HttpHeader.AUTHORIZATION)) {
            return Optional.empty();
        }
        return Optional.of(UserInfo.ANONYMOUS);
    }
}
