package io.j8s.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.apiserver.Metrics;
import io.j8s.apiserver.StatusException;
import io.j8s.api.openapi.OpenApi;
import io.j8s.apiserver.discovery.Discovery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's one Jetty handler. Every request runs on a virtual thread of its own, in
 * blocking style; every refusal is a Status; nothing a client sends can produce a 5xx with a
 * stack trace.
 */
public final class ApiHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final ResourceEndpoint resources;
    private final Discovery discovery;
    private final Metrics metrics;
    private final ObjectNode version;
    private final Map<String, BooleanSupplier> readyChecks;

    public ApiHandler(ResourceEndpoint resources, Discovery discovery, Metrics metrics, ObjectNode version,
                      Map<String, BooleanSupplier> readyChecks) {
        super(InvocationType.BLOCKING);
        this.resources = resources;
        this.discovery = discovery;
        this.metrics = metrics;
        this.version = version;
        this.readyChecks = new LinkedHashMap<>(readyChecks);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Thread.ofVirtual().name("api-request").start(() -> run(request, response, callback));
        return true;
    }

    private void run(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        Exchange ex = null;
        RequestInfo info = null;
        String verb = request.getMethod().toLowerCase(java.util.Locale.ROOT);
        try {
            ex = new Exchange(request, response);
            info = RequestInfo.parse(ex.path());
            if (info != null) verb = ResourceEndpoint.verb(ex, info);
            if (info != null) {
                resources.serve(ex, info);
            } else {
                nonResource(ex);
            }
            callback.succeeded();
        } catch (StatusException e) {
            respondError(request, response, callback, ex, e);
        } catch (Exchange.ClientGoneException e) {
            callback.failed(e);
        } catch (RuntimeException e) {
            log.error("Internal error serving {} {}", request.getMethod(), request.getHttpURI().getPathQuery(), e);
            respondError(request, response, callback, ex, StatusException.internal(e.getClass().getSimpleName()));
        } finally {
            if (ex != null && !"watch".equals(verb)) {
                observe(ex, info, verb, t0);
            }
        }
    }

    private void respondError(Request request, Response response, Callback callback, Exchange ex, StatusException e) {
        try {
            if (ex == null) ex = new Exchange(request, response);
            if (response.isCommitted()) {
                callback.failed(e);
                return;
            }
            ex.respondStatus(e);
            callback.succeeded();
        } catch (RuntimeException again) {
            callback.failed(again);
        }
    }

    private void observe(Exchange ex, RequestInfo info, String verb, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean dry = "All".equals(ex.query("dryRun"));
        if (info == null) {
            metrics.observe(verb.toUpperCase(java.util.Locale.ROOT), dry, "", "", "", "", "", ex.status(), seconds);
        } else {
            String scope = info.name() != null ? "resource" : info.namespace() != null ? "namespace" : "cluster";
            metrics.observe(verb.toUpperCase(java.util.Locale.ROOT), dry, info.group(), info.version(), info.resource(),
                    info.subresource() == null ? "" : info.subresource(), scope, ex.status(), seconds);
        }
    }

    private void nonResource(Exchange ex) {
        String path = ex.path();
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        switch (path) {
            case "/healthz", "/livez" -> health(ex, Map.of("ping", () -> true));
            case "/readyz" -> health(ex, readyChecks);
            case "/version", "/version/" -> ex.respond(200, version);
            case "/metrics" -> ex.respondText(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            case "/api", "/api/" -> discovery(ex, true);
            case "/apis", "/apis/" -> discovery(ex, false);
            case "/openapi/v2" -> openApiV2(ex);
            case "/openapi/v3", "/openapi/v3/" -> ex.respond(200, "application/json", utf8(OpenApi.v3Index()));
            default -> {
                if (path.startsWith("/openapi/v3/")) {
                    String gv = path.substring("/openapi/v3/".length());
                    String doc = OpenApi.v3(gv).orElseThrow(StatusException::notFoundPath);
                    ex.addHeader("Etag", "\"" + OpenApi.v3Hash(gv).orElse("") + "\"");
                    ex.respond(200, "application/json", utf8(doc));
                } else if (path.startsWith("/healthz/") || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
                    String check = path.substring(path.indexOf('/', 1) + 1);
                    BooleanSupplier c = path.startsWith("/readyz/") ? readyChecks.get(check) : check.equals("ping") ? () -> true : null;
                    if (c == null) throw StatusException.notFoundPath();
                    ex.respondText(c.getAsBoolean() ? 200 : 500, "text/plain; charset=utf-8", c.getAsBoolean() ? "ok" : "not ok");
                } else {
                    groupDiscovery(ex, path);
                }
            }
        }
    }

    /** kubectl 1.27/1.28 read /openapi/v2 only as protobuf; everyone else gets JSON. */
    private static void openApiV2(Exchange ex) {
        String accept = ex.header("Accept");
        ex.addHeader("Etag", "\"" + OpenApi.v2Hash() + "\"");
        if (accept != null && (accept.contains(OpenApi.V2_PROTOBUF_ACCEPT) || accept.contains(OpenApi.V2_PROTOBUF_CONTENT_TYPE))) {
            ex.respond(200, OpenApi.V2_PROTOBUF_CONTENT_TYPE, OpenApi.v2Protobuf());
        } else {
            ex.respond(200, "application/json", utf8(OpenApi.v2()));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void health(Exchange ex, Map<String, BooleanSupplier> checks) {
        boolean verbose = ex.query("verbose") != null;
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
            boolean pass = c.getValue().getAsBoolean();
            ok &= pass;
            out.append(pass ? "[+]" : "[-]").append(c.getKey()).append(pass ? " ok\n" : " failed: reason withheld\n");
        }
        String name = ex.path().substring(1);
        if (verbose) {
            out.append(name).append(ok ? " check passed\n" : " check failed\n");
            ex.respondText(ok ? 200 : 500, "text/plain; charset=utf-8", out.toString());
        } else {
            ex.respondText(ok ? 200 : 500, "text/plain; charset=utf-8", ok ? "ok" : out + name + " check failed");
        }
    }

    private void discovery(Exchange ex, boolean legacy) {
        Negotiation n = Negotiation.of(ex);
        if (n.discoveryVersion() != null) {
            String apiVersion = "apidiscovery.k8s.io/" + n.discoveryVersion();
            ex.respond(200, "application/json;g=apidiscovery.k8s.io;v=" + n.discoveryVersion() + ";as=APIGroupDiscoveryList",
                    Json.write(discovery.aggregated(legacy, apiVersion)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            ex.respond(200, legacy ? discovery.apiVersions() : discovery.apiGroupList());
        }
    }

    /** /api/v1, /apis/{group}, /apis/{group}/{version}. */
    private void groupDiscovery(Exchange ex, String path) {
        String[] p = path.replaceAll("^/+|/+$", "").split("/");
        Function<JsonNode, JsonNode> found = n -> {
            if (n == null) throw StatusException.notFoundPath();
            return n;
        };
        if (p.length == 2 && p[0].equals("api")) {
            ex.respond(200, found.apply(discovery.apiResourceList("", p[1])));
        } else if (p.length == 2 && p[0].equals("apis")) {
            ex.respond(200, found.apply(discovery.apiGroup(p[1])));
        } else if (p.length == 3 && p[0].equals("apis")) {
            ex.respond(200, found.apply(discovery.apiResourceList(p[1], p[2])));
        } else {
            throw StatusException.notFoundPath();
        }
    }
}
