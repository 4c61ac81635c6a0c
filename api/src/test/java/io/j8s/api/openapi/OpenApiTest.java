package io.j8s.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.BuiltinResources;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenApiTest {

    private static JsonNode v2() {
        return read(OpenApi.v2());
    }

    private static JsonNode v3(String groupVersion) {
        return read(OpenApi.v3(groupVersion).orElseThrow());
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON", e);
        }
    }

    @Test
    void indexListsEveryServedGroupVersionByItsHash() {
        JsonNode paths = read(OpenApi.v3Index()).get("paths");

        List<String> expected = ResourceRegistry.builtin().groupVersions().stream()
                .map(gv -> gv.contains("/") ? "apis/" + gv : "api/" + gv).sorted().toList();
        assertThat(paths.propertyStream().map(Map.Entry::getKey).toList()).containsExactlyElementsOf(expected);
        for (String p : expected) {
            assertThat(paths.get(p).get("serverRelativeURL").asText())
                    .isEqualTo("/openapi/v3/" + p + "?hash=" + OpenApi.v3Hash(p).orElseThrow());
        }
        assertThat(read(OpenApi.v3Index(p -> "H")).at("/paths/apis~1apps~1v1/serverRelativeURL").asText())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=H");
    }

    @Test
    void namesGroupVersionsEitherWay() {
        assertThat(OpenApi.v3("apps/v1")).isEqualTo(OpenApi.v3("apis/apps/v1")).isPresent();
        assertThat(OpenApi.v3("v1")).isEqualTo(OpenApi.v3("/api/v1")).isPresent();
        assertThat(OpenApi.v3("apis/frobs.example.com/v1")).isEmpty();
        assertThat(OpenApi.v3Hash("apps/v1")).get().asString().hasSize(128).matches("[0-9A-F]+");
    }

    @Test
    void documentsHaveTheirVersionsShape() {
        JsonNode v3 = v3("apps/v1");
        assertThat(v3.get("openapi").asText()).isEqualTo("3.0.0");
        assertThat(v3.at("/info/title").asText()).isEqualTo("Kubernetes");
        assertThat(v3.get("paths").size()).isPositive();
        assertThat(v3.at("/components/schemas").size()).isPositive();

        JsonNode v2 = v2();
        assertThat(v2.get("swagger").asText()).isEqualTo("2.0");
        assertThat(v2.get("definitions").size()).isGreaterThan(v3.at("/components/schemas").size());
    }

    @Test
    void buildsTheSameBytesEveryTime() {
        // Clients cache documents by hash: a rebuild (a restart, another replica) must not change it.
        Documents a = Documents.build(BuiltinResources.all());
        Documents b = Documents.build(BuiltinResources.all());
        assertThat(a.v2Hash()).isEqualTo(b.v2Hash()).isEqualTo(OpenApi.v2Hash());
        assertThat(a.v3Hash("apis/apps/v1")).isEqualTo(b.v3Hash("apis/apps/v1"));
    }

    static Stream<ResourceType> builtins() {
        return BuiltinResources.all().stream();
    }

    /** "io.k8s.api.apps.v1.Deployment": upstream's Go package, reversed, and the kind. */
    private static String upstreamName(ResourceType t) {
        String pkg = t.group().isEmpty() ? "core" : t.group().split("\\.")[0];
        return "io.k8s.api." + pkg + "." + t.version() + "." + t.kind();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void everyKindHasItsSchemaAndOperationsWithItsGvk(ResourceType t) {
        Map<String, String> gvk = Map.of("group", t.group(), "version", t.version(), "kind", t.kind());
        JsonNode v3 = v3(t.apiVersion());
        JsonNode v3Schema = v3.at("/components/schemas").get(upstreamName(t));
        JsonNode v2Schema = v2().get("definitions").get(upstreamName(t));

        for (JsonNode schema : List.of(v3Schema, v2Schema)) {
            assertThat(schema).as(upstreamName(t)).isNotNull();
            assertThat(gvks(schema.get("x-kubernetes-group-version-kind"))).contains(gvk);
            assertThat(schema.at("/properties/metadata")).isNotNull();
        }
        // kubectl explain finds a kind through the GVK of an operation on its path
        String prefix = t.group().isEmpty() ? "/api/v1" : "/apis/" + t.apiVersion();
        String path = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural();
        for (JsonNode doc : List.of(v3, v2())) {
            JsonNode item = doc.get("paths").get(path);
            assertThat(item).as(path).isNotNull();
            JsonNode op = item.has("get") ? item.get("get") : item.get("post");
            assertThat(gvks(Json.MAPPER.createArrayNode().add(op.get("x-kubernetes-group-version-kind")))).containsExactly(gvk);
        }
    }

    private static List<Map<String, String>> gvks(JsonNode list) {
        List<Map<String, String>> out = new ArrayList<>();
        list.forEach(g -> out.add(Map.of("group", g.get("group").asText(), "version", g.get("version").asText(),
                "kind", g.get("kind").asText())));
        return out;
    }

    @Test
    void everyOperationSaysItsActionAndKindAndEveryPatchTakesFieldValidation() {
        List<JsonNode> docs = new ArrayList<>(List.of(v2()));
        ResourceRegistry.builtin().groupVersions().forEach(gv -> docs.add(v3(gv)));
        int patches = 0;
        for (JsonNode doc : docs) {
            for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
                for (String method : List.of("get", "put", "post", "patch", "delete")) {
                    JsonNode op = path.getValue().get(method);
                    if (op == null) continue;
                    assertThat(op.get("x-kubernetes-action")).as(method + " " + path.getKey()).isNotNull();
                    assertThat(op.get("x-kubernetes-group-version-kind")).as(method + " " + path.getKey()).isNotNull();
                    if (method.equals("patch") || method.equals("put") || method.equals("post")) {
                        assertThat(op.get("parameters").findValuesAsText("name")).as(path.getKey()).contains("fieldValidation");
                        assertThat(op.get("parameters")).anySatisfy(p -> {
                            assertThat(p.get("name").asText()).isEqualTo("fieldValidation");
                            assertThat(p.get("in").asText()).isEqualTo("query");
                        });
                    }
                    if (method.equals("patch")) patches++;
                }
            }
        }
        assertThat(patches).isGreaterThan(2 * BuiltinResources.all().size() - 10);
    }

    @Test
    void everyReferenceResolvesWithinItsDocument() {
        assertResolves(v2(), "#/definitions/", v2().get("definitions"));
        for (String gv : ResourceRegistry.builtin().groupVersions()) {
            JsonNode doc = v3(gv);
            assertResolves(doc, "#/components/schemas/", doc.at("/components/schemas"));
        }
    }

    private static void assertResolves(JsonNode doc, String prefix, JsonNode schemas) {
        for (JsonNode ref : doc.findValues("$ref")) {
            assertThat(ref.asText()).startsWith(prefix);
            assertThat(schemas.has(ref.asText().substring(prefix.length()))).as(ref.asText()).isTrue();
        }
    }

    /**
     * @param pointer a definition name, then a JSON pointer into it
     * @param v2 the JSON there in /openapi/v2, descriptions left out ("null": nothing there)
     * @param v3 the same in the group-version's v3 document, when it differs
     */
    record Case(String name, String groupVersion, String pointer, String v2, String v3) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> fields() {
        String meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";
        return Stream.of(
                new Case("replicas is int32", "apps/v1", "io.k8s.api.apps.v1.DeploymentSpec/properties/replicas",
                        "{\"format\":\"int32\",\"type\":\"integer\"}", null),
                new Case("int64", "apps/v1", "io.k8s.api.apps.v1.ControllerRevision/properties/revision",
                        "{\"format\":\"int64\",\"type\":\"integer\"}", null),
                new Case("labels are a map of strings", "v1", meta + "ObjectMeta/properties/labels",
                        "{\"additionalProperties\":{\"type\":\"string\"},\"type\":\"object\"}", null),
                new Case("timestamps are Time", "v1", meta + "ObjectMeta/properties/creationTimestamp",
                        "{\"$ref\":\"#/definitions/" + meta + "Time\"}",
                        "{\"allOf\":[{\"$ref\":\"#/components/schemas/" + meta + "Time\"}]}"),
                new Case("Time is a date-time string", "v1", meta + "Time", "{\"format\":\"date-time\",\"type\":\"string\"}", null),
                new Case("Quantity is a string in v2", "v1", "io.k8s.apimachinery.pkg.api.resource.Quantity",
                        "{\"type\":\"string\"}", "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}"),
                new Case("IntOrString", "v1", "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                        "{\"format\":\"int-or-string\",\"type\":\"string\",\"x-kubernetes-int-or-string\":true}",
                        "{\"format\":\"int-or-string\",\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}],"
                                + "\"x-kubernetes-int-or-string\":true}"),
                new Case("secret data is bytes", "v1", "io.k8s.api.core.v1.Secret/properties/data/additionalProperties",
                        "{\"format\":\"byte\",\"type\":\"string\"}", null),
                new Case("resources are Quantities", "v1", "io.k8s.api.core.v1.ResourceRequirements/properties/limits",
                        "{\"additionalProperties\":{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity\"},"
                                + "\"type\":\"object\"}",
                        "{\"additionalProperties\":{\"$ref\":\"#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity\"},"
                                + "\"type\":\"object\"}"),
                new Case("untyped is RawExtension, an object", "apps/v1", "io.k8s.apimachinery.pkg.runtime.RawExtension",
                        "{\"type\":\"object\"}", null),
                new Case("untyped is RawExtension", "apps/v1", "io.k8s.api.apps.v1.ControllerRevision/properties/data",
                        "{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension\"}",
                        "{\"$ref\":\"#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension\"}"),
                new Case("lease times are MicroTime", "coordination.k8s.io/v1", "io.k8s.api.coordination.v1.LeaseSpec/properties/renewTime",
                        "{\"$ref\":\"#/definitions/" + meta + "MicroTime\"}", "{\"$ref\":\"#/components/schemas/" + meta + "MicroTime\"}"),
                new Case("containers merge by name", "v1", "io.k8s.api.core.v1.PodSpec/properties/containers/x-kubernetes-patch-merge-key",
                        "\"name\"", null),
                new Case("service ports are a map by port and protocol", "v1",
                        "io.k8s.api.core.v1.ServiceSpec/properties/ports/x-kubernetes-list-map-keys", "[\"port\",\"protocol\"]", null),
                new Case("required fields", "v1", "io.k8s.api.core.v1.Container/required", "[\"name\"]", null),
                new Case("list items are required", "v1", "io.k8s.api.core.v1.PodList/required", "[\"items\"]", null),
                new Case("lists have their GVK", "v1", "io.k8s.api.core.v1.PodList/x-kubernetes-group-version-kind",
                        "[{\"group\":\"\",\"kind\":\"PodList\",\"version\":\"v1\"}]", null),
                new Case("field names are Jackson's", "v1", meta + "ListMeta/properties/_continue", "null", null),
                new Case("FieldsV1 is a free-form object", "v1", meta + "FieldsV1", "{\"type\":\"object\"}", null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void describesFieldsAsUpstreamDoes(Case c) {
        int slash = c.pointer().indexOf('/');
        String definition = slash < 0 ? c.pointer() : c.pointer().substring(0, slash);
        String rest = slash < 0 ? "" : c.pointer().substring(slash);
        JsonNode v2 = v2().get("definitions").get(definition).at(rest);
        JsonNode v3 = v3(c.groupVersion()).at("/components/schemas").get(definition).at(rest);

        assertThat(withoutDescription(v2)).as("v2").isEqualTo(c.v2());
        assertThat(withoutDescription(v3)).as("v3").isEqualTo(c.v3() == null ? c.v2() : c.v3());
    }

    private static String withoutDescription(JsonNode node) {
        if (node.isMissingNode()) return "null";
        JsonNode copy = node.deepCopy();
        if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode o) o.remove("description");
        return Json.write(copy);
    }

    @Test
    void v3WrapsAnnotatedReferencesInAllOf() {
        // OpenAPI 3.0 ignores a $ref's siblings, so a described reference is an allOf of one.
        JsonNode spec = v3("apps/v1").at("/components/schemas").get("io.k8s.api.apps.v1.Deployment").at("/properties/spec");
        assertThat(spec.at("/allOf/0/$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(spec.get("description").asText()).isNotEmpty();
        JsonNode v2Spec = v2().get("definitions").get("io.k8s.api.apps.v1.Deployment").at("/properties/spec");
        assertThat(v2Spec.get("$ref").asText()).isEqualTo("#/definitions/io.k8s.api.apps.v1.DeploymentSpec");
    }

    @Test
    void protobufStartsWithTheSwaggerVersion() {
        byte[] pb = OpenApi.v2Protobuf();
        // field 1 (swagger), wire type 2, length 3, "2.0"
        assertThat(new byte[] {pb[0], pb[1], pb[2], pb[3], pb[4]}).containsExactly(0x0A, 3, '2', '.', '0');
        assertThat(pb.length).isGreaterThan(100_000);
    }

    @Test
    void documentsAreBuiltOnceAndServedFromTheCache() {
        // How fast a build is belongs in a benchmark; what a test can hold is that it happens once.
        assertThat(OpenApi.v2()).isSameAs(OpenApi.v2());
        assertThat(OpenApi.v3("apps/v1").orElseThrow()).isSameAs(OpenApi.v3("apps/v1").orElseThrow());
    }
}
