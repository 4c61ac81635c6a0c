package io.j8s.apiserver.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * Who made a request, as upstream's {@code user.Info}: a name, the groups RBAC binds roles to,
 * and a uid (empty when the credential has none).
 */
public record UserInfo(String name, List<String> groups, String uid) {

    /** Every user an authenticator vouched for is in this group; the anonymous user is not. */
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String MASTERS = "system:masters";
    public static final String NODES = "system:nodes";
    public static final String NODE_PREFIX = "system:node:";

    /** The request carried no credential at all. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", List.of(UNAUTHENTICATED), "");

    /** The request attribute the authentication filter leaves the user under. */
    static final String ATTRIBUTE = UserInfo.class.getName();

    public UserInfo {
        Objects.requireNonNull(name, "name");
        groups = List.copyOf(groups);
        uid = uid == null ? "" : uid;
    }

    /** The user as an authenticator vouches for it: its groups plus {@value #AUTHENTICATED}. */
    public static UserInfo authenticated(String name, List<String> groups, String uid) {
        var all = new ArrayList<>(groups);
        if (!all.contains(AUTHENTICATED)) {
            all.add(AUTHENTICATED);
        }
        return new UserInfo(name, all, uid);
    }

    /** The user {@link AuthenticationFilter} found for this request, if it ran. */
    public static Optional<UserInfo> of(Request request) {
        return request.getAttribute(ATTRIBUTE) instanceof UserInfo user ? Optional.of(user) : Optional.empty();
    }

    public boolean isAnonymous() {
        return !groups.contains(AUTHENTICATED);
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
