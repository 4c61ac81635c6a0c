package io.j8s.apiserver.auth;

import java.util.Set;

/**
 * Until RBAC: every authenticated user may do anything. The anonymous user may only read what
 * upstream's {@code system:public-info-viewer} ClusterRole lets everyone read (health and
 * version), plus {@code /cacerts}, which a joining agent fetches before it has any credential the
 * server could check (it verifies the answer against its node token's CA hash). With RBAC in its
 * place, the same requests keep the same answers.
 */
public final class AlwaysAllowAuthenticated implements Authorizer {

    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version", "/version/",
            NodeBootstrapHandler.CA_CERTS_PATH);

    @Override
    public Decision authorize(UserInfo user, RequestAttributes attributes) {
        if (!user.isAnonymous()) {
            return Decision.allow("authenticated");
        }
        if (!attributes.isResourceRequest() && attributes.verb().equals("get")
                && PUBLIC_PATHS.contains(attributes.path())) {
            return Decision.allow("public information");
        }
        return Decision.noOpinion();
    }
}
