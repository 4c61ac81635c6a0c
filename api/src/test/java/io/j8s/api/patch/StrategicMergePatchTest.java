package io.j8s.api.patch;

import static io.j8s.api.patch.Want.json;
import static io.j8s.api.patch.Want.refused;
import static io.j8s.api.patch.Want.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semantics of strategic merge, case by case; most cases are upstream's own (strategicpatch
 * patch_test.go), moved from its test struct onto the real fields with the same tags.
 */
class StrategicMergePatchTest {

    private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();
    static final ResourceType POD = REGISTRY.byKind("v1", "Pod").orElseThrow();
    static final ResourceType DEPLOYMENT = REGISTRY.byKind("apps/v1", "Deployment").orElseThrow();
    static final ResourceType SERVICE = REGISTRY.byKind("v1", "Service").orElseThrow();
    static final ResourceType NODE = REGISTRY.byKind("v1", "Node").orElseThrow();
    static final ResourceType CONFIGMAP = REGISTRY.byKind("v1", "ConfigMap").orElseThrow();

    record Case(String name, ResourceType type, String target, String patch, Want want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> maps() {
        return Stream.of(
                new Case("merges maps key by key", CONFIGMAP, "{'data':{'a':'1','b':'2'}}", "{'data':{'b':'3','c':'4'}}",
                        result("{'data':{'a':'1','b':'3','c':'4'}}")),
                new Case("null deletes a key", CONFIGMAP, "{'data':{'a':'1','b':'2'}}", "{'data':{'a':null}}",
                        result("{'data':{'b':'2'}}")),
                new Case("null for an absent key is ignored", CONFIGMAP, "{'data':{'a':'1'}}", "{'data':{'z':null}}",
                        result("{'data':{'a':'1'}}")),
                new Case("$patch: delete empties a map", POD, "{'metadata':{'labels':{'a':'1','b':'1'}}}",
                        "{'metadata':{'labels':{'$patch':'delete'}}}", result("{'metadata':{'labels':{}}}")),
                new Case("$patch: replace replaces a map", POD, "{'metadata':{'labels':{'name':'1','value':'1'}}}",
                        "{'metadata':{'labels':{'other':'a','$patch':'replace'}}}", result("{'metadata':{'labels':{'other':'a'}}}")),
                new Case("$patch: replace alone empties a map", POD, "{'metadata':{'labels':{'name':'1'}}}",
                        "{'metadata':{'labels':{'$patch':'replace'}}}", result("{'metadata':{'labels':{}}}")),
                new Case("a value of another type replaces", CONFIGMAP, "{'data':{'a':'1'}}", "{'data':'x'}",
                        result("{'data':'x'}")),
                new Case("a new map arrives without its nulls", POD, "{'metadata':{'name':'p'}}",
                        "{'metadata':{'annotations':{'a':'1','b':null}}}",
                        result("{'metadata':{'name':'p','annotations':{'a':'1'}}}")),
                new Case("$retainKeys clears the keys it does not list", DEPLOYMENT,
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
                        result("{'spec':{'strategy':{'type':'Recreate'}}}")),
                new Case("without $retainKeys a retainKeys map merges", DEPLOYMENT,
                        "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                        "{'spec':{'strategy':{'rollingUpdate':{'maxSurge':2}}}}",
                        result("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':2}}}}")),
                new Case("$retainKeys refuses a patch that sets an unlisted key", DEPLOYMENT,
                        "{'spec':{'strategy':{'type':'RollingUpdate'}}}",
                        "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':{}}}}",
                        refused(400, "invalid patch format of retainKeys")),
                new Case("$patch: merge on a map is an unknown patch type", CONFIGMAP, "{'data':{'a':'1'}}",
                        "{'data':{'$patch':'merge','b':'2'}}",
                        refused(400, "unknown patch type: merge in map: map[$patch:merge b:2]")),
                new Case("an unknown directive is refused", CONFIGMAP, "{'data':{}}", "{'data':{'$frobnicate':['a']}}",
                        refused(400, "unknown patch directive: $frobnicate")),
                new Case("$patch: replace at the top replaces the whole object", CONFIGMAP,
                        "{'metadata':{'name':'c'},'data':{'a':'1'}}", "{'$patch':'replace','metadata':{'name':'c'}}",
                        result("{'metadata':{'name':'c'}}")));
    }

    static Stream<Case> listsMergedByKey() {
        return Stream.of(
                new Case("merges items with the same merge key", POD,
                        "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}",
                        "{'spec':{'containers':[{'name':'b','image':'z'}]}}",
                        result("{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'z'}]}}")),
                new Case("a new item goes before the items the patch does not name", POD,
                        "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'c'}]}}",
                        result("{'spec':{'containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}}")),
                new Case("preserves the order from the patch", POD,
                        "{'spec':{'containers':[{'name':'1'},{'name':'2','image':'b'},{'name':'3'}]}}",
                        "{'spec':{'containers':[{'name':'3','image':'c'},{'name':'1','image':'a'},{'name':'2','args':['x']}]}}",
                        result("{'spec':{'containers':[{'name':'3','image':'c'},{'name':'1','image':'a'},{'name':'2','image':'b','args':['x']}]}}")),
                new Case("server-only items keep their place relative to patched ones", POD,
                        "{'spec':{'containers':[{'name':'1'},{'name':'2','image':'b'},{'name':'3'}]}}",
                        "{'spec':{'containers':[{'name':'3','image':'c'},{'name':'1','image':'a'}]}}",
                        result("{'spec':{'containers':[{'name':'2','image':'b'},{'name':'3','image':'c'},{'name':'1','image':'a'}]}}")),
                new Case("$patch: delete removes every item with the key", POD,
                        "{'spec':{'containers':[{'name':'app','env':[{'name':'1'},{'name':'1'},{'name':'2','value':'a'},{'name':'3'},{'name':'3'}]}]}}",
                        "{'spec':{'containers':[{'name':'app','env':[{'name':'1','$patch':'delete'},{'name':'3','$patch':'delete'}]}]}}",
                        result("{'spec':{'containers':[{'name':'app','env':[{'name':'2','value':'a'}]}]}}")),
                new Case("$patch: replace makes the other items the list", POD,
                        "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b'}]}}",
                        "{'spec':{'containers':[{'name':'c','image':null},{'$patch':'replace'}]}}",
                        result("{'spec':{'containers':[{'name':'c'}]}}")),
                new Case("$patch: replace alone empties the list", POD,
                        "{'spec':{'containers':[{'name':'1'},{'name':'2'}]}}", "{'spec':{'containers':[{'$patch':'replace'}]}}",
                        result("{'spec':{'containers':[]}}")),
                new Case("two empty lists merge to an empty list", POD, "{'spec':{'containers':[]}}",
                        "{'spec':{'containers':[]}}", result("{'spec':{'containers':[]}}")),
                new Case("merge keys compare as values, 80 matching 80", POD,
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}",
                        "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}",
                        result("{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http','protocol':'TCP'},{'containerPort':443}]}]}}")),
                new Case("service ports merge by port", SERVICE,
                        "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':8443}]}}",
                        "{'spec':{'ports':[{'port':443,'targetPort':9443}]}}",
                        result("{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':9443}]}}")),
                new Case("node addresses merge by type", NODE,
                        "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}]}}",
                        "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}",
                        result("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'n1'}]}}")),
                new Case("an item without its merge key is refused", POD,
                        "{'spec':{'containers':[{'name':'1','image':'a'}]}}", "{'spec':{'containers':[{'image':'b'}]}}",
                        refused(400, "map: map[image:b] does not contain declared merge key: name")),
                new Case("a delete item without its merge key is refused", POD,
                        "{'spec':{'containers':[{'name':'1'}]}}", "{'spec':{'containers':[{'$patch':'delete'}]}}",
                        refused(400, "map: map[$patch:delete] does not contain declared merge key: name")),
                new Case("$patch: merge in a list is not supported", POD,
                        "{'spec':{'containers':[{'name':'1'}]}}", "{'spec':{'containers':[{'name':'1','$patch':'merge'}]}}",
                        refused(400, "merging lists cannot yet be specified in the patch")),
                new Case("an unknown $patch in a list is refused", POD,
                        "{'spec':{'containers':[{'name':'1'}]}}", "{'spec':{'containers':[{'name':'1','$patch':'frob'}]}}",
                        refused(400, "unknown patch type: frob in map: map[$patch:frob name:1]")),
                new Case("items of mixed types are refused", POD,
                        "{'spec':{'containers':[{'name':'1'}]}}", "{'spec':{'containers':['x']}}",
                        refused(400, "list element types are not identical: [[map[name:1]] [x]]")),
                new Case("lists of lists are refused as invalid", POD,
                        "{'spec':{'containers':[['a']]}}", "{'spec':{'containers':[['b']]}}",
                        refused(422, "lists of lists are not supported")),
                new Case("a new item arrives without directives or nulls", POD,
                        "{'spec':{'containers':[{'name':'a'}]}}",
                        "{'spec':{'containers':[{'name':'b','image':null,'$setElementOrder/env':[{'name':'X'}],'env':[{'name':'X','value':'1'},{'name':'Y','$patch':'delete'}]}]}}",
                        result("{'spec':{'containers':[{'name':'b','env':[{'name':'X','value':'1'}]},{'name':'a'}]}}")),
                new Case("ownerReferences merge by uid", POD,
                        "{'metadata':{'ownerReferences':[{'uid':'u1','kind':'ReplicaSet','name':'rs'},{'uid':'u2','kind':'Node','name':'n'}]}}",
                        "{'metadata':{'ownerReferences':[{'$patch':'delete','uid':'u1'}],'uid':'p1'}}",
                        result("{'metadata':{'ownerReferences':[{'uid':'u2','kind':'Node','name':'n'}],'uid':'p1'}}")));
    }

