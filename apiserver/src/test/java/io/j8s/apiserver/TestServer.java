package io.j8s.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import io.j8s.apiserver.http.Hooks;
import io.j8s.apiserver.registry.ObjectRules;
import io.j8s.store.Store;
import io.j8s.store.embedded.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;

/** An API server on a loopback port over plain HTTP, on an embedded store in a temp directory. */
final class TestServer implements AutoCloseable {

    final Path dir;
    final Store store;
    final ApiServer server;
    private final ApiServer.Parts parts;

    TestServer(ApiServer.Parts parts) throws Exception {
        this(Files.createTempDirectory("j8s-apiserver-test"), null, parts);
    }

    private TestServer(Path dir, Store store, ApiServer.Parts parts) throws Exception {
        this.dir = dir;
        this.parts = parts;
        this.store = store != null ? store : EmbeddedStore.open(EmbeddedStore.Options.defaults(dir.resolve("db")));
        this.server = ApiServer.start(ApiServer.Config.defaults("127.0.0.1", 0).withBindAddress("127.0.0.1")
                .withBookmarkInterval(Duration.ofSeconds(1)), this.store, parts);
    }

    /** A new server on the same store (the old one must be closed), as after a restart. */
    TestServer restart() throws Exception {
        return new TestServer(dir, store, parts);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A kubeconfig for the real kubectl. */
    Path kubeconfig() throws IOException {
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                users:
                - name: test
                  user: {}
                contexts:
                - name: test
                  context: {cluster: test, user: test}
                current-context: test
                """.formatted(url()));
        return f;
    }

    /** Stand-ins until the api module's pieces are wired: no rules, merge patch only, NAME/AGE tables. */
    static ApiServer.Parts minimalParts() {
        ObjectRules rules = new ObjectRules() {
            public void applyDefaults(ResourceType type, ObjectNode obj) {}

            public List<FieldError> validateCreate(ResourceType type, ObjectNode obj) {
                String name = obj.path("metadata").path("name").asText("");
                return name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") ? List.of()
                        : List.of(FieldError.invalid("metadata.name", name, "a lowercase RFC 1123 subdomain"));
            }

            public List<FieldError> validateUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
                return List.of();
            }

            public List<String> unknownFields(ResourceType type, JsonNode body) {
                return List.of();
            }
        };
        Hooks hooks = new Hooks((ct, type, current, patch) -> {
            try {
                return merge(current, Json.MAPPER.readTree(patch));
            } catch (IOException e) {
                throw StatusException.badRequest(e.getMessage());
            }
        }, (type, labels, fields) -> o -> true, (type, objects, include, columns) -> {
            ObjectNode t = Json.MAPPER.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
            t.putObject("metadata");
            var cols = t.putArray("columnDefinitions");
            cols.addObject().put("name", "Name").put("type", "string").put("format", "name").put("description", "").put("priority", 0);
            var rows = t.putArray("rows");
            for (ObjectNode o : objects) {
                ObjectNode row = rows.addObject();
                row.putArray("cells").add(o.path("metadata").path("name").asText());
                ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", o.get("metadata"));
            }
            return t;
        });
        return new ApiServer.Parts(rules, hooks, new io.j8s.apiserver.http.ApiHandler.OpenApiDocs() {
            public JsonNode v2() {
                return null;
            }

            public JsonNode v3Index() {
                return null;
            }

            public JsonNode v3(String path) {
                return null;
            }
        }, (ex, info) -> {}, new ConnectionFactory[] {new HttpConnectionFactory()});
    }

    static ObjectNode merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) target.remove(e.getKey());
            else if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode t) merge(t, e.getValue());
            else target.set(e.getKey(), e.getValue().deepCopy());
        });
        return target;
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
