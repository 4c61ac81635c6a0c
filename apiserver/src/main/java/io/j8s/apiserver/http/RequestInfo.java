package io.j8s.apiserver.http;

import io.j8s.apiserver.StatusException;

/**
 * What a resource request's path names, as upstream's RequestInfoFactory parses it:
 * {@code /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}} and
 * {@code /apis/{group}/{version}/...}. {@code namespace} is null for cluster-wide requests;
 * {@code name} is null for collections.
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name, String subresource) {

    /** Parses {@code path} if it is a resource path; null if it is discovery or something else. */
    public static RequestInfo parse(String path) {
        String[] p = trim(path).split("/");
        int i;
        String group;
        String version;
        if (p.length >= 3 && p[0].equals("api")) {
            group = "";
            version = p[1];
            i = 2;
        } else if (p.length >= 4 && p[0].equals("apis")) {
            group = p[1];
            version = p[2];
            i = 3;
        } else {
            return null;
        }
        String namespace = null;
        // "namespaces/{ns}/{resource}..." names a namespaced request; "namespaces" and
        // "namespaces/{name}[/{sub}]" are requests on the namespaces resource itself, the
        // subresources being "status" and "finalize" (upstream's namespaceSubresources).
        boolean namespaceSubresource = p.length == i + 3 && (p[i + 2].equals("status") || p[i + 2].equals("finalize"));
        if (p[i].equals("namespaces") && p.length > i + 2 && !namespaceSubresource) {
            namespace = p[i + 1];
            i += 2;
            if (namespace.isEmpty()) throw StatusException.badRequest("namespace must not be empty");
        }
        String resource = p[i];
        String name = p.length > i + 1 ? p[i + 1] : null;
        String sub = p.length > i + 2 ? p[i + 2] : null;
        if (p.length > i + 3) {
            throw StatusException.notFoundPath();
        }
        if (resource.isEmpty() || (name != null && name.isEmpty())) {
            throw StatusException.notFoundPath();
        }
        if (namespace == null && resource.equals("namespaces") && name != null) {
            return new RequestInfo(group, version, null, resource, name, sub);
        }
        return new RequestInfo(group, version, namespace, resource, name, sub);
    }

    private static String trim(String path) {
        String s = path;
        while (s.startsWith("/")) s = s.substring(1);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** The Kubernetes verb of a request on this path, as upstream names it for metrics and authorization. */
    public String verb(String method, boolean watch) {
        return switch (method) {
            case "GET", "HEAD" -> name == null ? (watch ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Whether a {@code watch} query value asks for a watch ("", "true", "1"), as upstream parses it. */
    public static boolean isWatch(String value) {
        return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
    }
}
