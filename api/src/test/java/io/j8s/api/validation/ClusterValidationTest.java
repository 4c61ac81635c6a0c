package io.j8s.api.validation;

import static io.j8s.api.validation.Fixtures.create;
import static io.j8s.api.validation.Fixtures.forbidden;
import static io.j8s.api.validation.Fixtures.invalid;
import static io.j8s.api.validation.Fixtures.notSupported;
import static io.j8s.api.validation.Fixtures.required;
import static io.j8s.api.validation.Fixtures.tooLong;
import static io.j8s.api.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Metadata rules, and the kinds around the workloads: config, storage, nodes, events, policy, RBAC. */
class ClusterValidationTest {

    record Case(String name, String yaml, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String configMap(String metadata, String rest) {
        return "{apiVersion: v1, kind: ConfigMap, metadata: " + metadata + rest + "}";
    }

    static final String DNS_LABEL = PodValidationTest.DNS_LABEL;
    static final String PEM = java.util.Base64.getEncoder().encodeToString(
            "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n".getBytes());

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a label key with two slashes and an annotation key with a bad prefix", configMap("""
                        {name: cm, namespace: default, labels: {a/b/c: x}, annotations: {"-bad/key": v}}""", ""),
                        List.of(invalid("metadata.labels", "\"a/b/c\": a qualified name must consist of alphanumeric characters, '-', "
                                        + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
                                        + "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
                                        + "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                                invalid("metadata.annotations", "\"-bad/key\": prefix part " + PodValidationTest.DNS_SUBDOMAIN))),
                new Case("annotations over 256 KiB", configMap("{name: cm, namespace: default, annotations: {big: " + "x".repeat(262142) + "}}", ""),
                        List.of(tooLong("metadata.annotations", "may not be more than 262144 bytes"))),
                new Case("a name over 253 characters", configMap("{name: " + "a".repeat(254) + ", namespace: default}", ""),
                        List.of(invalid("metadata.name", "\"" + "a".repeat(254) + "\": must be no more than 253 characters"))),
                new Case("a bad finalizer and owner reference", configMap("""
                        {name: cm, namespace: default, finalizers: ["example.com/a/b"],
                         ownerReferences: [{apiVersion: apps/, kind: ReplicaSet, name: rs}]}""", ""),
                        List.of(invalid("metadata.finalizers", "\"example.com/a/b\": a qualified name must consist of alphanumeric "
                                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  "
                                        + "or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
                                        + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
                                invalid("metadata.ownerReferences.apiVersion", "\"apps/\": version must not be empty"),
                                invalid("metadata.ownerReferences.uid", "\"\": must not be empty"))),
                new Case("a namespace on a cluster-scoped kind", "{apiVersion: v1, kind: Node, metadata: {name: n1, namespace: default}}",
                        List.of(forbidden("metadata.namespace", "not allowed on this type"))),
                new Case("a ConfigMap key with a slash and one that is also binary", configMap("{name: cm, namespace: default}",
                        ", data: {a/b: x, c: y}, binaryData: {c: eQ==}"),
                        List.of(invalid("data[a/b]", "\"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or "
                                        + "'.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"),
                                invalid("data[c]", "\"c\": duplicate of key present in binaryData"))),
                new Case("a ConfigMap over 1 MiB", configMap("{name: cm, namespace: default}", ", data: {a: " + "x".repeat(1048577) + "}"),
                        List.of(tooLong("", "may not be more than 1048576 bytes"))),
                new Case("a TLS secret without key", """
                        {apiVersion: v1, kind: Secret, metadata: {name: tls, namespace: default}, type: kubernetes.io/tls, data: {tls.crt: Y2VydA==}}""",
                        List.of(required("data[tls.key]", ""))),
                new Case("a namespace named like a domain", "{apiVersion: v1, kind: Namespace, metadata: {name: team.a}}",
                        List.of(invalid("metadata.name", "\"team.a\": must not contain dots"))),
                new Case("a namespace finalizer that is not Kubernetes'", "{apiVersion: v1, kind: Namespace, metadata: {name: dev}, spec: {finalizers: [mine]}}",
                        List.of(invalid("spec.finalizers", "\"mine\": name is neither a standard finalizer name nor is it fully qualified"))),
                new Case("node taints with a bad effect and twice the same", """
                        {apiVersion: v1, kind: Node, metadata: {name: n1},
                         spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24],
                                taints: [{key: a, effect: Never}, {key: b, effect: NoSchedule}, {key: b, value: x, effect: NoSchedule}]}}""",
                        List.of(notSupported("spec.taints[0].effect", "\"Never\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""),
                                new FieldError("spec.taints[2]", "FieldValueDuplicate", "Duplicate value: core.Taint{Key:\"b\", Value:\"x\", "
                                        + "Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"))),
                new Case("a user priority class above a billion", "{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: top}, value: 1000000001}",
                        List.of(forbidden("value", "maximum allowed value of a user defined priority is 1000000000"))),
                new Case("a priority class in the system's name space", "{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: system-mine}, value: 5}",
                        List.of(forbidden("metadata.name", "priority class names with 'system-' prefix are reserved for system use only. "
                                + "error: system-mine is not a known system priority class"))),
                new Case("a lease that lasts no time", """
                        {apiVersion: coordination.k8s.io/v1, kind: Lease, metadata: {name: n1, namespace: kube-node-lease},
                         spec: {holderIdentity: n1, leaseDurationSeconds: 0}}""",
                        List.of(invalid("spec.leaseDurationSeconds", "0: must be greater than 0"))),
                new Case("a core event about an object in another namespace", """
                        {apiVersion: v1, kind: Event, metadata: {name: pod.1, namespace: dev},
                         involvedObject: {kind: Pod, name: p, namespace: prod}, reason: Started, message: started}""",
                        List.of(invalid("involvedObject.namespace", "\"prod\": does not match event.namespace"))),
                new Case("an events.k8s.io event missing its reporter", """
                        {apiVersion: events.k8s.io/v1, kind: Event, metadata: {name: pod.1, namespace: default},
                         eventTime: "2024-01-01T00:00:00.000000Z", type: Normal, action: Start, reason: Started, regarding: {kind: Pod, name: p, namespace: default}}""",
                        // Upstream checks the empty name as a qualified name too.
                        List.of(required("reportingController", ""), required("reportingInstance", ""),
                                invalid("reportingController", "\"\": name part must be non-empty"),
                                invalid("reportingController", "\"\": name part must consist of alphanumeric characters, '-', '_' or '.', "
                                        + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                                        + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"))),
                new Case("a binding to nothing", "{apiVersion: v1, kind: Binding, metadata: {name: p, namespace: default}, target: {kind: Pod}}",
                        List.of(notSupported("target.kind", "\"Pod\": supported values: \"Node\", \"<empty>\""), required("target.name", ""))),
                new Case("a claim without access mode or size", """
                        {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default}, spec: {resources: {}}}""",
                        List.of(required("spec.accessModes", "at least 1 access mode is required"), required("spec.resources[storage]", ""))),
                new Case("a budget with both bounds", """
                        {apiVersion: policy/v1, kind: PodDisruptionBudget, metadata: {name: pdb, namespace: default},
                         spec: {minAvailable: 1, maxUnavailable: 150%, selector: {matchLabels: {app: web}}}}""",
                        List.of(invalid("spec", "{\"minAvailable\":1,\"maxUnavailable\":\"150%\",\"selector\":{\"matchLabels\":{\"app\":\"web\"}}}: "
                                        + "minAvailable and maxUnavailable cannot be both set"),
                                invalid("spec.maxUnavailable", "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"))),
                new Case("a role rule without verbs and a binding to an unknown kind", """
                        {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: r, namespace: default},
                         rules: [{apiGroups: [""], resources: [pods]}, {verbs: [get], nonResourceURLs: [/healthz]}]}""",
                        List.of(required("rules[0].verbs", "verbs must contain at least one value"),
                                invalid("rules[1].nonResourceURLs", "[]string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs"))),
                new Case("a role binding to a ServiceAccount in a group, by a bad kind", """
                        {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: rb, namespace: default},
                         roleRef: {kind: Policy, name: r}, subjects: [{kind: ServiceAccount, name: sa, apiGroup: rbac.authorization.k8s.io}]}""",
                        List.of(notSupported("roleRef.kind", "\"Policy\": supported values: \"Role\", \"ClusterRole\""),
                                notSupported("subjects[0].apiGroup", "\"rbac.authorization.k8s.io\": supported values: \"\""))),
                new Case("a certificate request for any name", """
                        {apiVersion: certificates.k8s.io/v1, kind: CertificateSigningRequest, metadata: {name: "Any Name"},
                         spec: {request: %s, signerName: kubernetes.io/kube-apiserver-client, usages: [client auth]}}""".formatted(PEM), List.of()),
                new Case("a certificate request without signer or usages", """
                        {apiVersion: certificates.k8s.io/v1, kind: CertificateSigningRequest, metadata: {name: csr},
                         spec: {request: %s, usages: [flying]}}""".formatted(PEM),
                        List.of(required("spec.signerName", ""), notSupported("spec.usages[0]", "\"flying\": supported values: \"any\", "
                                + "\"cert sign\", \"client auth\", \"code signing\", \"content commitment\", \"crl sign\", \"data encipherment\", "
                                + "\"decipher only\", \"digital signature\", \"email protection\", \"encipher only\", \"ipsec end system\", "
                                + "\"ipsec tunnel\", \"ipsec user\", \"key agreement\", \"key encipherment\", \"microsoft sgc\", \"netscape sgc\", "
                                + "\"ocsp signing\", \"s/mime\", \"server auth\", \"signing\", \"timestamping\""))),
                new Case("a ServiceAccount gets the metadata rules", "{apiVersion: v1, kind: ServiceAccount, metadata: {name: Builder, namespace: default}}",
                        List.of(invalid("metadata.name", "\"Builder\": " + PodValidationTest.DNS_SUBDOMAIN))),
                new Case("a limit range default above its max", """
                        {apiVersion: v1, kind: LimitRange, metadata: {name: lr, namespace: default},
                         spec: {limits: [{type: Container, max: {cpu: 500m}, default: {cpu: '1'}}]}}""",
                        List.of(invalid("spec.limits[0].default[cpu]", "\"1\": default value 1 is greater than max value 500m"),
                                invalid("spec.limits[0].defaultRequest[cpu]", "\"1\": default request value 1 is greater than max value 500m"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesNewObjects(Case c) {
        assertThat(create(c.yaml())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    record Update(String name, String stored, Consumer<ObjectNode> change, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String IMMUTABLE_CM = configMap("{name: cm, namespace: default}", ", immutable: true, data: {a: b}");
    static final String NODE = "{apiVersion: v1, kind: Node, metadata: {name: n1}, spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24]}}";

    static Stream<Update> updates() {
        return Stream.of(
                new Update("new data in an immutable ConfigMap", IMMUTABLE_CM, c -> ((ObjectNode) c.get("data")).put("a", "c"),
                        List.of(forbidden("data", "field is immutable when `immutable` is set"))),
                new Update("an immutable ConfigMap made mutable", IMMUTABLE_CM, c -> c.put("immutable", false),
                        List.of(forbidden("immutable", "field is immutable when `immutable` is set"))),
                new Update("labels on an immutable ConfigMap", IMMUTABLE_CM, c -> ((ObjectNode) c.get("metadata")).putObject("labels").put("a", "b"),
                        List.of()),
                new Update("a secret of another type", "{apiVersion: v1, kind: Secret, metadata: {name: s, namespace: default}}",
                        s -> s.put("type", "kubernetes.io/basic-auth").putObject("data").put("username", "dQ=="),
                        List.of(invalid("type", "\"kubernetes.io/basic-auth\": field is immutable"))),
                new Update("another pod CIDR", NODE, n -> {
                    ((ObjectNode) n.get("spec")).put("podCIDR", "10.244.2.0/24");
                    ((ObjectNode) n.get("spec")).putArray("podCIDRs").add("10.244.2.0/24");
                }, List.of(forbidden("spec.podCIDRs[0]", "node updates may not change podCIDR except from \"\" to valid"))),
                new Update("another role", """
                        {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: rb, namespace: default},
                         roleRef: {kind: Role, name: r}, subjects: [{kind: User, name: jane}]}""",
                        rb -> ((ObjectNode) rb.get("roleRef")).put("name", "admin"),
                        List.of(invalid("roleRef", "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"admin\"}: "
                                + "cannot change roleRef"))),
                new Update("a resized unbound claim", """
                        {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: default},
                         spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}""",
                        c -> ((ObjectNode) c.at("/spec/resources/requests")).put("storage", "2Gi"),
                        List.of(forbidden("spec", "spec is immutable after creation except resources.requests for bound claims"))),
                new Update("a volume moved to another host path", """
                        {apiVersion: v1, kind: PersistentVolume, metadata: {name: pv1},
                         spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /data/a}}}""",
                        pv -> ((ObjectNode) pv.at("/spec/hostPath")).put("path", "/data/b"),
                        List.of(forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"))),
                new Update("a priority class with another value", "{apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: high}, value: 10}",
                        pc -> pc.put("value", 20), List.of(forbidden("value", "may not be changed in an update."))),
                new Update("a duplicated taint on update", NODE, n -> {
                    var taints = ((ObjectNode) n.get("spec")).putArray("taints");
                    taints.addObject().put("key", "a").put("effect", "NoSchedule");
                    taints.addObject().put("key", "a").put("effect", "NoSchedule");
                }, List.of(new FieldError("spec.taints[1]", "FieldValueDuplicate", "Duplicate value: core.Taint{Key:\"a\", Value:\"\", "
                        + "Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesUpdates(Update c) {
        assertThat(update(c.stored(), c.change())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void everyErrorHasAnUpstreamType(Case c) {
        assertThat(create(c.yaml())).allSatisfy(e -> assertThat(e.type()).isIn("FieldValueRequired", "FieldValueInvalid",
                "FieldValueDuplicate", "FieldValueNotSupported", "FieldValueForbidden", "FieldValueTooLong", "FieldValueTooMany",
                "FieldValueNotFound"));
    }
}