    static Stream<Case> listsOfPrimitivesAndAtomicLists() {
        return Stream.of(
                new Case("merged primitives are unique", POD, "{'metadata':{'finalizers':['1','2']}}",
                        "{'metadata':{'finalizers':['2','3']}}", result("{'metadata':{'finalizers':['1','2','3']}}")),
                new Case("preserves the patch order of primitives", POD, "{'metadata':{'finalizers':['1','2','3']}}",
                        "{'metadata':{'finalizers':['3','1','2']}}", result("{'metadata':{'finalizers':['3','1','2']}}")),
                new Case("server-only primitives keep their place", POD, "{'metadata':{'finalizers':['1','2','3']}}",
                        "{'metadata':{'finalizers':['3','1']}}", result("{'metadata':{'finalizers':['2','3','1']}}")),
                new Case("$deleteFromPrimitiveList removes values", NODE, "{'spec':{'podCIDRs':['10.0.0.0/24','fd00::/64']}}",
                        "{'spec':{'$deleteFromPrimitiveList/podCIDRs':['fd00::/64']}}", result("{'spec':{'podCIDRs':['10.0.0.0/24']}}")),
                new Case("$deleteFromPrimitiveList of an absent list does nothing", POD, "{'metadata':{'name':'p'}}",
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}", result("{'metadata':{'name':'p'}}")),
                new Case("$deleteFromPrimitiveList without a list name is malformed", POD, "{'metadata':{'finalizers':['a']}}",
                        "{'metadata':{'$deleteFromPrimitiveListfinalizers':['a']}}", refused(400, "invalid patch format of primitive list")),
                new Case("lists without a merge strategy are replaced", POD,
                        "{'spec':{'tolerations':[{'key':'a','operator':'Exists'}],'containers':[{'name':'c','args':['x','y']}]}}",
                        "{'spec':{'tolerations':[{'key':'b','operator':'Exists'}],'containers':[{'name':'c','args':['z']}]}}",
                        result("{'spec':{'tolerations':[{'key':'b','operator':'Exists'}],'containers':[{'name':'c','args':['z']}]}}")),
                new Case("container statuses are replaced, not merged", POD,
                        "{'status':{'containerStatuses':[{'name':'a','ready':true},{'name':'b','ready':true}]}}",
                        "{'status':{'containerStatuses':[{'name':'a','ready':false}]}}",
                        result("{'status':{'containerStatuses':[{'name':'a','ready':false}]}}")));
    }

