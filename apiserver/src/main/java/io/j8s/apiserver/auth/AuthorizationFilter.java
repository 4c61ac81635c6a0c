package io.j8s.apiserver.auth;

import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Upstream's {@code WithAuthorization}, after {@link AuthenticationFilter}: lets allowed
 * requests through; answers a refused anonymous request 401 Unauthorized (it should have brought
 * a credential) and a refused authenticated one 403 Forbidden.
 */
public final class AuthorizationFilter extends Handler.Wrapper {

    private final Authorizer authorizer;
    private final Function<Request, RequestAttributes> attributes;

    /**
     * @param attributes what a request asks to do; {@link RequestAttributes#nonResource(Request)}
     *     until the REST layer can tell resources apart
     */
    public AuthorizationFilter(Authorizer authorizer, Function<Request, RequestAttributes> attributes, Handler next) {
        super(next);
        this.authorizer = authorizer;
        this.attributes = attributes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var user = UserInfo.of(request).orElseThrow(
                () -> new IllegalStateException("AuthorizationFilter must run inside AuthenticationFilter"));
        var asked = attributes.apply(request);
        var decision = authorizer.authorize(user, asked);
        switch (decision) {
            case Decision.Allow allow -> {
                return super.handle(request, response, callback);
            }
            case Decision.Deny deny -> refuse(response, callback, user, asked, deny.reason());
            case Decision.NoOpinion none -> refuse(response, callback, user, asked, none.reason());
        }
        return true;
    }

    private static void refuse(Response response, Callback callback, UserInfo user, RequestAttributes asked,
            String reason) {
        if (user.isAnonymous()) {
            StatusResponses.unauthorized(response, callback);
        } else {
            StatusResponses.forbidden(response, callback, user, asked, reason);
        }
    }
}
