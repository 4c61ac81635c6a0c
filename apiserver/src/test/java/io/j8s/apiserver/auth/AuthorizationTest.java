package io.j8s.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationTest {

    static final UserInfo ALICE = UserInfo.authenticated("alice", List.of("dev"), "");

    record Case(String name, UserInfo user, RequestAttributes attributes, boolean wantAllowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> decisions() {
        var pods = new RequestAttributes("list", "", "pods", "", "default", "", "/api/v1/namespaces/default/pods");
        return List.of(
                new Case("authenticated user, any resource", ALICE, pods, true),
                new Case("authenticated user, any path", ALICE, RequestAttributes.nonResource("post", "/anything"), true),
                new Case("anonymous, healthz", UserInfo.ANONYMOUS, RequestAttributes.nonResource("get", "/healthz"), true),
                new Case("anonymous, version", UserInfo.ANONYMOUS, RequestAttributes.nonResource("get", "/version"), true),
                new Case("anonymous, cacerts", UserInfo.ANONYMOUS, RequestAttributes.nonResource("get", "/cacerts"), true),
                new Case("anonymous, healthz by POST", UserInfo.ANONYMOUS,
                        RequestAttributes.nonResource("post", "/healthz"), false),
                new Case("anonymous, a check under healthz", UserInfo.ANONYMOUS,
                        RequestAttributes.nonResource("get", "/healthz/etcd"), false),
                new Case("anonymous, discovery", UserInfo.ANONYMOUS, RequestAttributes.nonResource("get", "/api"), false),
                new Case("anonymous, pods", UserInfo.ANONYMOUS, pods, false),
                new Case("node token, pods", NodeToken.BOOTSTRAP_USER, pods, false),
                new Case("node token, create configmap", NodeToken.BOOTSTRAP_USER,
                        new RequestAttributes("create", "", "configmaps", "", "default", "", "/api/v1/namespaces/default/configmaps"), false),
                new Case("node token, the join", NodeToken.BOOTSTRAP_USER,
                        RequestAttributes.nonResource("post", NodeBootstrapHandler.CLIENT_KUBELET_PATH), true),
                new Case("node token, create a CSR", NodeToken.BOOTSTRAP_USER,
                        new RequestAttributes("create", "certificates.k8s.io", "certificatesigningrequests", "", "", "",
                                "/apis/certificates.k8s.io/v1/certificatesigningrequests"), true),
                new Case("node token, healthz", NodeToken.BOOTSTRAP_USER, RequestAttributes.nonResource("get", "/healthz"), true));
    }

    @ParameterizedTest
    @MethodSource("decisions")
    void alwaysAllowAuthenticatedLetsAnonymousReadOnlyPublicInformation(Case c) {
        assertThat(new AlwaysAllowAuthenticated().authorize(c.user(), c.attributes()).allowed())
                .isEqualTo(c.wantAllowed());
    }

    record MessageCase(String name, RequestAttributes attributes, String reason, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<MessageCase> messages() {
        return List.of(
                new MessageCase("path", RequestAttributes.nonResource("get", "/metrics"), "",
                        "forbidden: User \"alice\" cannot get path \"/metrics\""),
                new MessageCase("namespaced list",
                        new RequestAttributes("list", "", "pods", "", "default", "", "/api/v1/namespaces/default/pods"),
                        "", "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" "
                                + "in the namespace \"default\""),
                new MessageCase("named object in a group",
                        new RequestAttributes("get", "apps", "deployments", "", "web", "front", "/apis/apps/v1/..."),
                        "", "deployments.apps \"front\" is forbidden: User \"alice\" cannot get resource "
                                + "\"deployments\" in API group \"apps\" in the namespace \"web\""),
                new MessageCase("cluster-scoped subresource with a reason",
                        new RequestAttributes("patch", "", "nodes", "status", "", "n1", "/api/v1/nodes/n1/status"),
                        "no RBAC policy matched", "nodes \"n1\" is forbidden: User \"alice\" cannot patch resource "
                                + "\"nodes/status\" in API group \"\" at the cluster scope: no RBAC policy matched"));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void forbiddenMessagesReadAsUpstreams(MessageCase c) {
        assertThat(StatusResponses.forbiddenMessage(ALICE, c.attributes(), c.reason())).isEqualTo(c.want());
    }
}
