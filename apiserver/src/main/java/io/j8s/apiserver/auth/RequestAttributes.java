package io.j8s.apiserver.auth;

import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.server.Request;

/**
 * What a request asks to do, as upstream's {@code authorizer.Attributes}: a resource request
 * ({@code list pods in default}) when {@code resource} is set, a non-resource request
 * ({@code get /healthz}) otherwise. Absent parts are empty strings, never null.
 *
 * @param verb for a resource request Kubernetes' verb ({@code get}, {@code list},
 *     {@code watch}, {@code create}, …); otherwise the lower-case HTTP method
 * @param apiGroup the API group, {@code ""} for the core group
 */
public record RequestAttributes(String verb, String apiGroup, String resource, String subresource,
        String namespace, String name, String path) {

    public RequestAttributes {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(path, "path");
        apiGroup = apiGroup == null ? "" : apiGroup;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    public static RequestAttributes nonResource(String verb, String path) {
        return new RequestAttributes(verb, "", "", "", "", "", path);
    }

    /**
     * The request as a non-resource request: until the REST layer resolves API paths into
     * resources, this is what the authorization filter sees.
     */
    public static RequestAttributes nonResource(Request request) {
        return nonResource(request.getMethod().toLowerCase(Locale.ROOT), Request.getPathInContext(request));
    }

    public boolean isResourceRequest() {
        return !resource.isEmpty();
    }
}
