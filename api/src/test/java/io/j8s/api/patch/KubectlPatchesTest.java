package io.j8s.api.patch;

import static io.j8s.api.patch.Want.bytes;
import static io.j8s.api.patch.Want.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bodies kubectl (1.27–1.33) and the kubelet really send, through {@link Patches#apply} as the
 * API server will call it, checked at the paths they change.
 */
class KubectlPatchesTest {

    private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();
    private static final ResourceType DEPLOYMENT = REGISTRY.byKind("apps/v1", "Deployment").orElseThrow();
    private static final ResourceType DAEMONSET = REGISTRY.byKind("apps/v1", "DaemonSet").orElseThrow();
    private static final ResourceType NODE = REGISTRY.byKind("v1", "Node").orElseThrow();
    private static final ResourceType POD = REGISTRY.byKind("v1", "Pod").orElseThrow();
    private static final ResourceType SERVICE = REGISTRY.byKind("v1", "Service").orElseThrow();

    private static final String LIVE_DEPLOYMENT = """
            {'apiVersion':'apps/v1','kind':'Deployment',
             'metadata':{'name':'web','namespace':'default','uid':'d1','resourceVersion':'10','generation':2,
               'labels':{'app':'web'},'finalizers':['example.com/a','example.com/b'],
               'annotations':{'deployment.kubernetes.io/revision':'2','kubectl.kubernetes.io/last-applied-configuration':'old'}},
             'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
               'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
               'template':{'metadata':{'labels':{'app':'web'}},
                 'spec':{'containers':[
                     {'name':'app','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],
                      'env':[{'name':'A','value':'1'},{'name':'B','value':'1'}],'resources':{},'imagePullPolicy':'IfNotPresent'},
                     {'name':'sidecar','image':'busybox','args':['sleep','3600']}],
                   'volumes':[{'name':'data','emptyDir':{}}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}},
             'status':{'replicas':2,'conditions':[{'type':'Available','status':'True'},{'type':'Progressing','status':'True'}]}}""";

    private static final String LIVE_DAEMONSET = """
            {'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'agent','namespace':'kube-system'},
             'spec':{'selector':{'matchLabels':{'app':'agent'}},
               'template':{'metadata':{'labels':{'app':'agent'},'annotations':{'kubectl.kubernetes.io/restartedAt':'t1'}},
                 'spec':{'containers':[{'name':'agent','image':'agent:2.0','env':[{'name':'DEBUG','value':'1'}]}],
                   'volumes':[{'name':'host','hostPath':{'path':'/var'}}]}}}}""";

    private static final String LIVE_NODE = """
            {'apiVersion':'v1','kind':'Node','metadata':{'name':'n1','labels':{'kubernetes.io/hostname':'n1'}},
             'spec':{'podCIDR':'10.244.0.0/24','podCIDRs':['10.244.0.0/24'],
               'taints':[{'key':'dedicated','value':'gpu','effect':'NoSchedule'}]},
             'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}]}}""";

    private static final String LIVE_POD = """
            {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'default','uid':'p1',
               'labels':{'app':'web'},
               'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'web-1','uid':'rs1','controller':true}]},
             'spec':{'nodeName':'n1','containers':[{'name':'app','image':'nginx'}]},
             'status':{'phase':'Pending','conditions':[
               {'type':'Initialized','status':'True'},{'type':'Ready','status':'False'},
               {'type':'ContainersReady','status':'False'},{'type':'PodScheduled','status':'True'}]}}""";

    private static final String LIVE_SERVICE = """
            {'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},
             'spec':{'type':'ClusterIP','clusterIP':'10.96.0.10',
               'ports':[{'name':'http','port':80,'protocol':'TCP','targetPort':8080},{'name':'https','port':443,'protocol':'TCP','targetPort':8443}]}}""";

    /** The value expected at a JSON pointer; null means the path must be absent. */
    record At(String pointer, String json) {}

    record Case(String name, ResourceType type, String live, PatchType patchType, String body, List<At> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> kubectlApply() {
        return Stream.of(
                new Case("apply changing one env var and adding another", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'new'}},
                         'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                           'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'},{'name':'C'}],
                             'env':[{'name':'B','value':'2'},{'name':'C','value':'3'}],'name':'app'}]}}}}""",
                        List.of(new At("/spec/template/spec/containers/0/env",
                                        "[{'name':'A','value':'1'},{'name':'B','value':'2'},{'name':'C','value':'3'}]"),
                                new At("/spec/template/spec/containers/0/image", "'nginx:1.25'"),
                                new At("/spec/template/spec/containers/1/name", "'sidecar'"),
                                new At("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration", "'new'"),
                                new At("/metadata/annotations/deployment.kubernetes.io~1revision", "'2'"))),
                new Case("apply removing an env var", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                          'containers':[{'$setElementOrder/env':[{'name':'B'}],'env':[{'$patch':'delete','name':'A'}],'name':'app'}]}}}}""",
                        List.of(new At("/spec/template/spec/containers/0/env", "[{'name':'B','value':'1'}]"))),
                new Case("apply removing a container", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'}],
                          'containers':[{'$patch':'delete','name':'sidecar'}]}}}}""",
                        List.of(new At("/spec/template/spec/containers/0/name", "'app'"),
                                new At("/spec/template/spec/containers/1", null))),
                new Case("apply adding a container between two", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'metrics'},{'name':'sidecar'}],
                          'containers':[{'image':'exporter:1','name':'metrics'}]}}}}""",
                        List.of(new At("/spec/template/spec/containers",
                                "[" + "{'name':'app','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],"
                                        + "'env':[{'name':'A','value':'1'},{'name':'B','value':'1'}],'resources':{},'imagePullPolicy':'IfNotPresent'},"
                                        + "{'image':'exporter:1','name':'metrics'},"
                                        + "{'name':'sidecar','image':'busybox','args':['sleep','3600']}]"))),
                new Case("apply removing a field of a container", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                          'containers':[{'name':'sidecar','args':null}]}}}}""",
                        List.of(new At("/spec/template/spec/containers/1", "{'name':'sidecar','image':'busybox'}"))),
                new Case("apply switching to the Recreate strategy clears rollingUpdate", DEPLOYMENT, LIVE_DEPLOYMENT,
                        PatchType.STRATEGIC_MERGE_PATCH, "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
                        List.of(new At("/spec/strategy", "{'type':'Recreate'}"))),
                new Case("apply switching a volume from emptyDir to configMap", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/volumes':[{'name':'data'}],
                          'volumes':[{'$retainKeys':['configMap','name'],'configMap':{'name':'web-config'},'emptyDir':null,'name':'data'}]}}}}""",
                        List.of(new At("/spec/template/spec/volumes", "[{'name':'data','configMap':{'name':'web-config'}}]"))),
                new Case("apply removing a finalizer", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'metadata':{'$deleteFromPrimitiveList/finalizers':['example.com/a'],'$setElementOrder/finalizers':['example.com/b']}}",
                        List.of(new At("/metadata/finalizers", "['example.com/b']"))),
                new Case("apply changing a service port's target", SERVICE, LIVE_SERVICE, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'$setElementOrder/ports':[{'port':80},{'port':443}],'ports':[{'port':80,'targetPort':8081}]}}",
                        List.of(new At("/spec/ports", "[{'name':'http','port':80,'protocol':'TCP','targetPort':8081},"
                                + "{'name':'https','port':443,'protocol':'TCP','targetPort':8443}]"))));
    }

    static Stream<Case> otherKubectlCommands() {
        return Stream.of(
                new Case("edit of replicas", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'replicas':5}}", List.of(new At("/spec/replicas", "5"), new At("/spec/strategy/type", "'RollingUpdate'"))),
                new Case("set image", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'app'},{'name':'sidecar'}],
                          'containers':[{'image':'nginx:1.27','name':'app'}]}}}}""",
                        List.of(new At("/spec/template/spec/containers/0/image", "'nginx:1.27'"),
                                new At("/spec/template/spec/containers/0/env/1/name", "'B'"))),
                new Case("rollout restart", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-01T00:00:00Z'}}}}}",
                        List.of(new At("/spec/template/metadata", "{'labels':{'app':'web'},"
                                + "'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-01T00:00:00Z'}}"))),
                new Case("rollout pause", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'paused':true}}", List.of(new At("/spec/paused", "true"))),
                new Case("rollout undo of a deployment replaces the template with a JSON patch", DEPLOYMENT, LIVE_DEPLOYMENT,
                        PatchType.JSON_PATCH, """
                        [{'op':'replace','path':'/spec/template','value':{'metadata':{'labels':{'app':'web'}},
                            'spec':{'containers':[{'name':'app','image':'nginx:1.24'}]}}},
                         {'op':'replace','path':'/metadata/annotations','value':{'deployment.kubernetes.io/revision':'1'}}]""",
                        List.of(new At("/spec/template", "{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'app','image':'nginx:1.24'}]}}"),
                                new At("/metadata/annotations", "{'deployment.kubernetes.io/revision':'1'}"),
                                new At("/spec/replicas", "2"))),
                new Case("rollout undo of a daemonset replaces the template with $patch: replace", DAEMONSET, LIVE_DAEMONSET,
                        PatchType.STRATEGIC_MERGE_PATCH, """
                        {'spec':{'template':{'$patch':'replace','metadata':{'labels':{'app':'agent'}},
                          'spec':{'containers':[{'name':'agent','image':'agent:1.0'}]}}}}""",
                        List.of(new At("/spec/template", "{'metadata':{'labels':{'app':'agent'}},'spec':{'containers':[{'name':'agent','image':'agent:1.0'}]}}"),
                                new At("/spec/selector", "{'matchLabels':{'app':'agent'}}"))),
                new Case("label, as a merge patch", POD, LIVE_POD, PatchType.MERGE_PATCH,
                        "{'metadata':{'labels':{'tier':'front'}}}", List.of(new At("/metadata/labels", "{'app':'web','tier':'front'}"))),
                new Case("label app- removes the label", POD, LIVE_POD, PatchType.MERGE_PATCH,
                        "{'metadata':{'labels':{'app':null}}}", List.of(new At("/metadata/labels", "{}"))),
                new Case("annotate --overwrite, as a merge patch", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.MERGE_PATCH,
                        "{'metadata':{'annotations':{'deployment.kubernetes.io/revision':'3'}}}",
                        List.of(new At("/metadata/annotations/deployment.kubernetes.io~1revision", "'3'"),
                                new At("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration", "'old'"))),
                new Case("scale, as a merge patch", DEPLOYMENT, LIVE_DEPLOYMENT, PatchType.MERGE_PATCH,
                        "{'spec':{'replicas':3}}", List.of(new At("/spec/replicas", "3"), new At("/spec/template/spec/containers/1/name", "'sidecar'"))),
                new Case("taint adds a taint by sending the whole list", NODE, LIVE_NODE, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'taints':[{'effect':'NoSchedule','key':'dedicated','value':'gpu'},{'effect':'NoExecute','key':'x','value':'y'}]}}",
                        List.of(new At("/spec/taints", "[{'effect':'NoSchedule','key':'dedicated','value':'gpu'},{'effect':'NoExecute','key':'x','value':'y'}]"))),
                new Case("taint dedicated- removes the last taint with null", NODE, LIVE_NODE, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'taints':null}}", List.of(new At("/spec/taints", null), new At("/spec/podCIDR", "'10.244.0.0/24'"))),
                new Case("cordon", NODE, LIVE_NODE, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'unschedulable':true}}", List.of(new At("/spec/unschedulable", "true"))),
                new Case("uncordon", NODE, "{'spec':{'unschedulable':true}}", PatchType.STRATEGIC_MERGE_PATCH,
                        "{'spec':{'unschedulable':null}}", List.of(new At("/spec/unschedulable", null))));
    }

    static Stream<Case> controllersAndKubelet() {
        return Stream.of(
                new Case("kubelet status patch orders conditions and replaces container statuses", POD, LIVE_POD,
                        PatchType.STRATEGIC_MERGE_PATCH, """
                        {'metadata':{'uid':'p1'},'status':{
                          '$setElementOrder/conditions':[{'type':'PodReadyToStartContainers'},{'type':'Initialized'},{'type':'Ready'},{'type':'ContainersReady'},{'type':'PodScheduled'}],
                          'conditions':[{'status':'True','type':'PodReadyToStartContainers'},{'status':'True','type':'Ready'},{'status':'True','type':'ContainersReady'}],
                          'containerStatuses':[{'name':'app','ready':true,'restartCount':0}],
                          'phase':'Running','podIP':'10.244.0.5','podIPs':[{'ip':'10.244.0.5'}]}}""",
                        List.of(new At("/status/conditions", "[{'status':'True','type':'PodReadyToStartContainers'},"
                                        + "{'type':'Initialized','status':'True'},{'status':'True','type':'Ready'},"
                                        + "{'status':'True','type':'ContainersReady'},{'type':'PodScheduled','status':'True'}]"),
                                new At("/status/podIPs", "[{'ip':'10.244.0.5'}]"),
                                new At("/status/phase", "'Running'"))),
                new Case("garbage collector orphaning removes an owner reference by uid", POD, LIVE_POD,
                        PatchType.STRATEGIC_MERGE_PATCH, "{'metadata':{'ownerReferences':[{'$patch':'delete','uid':'rs1'}],'uid':'p1'}}",
                        List.of(new At("/metadata/ownerReferences", "[]"))),
                new Case("node lifecycle adds a taint with a JSON patch test-and-add", NODE, LIVE_NODE, PatchType.JSON_PATCH,
                        "[{'op':'test','path':'/metadata/name','value':'n1'},"
                                + "{'op':'add','path':'/spec/taints/-','value':{'key':'node.kubernetes.io/unreachable','effect':'NoExecute'}}]",
                        List.of(new At("/spec/taints/1/key", "'node.kubernetes.io/unreachable'"))),
                new Case("kubelet address update merges by type", NODE, LIVE_NODE, PatchType.STRATEGIC_MERGE_PATCH,
                        "{'status':{'$setElementOrder/addresses':[{'type':'InternalIP'},{'type':'Hostname'}],"
                                + "'addresses':[{'address':'10.0.0.9','type':'InternalIP'}]}}",
                        List.of(new At("/status/addresses", "[{'type':'InternalIP','address':'10.0.0.9'},{'type':'Hostname','address':'n1'}]"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"kubectlApply", "otherKubectlCommands", "controllersAndKubelet"})
    void appliesWhatClientsSend(Case c) {
        ObjectNode live = (ObjectNode) json(c.live());
        ObjectNode before = live.deepCopy();
        ObjectNode patched = Patches.apply(c.patchType(), c.type(), live, bytes(c.body()));
        for (At at : c.want()) {
            if (at.json() == null) {
                assertThat(patched.at(at.pointer()).isMissingNode()).as(at.pointer() + " is gone").isTrue();
            } else {
                assertThat(patched.at(at.pointer())).as(at.pointer()).isEqualTo(json(at.json()));
            }
        }
        assertThat(live).as("the live object is not changed").isEqualTo(before);
    }
}
