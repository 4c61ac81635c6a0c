package io.j8s.apiserver.auth;

import java.util.Set;

/**
 * Until RBAC: every authenticated user may do anything, but for the node token's bootstrap user,
 * which may only join a node (upstream's system:node-bootstrapper). The anonymous user may only read what
 * upstream's {@code system:public-info-viewer} ClusterRole lets everyone read (health and
 * version), plus {@code /cacerts}, which a joining agent fetches before it has any credential the
 * server could check (it verifies the answer against its node token's CA hash). With RBAC in its
 * place, the same requests keep the same answers.
 */
public final class AlwaysAllowAuthenticated implements Authorizer {

    static final Set<String> PUBLIC_PATHS = Set.of("/healthz", "/livez", "/readyz", "/version", "/version/",
            NodeBootstrapHandler.CA_CERTS_PATH);

    /** What upstream's system:node-bootstrapper ClusterRole grants: certificate requests. */
    static final Set<String> BOOTSTRAPPER_VERBS = Set.of("create", "get", "list", "watch");

    @Override
    public Decision authorize(UserInfo user, RequestAttributes attributes) {
        if (user.inGroup(NodeToken.BOOTSTRAPPERS)) {
            // The node token joins a node and does nothing else, as upstream's bootstrap tokens.
            if (!attributes.isResourceRequest() && attributes.path().startsWith("/v1-j8s/")) {
                return Decision.allow("node bootstrap");
            }
            if (attributes.isResourceRequest() && attributes.apiGroup().equals("certificates.k8s.io")
                    && attributes.resource().equals("certificatesigningrequests") && attributes.subresource().isEmpty()
                    && BOOTSTRAPPER_VERBS.contains(attributes.verb())) {
                return Decision.allow("system:node-bootstrapper");
            }
            return publicInformation(attributes);
        }
        if (!user.isAnonymous()) {
            return Decision.allow("authenticated");
        }
        return publicInformation(attributes);
    }

    private static Decision publicInformation(RequestAttributes attributes) {
        if (!attributes.isResourceRequest() && attributes.verb().equals("get")
                && PUBLIC_PATHS.contains(attributes.path())) {
            return Decision.allow("public information");
        }
        return Decision.noOpinion();
    }
}
