package io.j8s.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand malformed requests: each is refused with a Status carrying a 4xx code, none
 * produces a 5xx or a stack trace, and the stored state does not move.
 */
class BadInputFuzzTest {

    static TestServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(TestServer.realParts());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        send(req("POST", "/api/v1/namespaces", "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fuzz\"}}"));
        send(req("POST", "/api/v1/namespaces/fuzz/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"target\"},\"data\":{\"a\":\"b\"}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Bad(String category, HttpRequest request) {}

    static HttpRequest req(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (contentType != null) b.header("Content-Type", contentType);
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static HttpRequest req(String method, String path, String contentType, String body) {
        return req(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static final String CM = "/api/v1/namespaces/fuzz/configmaps";
    private static final String GOOD = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"NAME\"},\"data\":{\"k\":\"v\"}}";

    /** One generator per kind of bad input; each makes a fresh random variant. */
    static List<Function<Random, Bad>> generators() {
        List<Function<Random, Bad>> g = new ArrayList<>();
        g.add(r -> {
            String good = GOOD.replace("NAME", "x" + r.nextInt(1000));
            return new Bad("truncated JSON", req("POST", CM, "application/json", good.substring(0, 1 + r.nextInt(good.length() - 2))));
        });
        g.add(r -> {
            byte[] junk = new byte[1 + r.nextInt(200)];
            r.nextBytes(junk);
            junk[0] = '{';
            return new Bad("random bytes", req("POST", CM, "application/json", junk));
        });
        g.add(r -> new Bad("wrong apiVersion", req("POST", CM, "application/json",
                GOOD.replace("\"v1\"", "\"apps/v" + r.nextInt(9) + "\"").replace("NAME", "w" + r.nextInt(1000)))));
        g.add(r -> new Bad("wrong kind", req("POST", CM, "application/json",
                GOOD.replace("ConfigMap", List.of("Pod", "Secret", "Foo", "").get(r.nextInt(3))).replace("NAME", "k" + r.nextInt(1000)))));
        g.add(r -> new Bad("unknown field, strict", req("POST", CM + "?fieldValidation=Strict", "application/json",
                GOOD.replace("\"data\"", "\"bogus" + r.nextInt(100) + "\":1,\"data\"").replace("NAME", "u" + r.nextInt(1000)))));
        g.add(r -> new Bad("duplicate field, strict", req("POST", CM + "?fieldValidation=Strict", "application/json",
                GOOD.replace("\"data\"", "\"data\":{\"d\":\"" + r.nextInt(100) + "\"},\"data\"").replace("NAME", "d" + r.nextInt(1000)))));
        g.add(r -> {
            String name = List.of("Bad_Name", "-x", "x-", "UPPER", "a".repeat(254), "a..b", "with space", "ümlaut").get(r.nextInt(8));
            return new Bad("invalid name", req("POST", CM, "application/json", GOOD.replace("NAME", name)));
        });
        g.add(r -> {
            int depth = 1001 + r.nextInt(3000);
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"deep\"},\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            return new Bad("deep nesting", req("POST", CM, "application/json", body));
        });
        g.add(r -> {
            byte[] body = GOOD.replace("NAME", "utf").getBytes(StandardCharsets.UTF_8);
            int i = body.length - 5 - r.nextInt(5);
            body[i] = (byte) (0xC0 | r.nextInt(2));
            return new Bad("invalid UTF-8", req("POST", CM, "application/json", body));
        });
        g.add(r -> {
            String[][] params = {{"limit", "-" + (1 + r.nextInt(9))}, {"limit", "abc"}, {"resourceVersion", "xyz"},
                {"timeoutSeconds", "soon"}, {"fieldSelector", "metadata.name%%"}, {"fieldSelector", "spec.nope=x"},
                {"labelSelector", "a in (b"}, {"labelSelector", "!!x"}, {"resourceVersionMatch", "Bogus"},
                {"resourceVersionMatch", "Exact"}, {"continue", "not-a-token-" + r.nextInt(99)}};
            String[] p = params[r.nextInt(params.length)];
            return new Bad("absurd query " + p[0], req("GET", CM + "?" + p[0] + "=" + URLEncoder.encode(p[1], StandardCharsets.UTF_8), null, (String) null));
        });
        g.add(r -> new Bad("unknown resource", req("GET", "/api/v1/namespaces/fuzz/frobnicators" + r.nextInt(9), null, (String) null)));
        g.add(r -> new Bad("bad json patch", req("PATCH", CM + "/target", "application/json-patch+json",
                List.of("{}", "[{\"op\":\"remove\",\"path\":\"/data/missing\"}]", "[{\"op\":\"bogus\"}]", "[").get(r.nextInt(4)))));
        g.add(r -> new Bad("bad merge patch", req("PATCH", CM + "/target", "application/merge-patch+json", "{\"data\":")));
        g.add(r -> new Bad("bad strategic patch", req("PATCH", CM + "/target", "application/strategic-merge-patch+json",
                List.of("[]", "{\"$patch\":\"bogus\"}", "{\"data\":{\"$unknown\":1}}").get(r.nextInt(3)))));
        g.add(r -> new Bad("unsupported patch type", req("PATCH", CM + "/target", List.of("text/plain", "application/apply-patch+yaml",
                "application/x-whatever").get(r.nextInt(3)), "{}")));
        g.add(r -> new Bad("name mismatch on PUT", req("PUT", CM + "/target", "application/json", GOOD.replace("NAME", "other" + r.nextInt(9)))));
        g.add(r -> new Bad("missing namespace", req("POST", "/api/v1/namespaces/nope" + r.nextInt(99) + "/configmaps", "application/json",
                GOOD.replace("NAME", "m"))));
        g.add(r -> new Bad("wrong body type", req("POST", CM, "application/json", List.of("[]", "42", "\"s\"", "null").get(r.nextInt(4)))));
        g.add(r -> new Bad("unknown content type", req("POST", CM, "text/csv", "a,b")));
        g.add(r -> new Bad("bad dryRun", req("POST", CM + "?dryRun=Some", "application/json", GOOD.replace("NAME", "d"))));
        g.add(r -> new Bad("bad delete options", req("DELETE", CM + "/target?propagationPolicy=Sometimes", null, (String) null)));
        return g;
    }

    @Test
    void tenThousandBadRequestsAreRefusedWithAStatusAndChangeNothing() throws Exception {
        long revisionBefore = server.store.currentRevision();
        List<Function<Random, Bad>> gens = generators();
        Random seeds = new Random(Long.getLong("fuzz.seed", 42));
        int n = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seed = seeds.nextLong();
            Bad bad = gens.get(Math.floorMod(seed, gens.size())).apply(new Random(seed));
            if (bad.category().equals("deep nesting") && i % 50 != 0) continue; // big bodies: a sample is enough
            results.add(pool.submit(() -> check(bad)));
        }
        Map<String, Integer> problems = new TreeMap<>();
        int sent = 0;
        for (Future<String> f : results) {
            String problem = f.get();
            sent++;
            if (problem != null) problems.merge(problem, 1, Integer::sum);
        }
        // Two very large bodies on top: the 3 MiB limit.
        for (int size : new int[] {3 * 1024 * 1024 + 1, 8 * 1024 * 1024}) {
            String problem = check(new Bad("too large", req("POST", CM, "application/json", new byte[size])));
            if (problem != null) problems.merge(problem, 1, Integer::sum);
            sent++;
        }
        pool.shutdown();
        assertThat(sent).isGreaterThan(9_000);
        assertThat(problems).isEmpty();
        assertThat(server.store.currentRevision()).as("no bad request may write").isEqualTo(revisionBefore);
    }

    /** Null when the refusal is right; else what was wrong. */
    static String check(Bad bad) throws Exception {
        HttpResponse<String> resp = send(bad.request());
        int code = resp.statusCode();
        if (code < 400 || code >= 500) return bad.category() + ": HTTP " + code + " " + abbreviate(resp.body());
        JsonNode status;
        try {
            status = Json.MAPPER.readTree(resp.body());
        } catch (Exception e) {
            return bad.category() + ": body is not JSON";
        }
        if (!"Status".equals(status.path("kind").asText()) || status.path("code").asInt() != code
                || !"Failure".equals(status.path("status").asText()) || status.path("reason").asText().isEmpty()) {
            return bad.category() + ": not a proper Status: " + abbreviate(resp.body());
        }
        if (resp.body().contains("at io.j8s") || resp.body().contains("Exception")) {
            return bad.category() + ": stack trace or exception name in the body";
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
}
