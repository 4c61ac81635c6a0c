package io.j8s.api.validation;

import static io.j8s.api.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.BuiltinResources;
import io.j8s.api.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** fieldValidation=Strict: unknown and duplicate fields. */
class StrictFieldsTest {

    record Case(String name, String yaml, List<String> unknown) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> bodies() {
        return Stream.of(
                new Case("a known pod", """
                        {apiVersion: v1, kind: Pod, metadata: {name: p, labels: {any: thing}, annotations: {x/y: z}},
                         spec: {containers: [{name: c, image: i, resources: {requests: {cpu: 1, example.com/gpu: 1}},
                                             ports: [{containerPort: 80}], livenessProbe: {httpGet: {port: http}}}]},
                         status: {conditions: [{type: Ready, status: "True", lastTransitionTime: "2024-01-01T00:00:00Z"}]}}""",
                        List.of()),
                new Case("a misspelt container field", """
                        {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c}, {name: d, imagePullPolice: Always}]}}""",
                        List.of("spec.containers[1].imagePullPolice")),
                new Case("unknown fields at every level", """
                        {apiVersion: apps/v1, kind: Deployment, extra: 1, metadata: {name: d, nickname: x},
                         spec: {foo: {bar: 1}, replicas: 1, template: {spec: {containers: [{name: c, image: i}], hostname2: h}}}}""",
                        List.of("extra", "metadata.nickname", "spec.foo", "spec.template.spec.hostname2")),
                new Case("int-or-string and quantities take any scalar", """
                        {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 8081}]}}""",
                        List.of()),
                new Case("map keys are free", """
                        {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {anything: goes, also.this: here}, binaryData: {b: YQ==}}""",
                        List.of()),
                new Case("a raw extension is opaque", """
                        {apiVersion: apps/v1, kind: ControllerRevision, metadata: {name: r}, revision: 1, data: {spec: {whatever: {}}}}""",
                        List.of()),
                new Case("event times are strings", """
                        {apiVersion: events.k8s.io/v1, kind: Event, metadata: {name: e}, eventTime: "2024-01-01T00:00:00.000000Z",
                         series: {count: 2, lastObservedTime: "2024-01-01T00:00:00.000000Z"}, regarding: {kind: Pod, name: p, colour: red}}""",
                        List.of("regarding.colour")),
                new Case("managed fields are free-form", """
                        {apiVersion: v1, kind: ConfigMap, metadata: {name: c, managedFields: [{manager: kubectl, operation: Apply,
                         apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {"f:data": {"f:a": {}}}, time: "2024-01-01T00:00:00Z"}]}}""",
                        List.of()),
                new Case("a secret's stringData is part of the schema", """
                        {apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {a: b}, type: Opaque, immutable: true}""",
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void findsFieldsTheSchemaDoesNotHave(Case c) {
        ObjectNode body = yaml(c.yaml());
        ResourceType type = Fixtures.typeOf(body);
        assertThat(Validation.unknownFields(type, body)).containsExactlyElementsOf(c.unknown());
    }

    static List<ResourceType> builtins() {
        return BuiltinResources.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void typeMetaAndObjectMetaAreKnownEverywhere(ResourceType type) {
        ObjectNode body = yaml("{metadata: {name: n, namespace: ns, labels: {a: b}, ownerReferences: [{apiVersion: v1, kind: Pod, name: p, uid: u}]}}");
        body.put("apiVersion", type.apiVersion()).put("kind", type.kind());
        assertThat(Validation.unknownFields(type, body)).isEmpty();
    }

    record Dup(String name, String body, List<String> duplicates) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Dup> duplicates() {
        return Stream.of(
                new Dup("none", "{\"spec\": {\"replicas\": 1}, \"metadata\": {\"name\": \"a\"}}", List.of()),
                new Dup("a JSON field twice", "{\"spec\": {\"replicas\": 1, \"replicas\": 2}}", List.of("spec.replicas")),
                new Dup("in the second list element", """
                        {"spec": {"containers": [{"name": "a"}, {"name": "b", "image": "x", "image": "y"}], "volumes": []}, "kind": "Pod", "kind": "Pod"}""",
                        List.of("spec.containers[1].image", "kind")),
                new Dup("the same name in sibling objects is fine", "{\"a\": {\"x\": 1}, \"b\": {\"x\": 1}, \"c\": [[{\"x\": 1}], {\"x\": 2}]}", List.of()),
                new Dup("a YAML key twice", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: a
                          name: b
                        data:
                          k: v
                        """, List.of("metadata.name")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicates")
    void findsFieldsGivenTwice(Dup c) {
        assertThat(Validation.duplicateFields(c.body().getBytes(StandardCharsets.UTF_8))).containsExactlyElementsOf(c.duplicates());
    }
}
