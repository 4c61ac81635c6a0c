package io.j8s.apiserver.auth;

/** Decides whether a user may do what a request asks, as upstream's {@code authorizer.Authorizer}. */
public interface Authorizer {

    Decision authorize(UserInfo user, RequestAttributes attributes);
}
