package io.j8s.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Json;
import io.j8s.api.ResourceRegistry;
import io.j8s.api.ResourceType;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {

    private static final ResourceRegistry REGISTRY = ResourceRegistry.builtin();

    record Parse(String selector, String canonical, String error) {
        @Override
        public String toString() {
            return "'" + selector + "'";
        }
    }

    static Stream<Parse> parsing() {
        return Stream.of(
                new Parse("", "", null),
                new Parse("metadata.name=foo", "metadata.name=foo", null),
                new Parse("spec.nodeName==n1", "spec.nodeName=n1", null),
                new Parse("status.phase!=Running,spec.nodeName=n1", "spec.nodeName=n1,status.phase!=Running", null),
                new Parse("spec.nodeName=", "spec.nodeName=", null),
                new Parse("a=b\\,c,d=e\\=f\\\\", "a=b\\,c,d=e\\=f\\\\", null),
                new Parse(",,metadata.name=a,", "metadata.name=a", null),
                new Parse("a", null, "invalid selector: 'a'; can't understand 'a'"),
                new Parse("a=b,c", null, "invalid selector: 'a=b,c'; can't understand 'c'"),
                new Parse("a=b=c", null, "invalid field selector: unescaped character in value: 61"),
                new Parse("a=b\\x", null, "invalid field selector: invalid escape sequence: \\x"),
                new Parse("a=b\\", null, "invalid field selector: invalid escape sequence: \\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsing")
    void parsesUpstreamSyntax(Parse c) {
        if (c.error() == null) {
            FieldSelector s = FieldSelector.parse(c.selector());
            assertThat(s).hasToString(c.canonical());
            assertThat(FieldSelector.parse(s.toString())).as("the canonical form parses back").isEqualTo(s);
        } else {
            InvalidSelectorException e = catchThrowableOfType(InvalidSelectorException.class, () -> FieldSelector.parse(c.selector()));
            assertThat(e).as("a parse error").isNotNull();
            assertThat(e.getMessage()).isEqualTo(c.error());
            assertThat(e.code()).isEqualTo(400);
        }
    }

    /** A selector checked for a kind and matched against an object of it; error if the kind refuses it. */
    record Case(String name, String apiVersion, String kind, String selector, String object, boolean matches, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case match(String name, String apiVersion, String kind, String selector, String object) {
        return new Case(name, apiVersion, kind, selector, object, true, null);
    }

    private static Case noMatch(String name, String apiVersion, String kind, String selector, String object) {
        return new Case(name, apiVersion, kind, selector, object, false, null);
    }

    private static Case refused(String name, String apiVersion, String kind, String selector, String error) {
        return new Case(name, apiVersion, kind, selector, "{}", false, error);
    }

    static Stream<Case> byKind() {
        String scheduled = "{'metadata':{'name':'p','namespace':'default'},'spec':{'nodeName':'n1','restartPolicy':'Always'},"
                + "'status':{'phase':'Running','podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.9'},{'ip':'fd00::9'}]}}";
        String pending = "{'metadata':{'name':'q','namespace':'default'},'spec':{},'status':{'phase':'Pending'}}";
        return Stream.of(
                match("an empty node name selects pods on no node", "v1", "Pod", "spec.nodeName=", pending),
                noMatch("an empty node name skips scheduled pods", "v1", "Pod", "spec.nodeName=", scheduled),
                match("pods by node and phase", "v1", "Pod", "spec.nodeName=n1,status.phase=Running", scheduled),
                match("spec.host is the old name of spec.nodeName", "v1", "Pod", "spec.host=n1", scheduled),
                match("pods not failed", "v1", "Pod", "status.phase!=Failed", pending),
                match("hostNetwork reads false when unset", "v1", "Pod", "spec.hostNetwork=false", pending),
                match("podIP is the first of podIPs", "v1", "Pod", "status.podIP=10.0.0.9", scheduled),
                match("podIPs is accepted but always empty, as upstream", "v1", "Pod", "status.podIPs=", scheduled),
                match("pods by namespace", "v1", "Pod", "metadata.namespace=default,metadata.name=q", pending),
                refused("pods refuse other fields", "v1", "Pod", "spec.containers=x", "field label not supported: spec.containers"),
                match("nodes by unschedulable, false when unset", "v1", "Node", "spec.unschedulable=false", "{'metadata':{'name':'n1'}}"),
                match("cordoned nodes", "v1", "Node", "spec.unschedulable=true", "{'spec':{'unschedulable':true}}"),
                refused("nodes have no namespace field", "v1", "Node", "metadata.namespace=",
                        "field label not supported: metadata.namespace"),
                match("namespaces by phase", "v1", "Namespace", "status.phase=Active", "{'status':{'phase':'Active'}}"),
                match("secrets by type", "v1", "Secret", "type=kubernetes.io/tls", "{'type':'kubernetes.io/tls'}"),
                match("services by type and cluster IP", "v1", "Service", "spec.type=ClusterIP,spec.clusterIP=10.96.0.1",
                        "{'spec':{'type':'ClusterIP','clusterIP':'10.96.0.1'}}"),
                match("replication controllers by replicas, 0 when unset", "v1", "ReplicationController", "status.replicas=0", "{}"),
                match("jobs by successful, counted in status.succeeded", "batch/v1", "Job", "status.successful=2",
                        "{'status':{'succeeded':2}}"),
                match("jobs with no successes", "batch/v1", "Job", "status.successful=0", "{'status':{}}"),
                match("events by involved object", "v1", "Event", "involvedObject.kind=Pod,involvedObject.name=p,reason=Scheduled",
                        "{'involvedObject':{'kind':'Pod','name':'p'},'reason':'Scheduled'}"),
                match("event source is the source component", "v1", "Event", "source=kubelet,type=Normal",
                        "{'source':{'component':'kubelet'},'type':'Normal'}"),
                match("event source falls back to the reporting component", "v1", "Event", "source=scheduler",
                        "{'reportingComponent':'scheduler'}"),
                match("events.k8s.io events by regarding", "events.k8s.io/v1", "Event", "regarding.kind=Pod,reportingController=kubelet",
                        "{'regarding':{'kind':'Pod'},'reportingController':'kubelet'}"),
                match("certificate requests by signer", "certificates.k8s.io/v1", "CertificateSigningRequest",
                        "spec.signerName=kubernetes.io/kube-apiserver-client", "{'spec':{'signerName':'kubernetes.io/kube-apiserver-client'}}"),
                match("other kinds by name", "v1", "ConfigMap", "metadata.name=c", "{'metadata':{'name':'c'}}"),
                refused("other kinds refuse other fields with the default message", "v1", "ConfigMap", "data.x=y",
                        "\"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""),
                refused("replica sets have no status.replicas selector", "apps/v1", "ReplicaSet", "status.replicas=1",
                        "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("byKind")
    void selectsByTheFieldsUpstreamSupports(Case c) {
        ResourceType type = REGISTRY.byKind(c.apiVersion(), c.kind()).orElseThrow();
        FieldSelector parsed = FieldSelector.parse(c.selector());
        if (c.error() != null) {
            InvalidSelectorException e = catchThrowableOfType(InvalidSelectorException.class, () -> FieldSelectors.check(type, parsed));
            assertThat(e).as("refused").isNotNull();
            assertThat(e.getMessage()).isEqualTo(c.error());
            return;
        }
        FieldSelector checked = FieldSelectors.check(type, parsed);
        assertThat(FieldSelectors.matches(type, checked, object(c.object()))).isEqualTo(c.matches());
    }

    @Test
    void listsTheSupportedFieldsOfAKind() {
        ResourceType pod = REGISTRY.byKind("v1", "Pod").orElseThrow();
        assertThat(FieldSelectors.supported(pod)).containsExactlyInAnyOrder("metadata.name", "metadata.namespace",
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName");
        ResourceType deployment = REGISTRY.byKind("apps/v1", "Deployment").orElseThrow();
        assertThat(FieldSelectors.supported(deployment)).containsExactly("metadata.name", "metadata.namespace");
    }

    @Test
    void readsDottedPathsOfAnyObject() {
        FieldSelector s = FieldSelector.parse("metadata.name=web,spec.replicas=3,spec.paused=true,spec.missing=");
        assertThat(s.matches(object("{'metadata':{'name':'web'},'spec':{'replicas':3,'paused':true}}"))).isTrue();
        assertThat(s.matches(object("{'metadata':{'name':'web'},'spec':{'replicas':2,'paused':true}}"))).isFalse();
    }

    @Test
    void saysWhichFieldValueItPins() {
        FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
        assertThat(s.requiresExactMatch("spec.nodeName")).contains("n1");
        assertThat(s.requiresExactMatch("status.phase")).isEqualTo(Optional.empty());
    }

    private static ObjectNode object(String singleQuoted) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