    static Stream<Case> setElementOrder() {
        return Stream.of(
                new Case("orders the merged list as the directive says", POD,
                        "{'spec':{'containers':[{'name':'1'},{'name':'3'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'3'},{'name':'2'},{'name':'1'}],'containers':[{'name':'3','image':'3'},{'name':'1','image':'1'}]}}",
                        result("{'spec':{'containers':[{'name':'3','image':'3'},{'name':'1','image':'1'}]}}")),
                new Case("orders primitives without a patch list", POD, "{'metadata':{'finalizers':['1','3']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['3','2','1']}}", result("{'metadata':{'finalizers':['3','1']}}")),
                new Case("a server-only item stays before the ordered item it preceded", POD,
                        "{'spec':{'containers':[{'name':'a'},{'name':'injected'},{'name':'b'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'b','image':'x'}]}}",
                        result("{'spec':{'containers':[{'name':'injected'},{'name':'b','image':'x'},{'name':'a'}]}}")),
                new Case("a patch list out of the directive's order is refused", POD,
                        "{'spec':{'containers':[{'name':'1'},{'name':'3'},{'name':'2'}]}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'1'},{'name':'2'},{'name':'3'}],'containers':[{'name':'3','image':'3'},{'name':'1','image':'1'}]}}",
                        refused(400, "The order in patch list:\n[map[image:3 name:3] map[image:1 name:1]]\n doesn't match"
                                + " $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n")),
                new Case("a primitive list out of the directive's order is refused", POD,
                        "{'metadata':{'finalizers':['1','3','2']}}",
                        "{'metadata':{'$setElementOrder/finalizers':['1','2','3'],'finalizers':['3','1']}}",
                        refused(400, "The order in patch list:\n[3 1]\n doesn't match $setElementOrder list:\n[1 2 3]\n")),
                new Case("a directive that is not a list is refused", POD, "{'metadata':{'finalizers':['1']}}",
                        "{'metadata':{'$setElementOrder/finalizers':'1'}}", refused(400, "expected a []interface {}, but received a string")),
                new Case("a directive without a list name is malformed", POD, "{'metadata':{'finalizers':['1']}}",
                        "{'metadata':{'$setElementOrder':['1']}}", refused(400, "invalid patch format of setElementOrder list")),
                new Case("an ordered list new to the object is added in order", POD, "{'spec':{}}",
                        "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'c'},{'name':'a'}],'containers':[{'name':'b'},{'name':'a','image':null}]}}",
                        result("{'spec':{'containers':[{'name':'b'},{'name':'a'}]}}")),
                new Case("status conditions merge by type in the directive's order", POD,
                        "{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}",
                        "{'status':{'$setElementOrder/conditions':[{'type':'PodScheduled'},{'type':'Ready'}],'conditions':[{'type':'Ready','status':'True'}]}}",
                        result("{'status':{'conditions':[{'type':'PodScheduled','status':'True'},{'type':'Ready','status':'True'}]}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"maps", "listsMergedByKey", "listsOfPrimitivesAndAtomicLists", "setElementOrder"})
    void mergesLikeKubeApiserver(Case c) {
        ObjectNode target = (ObjectNode) json(c.target());
        ObjectNode before = target.deepCopy();
        c.want().check(() -> StrategicMergePatch.apply(c.type(), target, (ObjectNode) json(c.patch())));
        assertThat(target).as("the target is not changed").isEqualTo(before);
    }
}
