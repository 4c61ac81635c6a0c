package io.j8s.api.patch;

import static io.j8s.api.patch.Want.json;
import static io.j8s.api.patch.Want.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

    record Case(String name, String target, String patch, Want want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** RFC 7386 appendix A, every row. */
    static Stream<Case> rfc7386Examples() {
        return Stream.of(
                new Case("replaces a member", "{'a':'b'}", "{'a':'c'}", result("{'a':'c'}")),
                new Case("adds a member", "{'a':'b'}", "{'b':'c'}", result("{'a':'b','b':'c'}")),
                new Case("null removes a member", "{'a':'b'}", "{'a':null}", result("{}")),
                new Case("null removes only that member", "{'a':'b','b':'c'}", "{'a':null}", result("{'b':'c'}")),
                new Case("a scalar replaces a list", "{'a':['b']}", "{'a':'c'}", result("{'a':'c'}")),
                new Case("a list replaces a scalar", "{'a':'c'}", "{'a':['b']}", result("{'a':['b']}")),
                new Case("objects merge recursively", "{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", result("{'a':{'b':'d'}}")),
                new Case("lists are replaced whole", "{'a':[{'b':'c'}]}", "{'a':[1]}", result("{'a':[1]}")),
                new Case("a list patch replaces a list", "['a','b']", "['c','d']", result("['c','d']")),
                new Case("a list patch replaces an object", "{'a':'b'}", "['c']", result("['c']")),
                new Case("a null patch is null", "{'a':'foo'}", "null", result("null")),
                new Case("a scalar patch is that scalar", "{'a':'foo'}", "'bar'", result("'bar'")),
                new Case("nulls in the target stay", "{'e':null}", "{'a':1}", result("{'e':null,'a':1}")),
                new Case("an object patch onto a list starts from nothing", "[1,2]", "{'a':'b','c':null}", result("{'a':'b'}")),
                new Case("nulls are pruned from new objects", "{}", "{'a':{'bb':{'ccc':null}}}", result("{'a':{'bb':{}}}")));
    }

    /** What kubectl sends as merge patches, and v4's leniencies. */
    static Stream<Case> kubectl() {
        return Stream.of(
                new Case("kubectl label adds a label", "{'metadata':{'name':'p','labels':{'app':'web'}}}",
                        "{'metadata':{'labels':{'tier':'front'}}}",
                        result("{'metadata':{'name':'p','labels':{'app':'web','tier':'front'}}}")),
                new Case("kubectl label app- removes a label", "{'metadata':{'name':'p','labels':{'app':'web','tier':'front'}}}",
                        "{'metadata':{'labels':{'app':null}}}", result("{'metadata':{'name':'p','labels':{'tier':'front'}}}")),
                new Case("kubectl label --resource-version sends the version", "{'metadata':{'resourceVersion':'7','labels':{}}}",
                        "{'metadata':{'labels':{'a':'b'},'resourceVersion':'7'}}",
                        result("{'metadata':{'resourceVersion':'7','labels':{'a':'b'}}}")),
                new Case("kubectl annotate adds an annotation to an object without any", "{'metadata':{'name':'p'}}",
                        "{'metadata':{'annotations':{'note':'x'}}}", result("{'metadata':{'name':'p','annotations':{'note':'x'}}}")),
                new Case("kubectl scale sets spec.replicas", "{'spec':{'replicas':1,'selector':{'matchLabels':{'a':'b'}}}}",
                        "{'spec':{'replicas':3}}", result("{'spec':{'replicas':3,'selector':{'matchLabels':{'a':'b'}}}}")),
                new Case("a member that is null in the target counts as absent", "{'a':null}", "{'a':{'b':1,'c':null}}",
                        result("{'a':{'b':1}}")),
                new Case("nulls are pruned inside objects in lists", "{}", "{'l':[{'a':null,'b':1},null]}",
                        result("{'l':[{'b':1},null]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"rfc7386Examples", "kubectl"})
    void mergesLikeKubeApiserver(Case c) {
        JsonNode target = json(c.target());
        JsonNode before = target.deepCopy();
        c.want().check(() -> MergePatch.apply(target, json(c.patch())));
        assertThat(target).as("the target is not changed").isEqualTo(before);
    }
}
