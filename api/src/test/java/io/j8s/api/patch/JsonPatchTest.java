package io.j8s.api.patch;

import static io.j8s.api.patch.Want.json;
import static io.j8s.api.patch.Want.refused;
import static io.j8s.api.patch.Want.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.j8s.api.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPatchTest {

    record Case(String name, String doc, String patch, Want want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** RFC 6902 appendix A, with the outcome evanphx/json-patch v4 gives for each. */
    static Stream<Case> rfc6902Examples() {
        return Stream.of(
                new Case("A.1 adds an object member", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux'}]", result("{'baz':'qux','foo':'bar'}")),
                new Case("A.2 adds an array element", "{'foo':['bar','baz']}",
                        "[{'op':'add','path':'/foo/1','value':'qux'}]", result("{'foo':['bar','qux','baz']}")),
                new Case("A.3 removes an object member", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'remove','path':'/baz'}]", result("{'foo':'bar'}")),
                new Case("A.4 removes an array element", "{'foo':['bar','qux','baz']}",
                        "[{'op':'remove','path':'/foo/1'}]", result("{'foo':['bar','baz']}")),
                new Case("A.5 replaces a value", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'replace','path':'/baz','value':'boo'}]", result("{'baz':'boo','foo':'bar'}")),
                new Case("A.6 moves a value", "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                        result("{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}")),
                new Case("A.7 moves an array element", "{'foo':['all','grass','cows','eat']}",
                        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", result("{'foo':['all','cows','eat','grass']}")),
                new Case("A.8 passes tests of equal values", "{'baz':'qux','foo':['a',2,'c']}",
                        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                        result("{'baz':'qux','foo':['a',2,'c']}")),
                new Case("A.9 fails a test of a different value", "{'baz':'qux'}",
                        "[{'op':'test','path':'/baz','value':'bar'}]", refused(422, "testing value /baz failed: test failed")),
                new Case("A.10 adds a nested member object", "{'foo':'bar'}",
                        "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
                        result("{'foo':'bar','child':{'grandchild':{}}}")),
                new Case("A.11 ignores unrecognized members", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", result("{'foo':'bar','baz':'qux'}")),
                new Case("A.12 refuses to add to a nonexistent target", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz/bat','value':'qux'}]",
                        refused(422, "add operation does not apply: doc is missing path: \"/baz/bat\": missing value")),
                new Case("A.13 takes the last of duplicate members, as Go does", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','op':'remove'}]",
                        refused(422, "error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value")),
                new Case("A.14 decodes ~01 as ~1", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':10}]", result("{'/':9,'~1':10}")),
                new Case("A.15 tells strings from numbers", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':'10'}]", refused(422, "testing value /~01 failed: test failed")),
                new Case("A.16 appends an array value with -", "{'foo':['bar']}",
                        "[{'op':'add','path':'/foo/-','value':['abc','def']}]", result("{'foo':['bar',['abc','def']]}")));
    }

    /** Where v4, and so kube-apiserver, answers differently from the RFC or says something specific. */
    static Stream<Case> upstreamBehaviour() {
        return Stream.of(
                new Case("remove of a missing member names the key", "{'data':{'a':'1'}}",
                        "[{'op':'remove','path':'/data/missing'}]",
                        refused(422, "error in remove for path: '/data/missing': Unable to remove nonexistent key: missing: missing value")),
                new Case("remove under a missing parent says the doc is missing the path", "{'metadata':{}}",
                        "[{'op':'remove','path':'/data/missing'}]",
                        refused(422, "remove operation does not apply: doc is missing path: \"/data/missing\": missing value")),
                new Case("replace of a missing member adds it", "{'data':{}}",
                        "[{'op':'replace','path':'/data/k','value':'v'}]", result("{'data':{'k':'v'}}")),
                new Case("replace of a missing index fails", "{'a':[1]}",
                        "[{'op':'replace','path':'/a/3','value':2}]",
                        refused(422, "replace operation does not apply: doc is missing key: /a/3: missing value")),
                new Case("replace of the root takes an object", "{'a':1}",
                        "[{'op':'replace','path':'','value':{'b':2}}]", result("{'b':2}")),
                new Case("replace of the root refuses a scalar", "{'a':1}",
                        "[{'op':'replace','path':'','value':3}]",
                        refused(422, "replace operation value must be object or array: %!w(<nil>)")),
                new Case("add past the end of a list fails", "{'a':[1]}",
                        "[{'op':'add','path':'/a/5','value':2}]",
                        refused(422, "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced")),
                new Case("add with a non-numeric index fails like strconv.Atoi", "{'a':[1]}",
                        "[{'op':'add','path':'/a/x','value':2}]",
                        refused(422, "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax")),
                new Case("negative indices count from the end", "{'a':[1,2,3]}",
                        "[{'op':'remove','path':'/a/-1'},{'op':'add','path':'/a/-1','value':9}]", result("{'a':[1,2,9]}")),
                new Case("add without value adds null", "{}", "[{'op':'add','path':'/a'}]", result("{'a':null}")),
                new Case("add without path cannot decode it", "{}", "[{'op':'add','value':1}]",
                        refused(422, "add operation failed to decode path: missing value")),
                new Case("a path that is not a string is reported as Go decodes it", "{}",
                        "[{'op':'replace','path':1,'value':1}]",
                        refused(422, "replace operation failed to decode path: json: cannot unmarshal number into Go value of type string")),
                new Case("an unknown op is an unexpected kind", "{}", "[{'op':'frobnicate','path':'/a'}]",
                        refused(422, "Unexpected kind: frobnicate")),
                new Case("a missing op is kind unknown", "{}", "[{'path':'/a'}]", refused(422, "Unexpected kind: unknown")),
                new Case("move from a missing member names the key", "{'a':{}}",
                        "[{'op':'move','from':'/a/b','path':'/c'}]",
                        refused(422, "error in move for path: 'b': Unable to remove nonexistent key: b: missing value")),
                new Case("move into its own child loses the destination", "{'a':{'b':1}}",
                        "[{'op':'move','from':'/a','path':'/a/c'}]",
                        refused(422, "move operation does not apply: doc is missing destination path: /a/c: missing value")),
                new Case("copy duplicates a subtree", "{'a':{'b':[1]}}",
                        "[{'op':'copy','from':'/a','path':'/c'}]", result("{'a':{'b':[1]},'c':{'b':[1]}}")),
                new Case("copy from a missing member copies null", "{'a':{}}",
                        "[{'op':'copy','from':'/a/x','path':'/c'}]", result("{'a':{},'c':null}")),
                new Case("test of a missing member against null passes", "{'a':{}}",
                        "[{'op':'test','path':'/a/x','value':null}]", result("{'a':{}}")),
                new Case("test of a missing parent says it is missing", "{}",
                        "[{'op':'test','path':'/a/x','value':1}]",
                        refused(422, "test operation does not apply: is missing path: /a/x: missing value")),
                new Case("test compares numbers by value", "{'a':1.0}",
                        "[{'op':'test','path':'/a','value':1}]", result("{'a':1.0}")),
                new Case("test of the whole document", "{'a':[1]}",
                        "[{'op':'test','path':'','value':{'a':[1]}}]", result("{'a':[1]}")),
                new Case("a failed test stops the patch", "{'metadata':{'resourceVersion':'5'}}",
                        "[{'op':'test','path':'/metadata/resourceVersion','value':'4'},{'op':'add','path':'/x','value':1}]",
                        refused(422, "testing value /metadata/resourceVersion failed: test failed")),
                new Case("~1 addresses a key with a slash", "{'metadata':{'labels':{'app.kubernetes.io/name':'x'}}}",
                        "[{'op':'remove','path':'/metadata/labels/app.kubernetes.io~1name'}]",
                        result("{'metadata':{'labels':{}}}")),
                new Case("a patch that is an object is not a list of operations", "{}", "{'op':'add'}",
                        refused(400, "json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
                new Case("an operation that is not an object", "{}", "['add']",
                        refused(400, "json: cannot unmarshal string into Go value of type jsonpatch.Operation")),
                new Case("a null patch changes nothing", "{'a':1}", "null", result("{'a':1}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"rfc6902Examples", "upstreamBehaviour"})
    void appliesLikeKubeApiserver(Case c) {
        JsonNode doc = json(c.doc());
        JsonNode before = doc.deepCopy();
        c.want().check(() -> JsonPatch.apply(doc, json(c.patch())));
        assertThat(doc).as("the target is not changed").isEqualTo(before);
    }

    @Test
    void refusesMoreThanTenThousandOperationsAsTooLarge() {
        ArrayNode ops = Json.MAPPER.createArrayNode();
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            ops.add(json("{'op':'test','path':'/a','value':1}"));
        }
        refused(413, "The allowed maximum operations in a JSON patch is 10000, got 10001")
                .check(() -> JsonPatch.apply(json("{'a':1}"), ops));
    }

    @Test
    void refusesCopiesThatGrowTheObjectPastTheLimit() {
        String big = "x".repeat(1024 * 1024);
        JsonNode doc = json("{'a':'" + big + "'}");
        JsonNode patch = json("[{'op':'copy','from':'/a','path':'/b'},{'op':'copy','from':'/a','path':'/c'},"
                + "{'op':'copy','from':'/a','path':'/d'}]");
        refused(422, "Unable to complete the copy, the accumulated size increase of copy is 3145734, exceeding the limit 3145728")
                .check(() -> JsonPatch.apply(doc, patch));
    }
}
