package io.j8s.apiserver.auth;

import java.util.Optional;
import org.eclipse.jetty.server.Request;

/** Finds out who sent a request from one kind of credential, as upstream's {@code authenticator.Request}. */
public interface Authenticator {

    /** The user the request's credential names, or empty when it carries none of this kind or a bad one. */
    Optional<UserInfo> authenticate(Request request);
}
