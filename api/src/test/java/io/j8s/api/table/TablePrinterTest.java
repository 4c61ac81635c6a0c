package io.j8s.api.table;

import static io.j8s.api.table.Tables.ago;
import static io.j8s.api.table.Tables.type;
import static io.j8s.api.table.Tables.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.BuiltinResources;
import io.j8s.api.Json;
import io.j8s.api.ResourceType;
import io.j8s.api.table.TablePrinter.IncludeObject;
import io.j8s.api.table.TablePrinter.ListMeta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Table around the rows: metadata, column definitions, and what each row's object holds. */
class TablePrinterTest {

    private static final ResourceType PODS = type("", "pods");

    private static ObjectNode pod(String name) {
        return yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: default
                  uid: 6c1d8f0e-7b0e-4c55-9f5a-0d7a4b1e2f3a
                  resourceVersion: "42"
                  creationTimestamp: "%s"
                  labels: {app: web}
                  managedFields: [{manager: kubectl, operation: Apply}]
                spec:
                  containers: [{name: app, image: busybox}]
                status: {phase: Pending}
                """.formatted(name, ago("5s")));
    }

    static List<ResourceType> builtins() {
        return BuiltinResources.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtins")
    void everyKindPrintsItsNameAndARowPerObject(ResourceType type) {
        List<ObjectNode> objects = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("apiVersion", type.apiVersion()).put("kind", type.kind());
            o.putObject("metadata").put("name", name).put("creationTimestamp", ago("1m"));
            objects.add(o);
        }

        ObjectNode table = Tables.PRINTER.table(type, objects, IncludeObject.NONE, ListMeta.of("9"));

        List<String> names = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> names.add(c.get("name").asText()));
        List<Integer> nameColumns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (table.get("columnDefinitions").get(i).get("format").asText().equals("name")) {
                nameColumns.add(i);
            }
        }
        assertThat(nameColumns).hasSize(1);
        if (type.kind().equals("Event")) {
            // upstream's event table leads with LAST SEEN and keeps the name as its last, wide column
            assertThat(names).first().isEqualTo("Last Seen");
            assertThat(names).last().isEqualTo("Name");
        } else {
            assertThat(names).first().isEqualTo("Name");
        }
        assertThat(table.get("rows")).hasSize(2);
        for (int r = 0; r < 2; r++) {
            JsonNode cells = table.get("rows").get(r).get("cells");
            assertThat(cells).hasSize(names.size());
            assertThat(cells.get(nameColumns.getFirst()).asText()).isEqualTo(r == 0 ? "first" : "second");
        }
    }

    @Test
    void wrapsRowsInATableWithTheCallersListMetadata() {
        ObjectNode table = Tables.PRINTER.table(PODS, List.of(pod("a"), pod("b")), IncludeObject.NONE,
                new ListMeta("1234", "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", 7L));

        assertThat(table.get("kind").asText()).isEqualTo("Table");
        assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.get("metadata").toString())
                .isEqualTo("{\"resourceVersion\":\"1234\",\"continue\":\"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ\",\"remainingItemCount\":7}");
        List<String> fields = new ArrayList<>();
        table.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
        assertThat(table.get("rows")).hasSize(2);
    }

    @Test
    void sendsEveryColumnWithItsPriorityAsKubeApiserverDoes() {
        JsonNode columns = Tables.PRINTER.table(PODS, List.of(), IncludeObject.METADATA, ListMeta.of("5")).get("columnDefinitions");

        List<String> summary = new ArrayList<>();
        columns.forEach(c -> summary.add(c.get("name").asText() + ":" + c.get("type").asText() + ":" + c.get("format").asText()
                + ":" + c.get("priority").asInt()));
        assertThat(summary).containsExactly("Name:string:name:0", "Ready:string::0", "Status:string::0", "Restarts:string::0",
                "Age:string::0", "IP:string::1", "Node:string::1", "Nominated Node:string::1", "Readiness Gates:string::1");
        // as a 1.32 kube-apiserver writes them, every field present even when empty
        assertThat(columns.get(1).toString()).isEqualTo("{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\","
                + "\"description\":\"The aggregate readiness state of this pod for accepting traffic.\",\"priority\":0}");
        assertThat(columns.get(0).get("description").asText()).startsWith("Name must be unique within a namespace.");
        assertThat(columns.get(4).get("description").asText()).contains("\n\nPopulated by the system. Read-only. Null for lists.");
    }

    @Test
    void metadataRowsCarryPartialObjectMetadata() {
        ObjectNode pod = pod("a");

        JsonNode object = Tables.PRINTER.table(PODS, List.of(pod), IncludeObject.METADATA, ListMeta.of("5")).get("rows").get(0).get("object");

        assertThat(object.get("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(object.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(object.get("metadata")).isEqualTo(pod.get("metadata"));
        assertThat(object.has("spec")).isFalse();
    }

    @Test
    void objectRowsCarryTheWholeObjectAndNoneRowsNull() {
        ObjectNode pod = pod("a");

        JsonNode whole = Tables.PRINTER.table(PODS, List.of(pod), IncludeObject.OBJECT, ListMeta.of("5")).get("rows").get(0);
        JsonNode none = Tables.PRINTER.table(PODS, List.of(pod), IncludeObject.NONE, ListMeta.of("5")).get("rows").get(0);

        assertThat(whole.get("object")).isEqualTo(pod).isNotSameAs(pod);
        assertThat(Json.write(none)).endsWith(",\"object\":null}");
    }

    @Test
    void leavesTheObjectsAsTheyWere() {
        ObjectNode pod = pod("a");
        ObjectNode before = pod.deepCopy();
        ObjectNode event = yaml("metadata: {name: e}\nregarding: {kind: Pod, name: a}\nnote: hi");
        ObjectNode eventBefore = event.deepCopy();

        Tables.PRINTER.table(PODS, List.of(pod), IncludeObject.OBJECT, ListMeta.of("5"));
        Tables.PRINTER.table(type("events.k8s.io", "events"), List.of(event), IncludeObject.OBJECT, ListMeta.of("5"));

        assertThat(pod).isEqualTo(before);
        assertThat(event).isEqualTo(eventBefore);
    }

    @Test
    void anEmptyListHasColumnsAndNoRows() {
        ObjectNode table = Tables.PRINTER.table(PODS, List.of(), IncludeObject.METADATA, new ListMeta("", null, null));

        assertThat(table.get("metadata").isEmpty()).isTrue();
        assertThat(table.get("columnDefinitions")).hasSize(9);
        assertThat(table.get("rows").isArray()).isTrue();
        assertThat(table.get("rows")).isEmpty();
    }

    @Test
    void parsesIncludeObjectAsUpstreamDoes() {
        assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("Metadata")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
        assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
        assertThatThrownBy(() -> IncludeObject.parse("object"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unrecognized includeObject value: \"object\"");
    }
}
