package io.j8s.api.patch;

import static io.j8s.api.patch.Want.json;
import static io.j8s.api.patch.Want.refused;
import static io.j8s.api.patch.Want.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The entry point: content types, decoding the body as upstream does, and what the result must be. */
class PatchesTest {

    private static final ResourceType CONFIGMAP = ResourceRegistry.builtin().byKind("v1", "ConfigMap").orElseThrow();
    private static final String LIVE = "{'metadata':{'name':'c'},'data':{'a':'1'}}";
    private static final String SUPPORTED = "application/json-patch+json, application/merge-patch+json, "
            + "application/strategic-merge-patch+json";

    record ContentType(String header, PatchType want) {
        @Override
        public String toString() {
            return header.isEmpty() ? "(none)" : header;
        }
    }

    static Stream<ContentType> contentTypes() {
        return Stream.of(
                new ContentType("application/json-patch+json", PatchType.JSON_PATCH),
                new ContentType("application/merge-patch+json", PatchType.MERGE_PATCH),
                new ContentType("application/strategic-merge-patch+json", PatchType.STRATEGIC_MERGE_PATCH),
                new ContentType("application/strategic-merge-patch+json; charset=utf-8", PatchType.STRATEGIC_MERGE_PATCH),
                new ContentType("application/apply-patch+yaml", null),
                new ContentType("application/json", null),
                new ContentType("", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentTypes")
    void namesThePatchTypeOrAnswers415(ContentType c) {
        if (c.want() != null) {
            assertThat(PatchType.forContentType(c.header())).isEqualTo(c.want());
        } else {
            PatchException e = catchThrowableOfType(PatchException.class, () -> PatchType.forContentType(c.header()));
            assertThat(e.code()).isEqualTo(415);
            assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
            assertThat(e.getMessage())
                    .isEqualTo("the body of the request was in an unknown format - accepted media types include: " + SUPPORTED);
        }
    }

    @Test
    void refusesServerSideApplyWith415() {
        refused(415, "the body of the request was in an unknown format - accepted media types include: " + SUPPORTED)
                .check(() -> Patches.apply(PatchType.APPLY_PATCH, CONFIGMAP, (ObjectNode) json(LIVE),
                        "apiVersion: v1\nkind: ConfigMap\n".getBytes(StandardCharsets.UTF_8)));
    }

    record Case(String name, PatchType type, String body, Want want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Bodies written with real double quotes: these are about the bytes. */
    static Stream<Case> bodies() {
        return Stream.of(
                new Case("an empty JSON patch", PatchType.JSON_PATCH, "", refused(400, "unexpected end of JSON input")),
                new Case("a JSON patch with a trailing comma", PatchType.JSON_PATCH, "[{\"op\":\"add\",}]",
                        refused(400, "invalid character '}' looking for beginning of object key string")),
                new Case("a bare word", PatchType.STRATEGIC_MERGE_PATCH, "data",
                        refused(400, "invalid character 'd' looking for beginning of value")),
                new Case("a missing value", PatchType.STRATEGIC_MERGE_PATCH, "{\"data\": }",
                        refused(400, "invalid character '}' looking for beginning of value")),
                new Case("a missing colon", PatchType.STRATEGIC_MERGE_PATCH, "{\"data\" {}}",
                        refused(400, "invalid character '{' after object key")),
                new Case("a missing comma", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":1 \"b\":2}",
                        refused(400, "invalid character '\"' after object key:value pair")),
                new Case("a missing comma in a list", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":[1 2]}",
                        refused(400, "invalid character '2' after array element")),
                new Case("text after the value", PatchType.STRATEGIC_MERGE_PATCH, "{} x",
                        refused(400, "invalid character 'x' after top-level value")),
                new Case("a broken literal", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":tru}",
                        refused(400, "invalid character '}' in literal true (expecting 'e')")),
                new Case("a bad escape", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":\"\\q\"}",
                        refused(400, "invalid character 'q' in string escape code")),
                new Case("a raw tab in a string", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":\"\t\"}",
                        refused(400, "invalid character '\\t' in string literal")),
                new Case("a leading zero", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":01}",
                        refused(400, "invalid character '1' after object key:value pair")),
                new Case("a lone minus", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":-}",
                        refused(400, "invalid character '}' in numeric literal")),
                new Case("a bare decimal point", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":1.}",
                        refused(400, "invalid character '}' after decimal point in numeric literal")),
                new Case("an empty exponent", PatchType.STRATEGIC_MERGE_PATCH, "{\"a\":1e}",
                        refused(400, "invalid character '}' in exponent of numeric literal")),
                new Case("a truncated object", PatchType.STRATEGIC_MERGE_PATCH, "{\"data\":{\"a\":",
                        refused(400, "unexpected end of JSON input")),
                new Case("a strategic patch that is a list", PatchType.STRATEGIC_MERGE_PATCH, "[]",
                        refused(400, "json: cannot unmarshal array into Go value of type map[string]interface {}")),
                new Case("a null strategic patch changes nothing", PatchType.STRATEGIC_MERGE_PATCH, "null", result(LIVE)),
                new Case("a malformed merge patch", PatchType.MERGE_PATCH, "{\"data\":", refused(400, "Invalid JSON Patch")),
                new Case("a null merge patch", PatchType.MERGE_PATCH, "null", refused(400, "Invalid JSON Patch")),
                new Case("a string merge patch", PatchType.MERGE_PATCH, "\"x\"", refused(400, "Invalid JSON Patch")),
                new Case("a merge patch that is a list leaves no object", PatchType.MERGE_PATCH, "[1]",
                        refused(422, "patch: Invalid value: \"[1]\": the patched object must be a JSON object, not array")),
                new Case("a JSON patch that replaces the object with a list", PatchType.JSON_PATCH,
                        "[{\"op\":\"replace\",\"path\":\"\",\"value\":[]}]",
                        refused(422, "patch: Invalid value: \"[]\": the patched object must be a JSON object, not array")),
                new Case("numbers keep their form", PatchType.MERGE_PATCH, "{\"data\":{\"n\":10000000000000000000001}}",
                        result("{'metadata':{'name':'c'},'data':{'a':'1','n':10000000000000000000001}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void decodesBodiesAsUpstream(Case c) {
        c.want().check(() -> Patches.apply(c.type(), CONFIGMAP, (ObjectNode) json(LIVE),
                c.body().getBytes(StandardCharsets.UTF_8)));
    }
}
