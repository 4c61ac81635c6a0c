package io.j8s.apiserver.auth;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first filter of the chain, upstream's {@code WithAuthentication}: finds the user (see
 * {@link UserInfo#of}) or answers 401 Unauthorized when a credential was presented and refused.
 */
public final class AuthenticationFilter extends Handler.Wrapper {

    private final Authenticator authenticator;

    public AuthenticationFilter(Authenticator authenticator, Handler next) {
        super(next);
        this.authenticator = authenticator;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var user = authenticator.authenticate(request);
        if (user.isEmpty()) {
            StatusResponses.unauthorized(response, callback);
            return true;
        }
        request.setAttribute(UserInfo.ATTRIBUTE, user.get());
        return super.handle(request, response, callback);
    }
}
