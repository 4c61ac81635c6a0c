package io.j8s.api.validation;

import static io.j8s.api.validation.Fixtures.create;
import static io.j8s.api.validation.Fixtures.forbidden;
import static io.j8s.api.validation.Fixtures.invalid;
import static io.j8s.api.validation.Fixtures.notSupported;
import static io.j8s.api.validation.Fixtures.required;
import static io.j8s.api.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.FieldError;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers. */
class WorkloadValidationTest {

    record Case(String name, String yaml, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String deployment(String spec) {
        return "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: default}, spec: " + spec + "}";
    }

    static final String TEMPLATE = "template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}";
    static final String MISMATCH = "map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`";
    static final String EMPTY_SELECTOR = "v1.LabelSelector{MatchLabels:map[string]string(nil), "
            + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: ";

    static Stream<Case> creates() {
        return Stream.of(
                new Case("a valid deployment", deployment("{selector: {matchLabels: {app: web}}, " + TEMPLATE + "}"), List.of()),
                new Case("a deployment without selector", deployment("{" + TEMPLATE + "}"),
                        List.of(required("spec.selector", ""), invalid("spec.template.metadata.labels", MISMATCH))),
                new Case("a selector that misses the template", deployment("{selector: {matchLabels: {app: api}}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.template.metadata.labels", MISMATCH))),
                new Case("a selector expression that misses the template", deployment(
                        "{selector: {matchExpressions: [{key: app, operator: NotIn, values: [web]}]}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.template.metadata.labels", MISMATCH))),
                new Case("an empty selector", deployment("{selector: {}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.selector", EMPTY_SELECTOR + "empty selector is invalid for deployment"))),
                new Case("a bad selector operator", deployment(
                        "{selector: {matchExpressions: [{key: app, operator: Is, values: [web]}]}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.selector.matchExpressions[0].operator", "\"Is\": not a valid selector operator"),
                                invalid("spec.selector", "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:"
                                        + "[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Is\", "
                                        + "Values:[]string{\"web\"}}}}: invalid label selector"))),
                new Case("negative replicas and a template that does not always restart", deployment("""
                        {replicas: -1, selector: {matchLabels: {app: web}},
                         template: {metadata: {labels: {app: web}}, spec: {restartPolicy: Never, containers: [{name: web, image: nginx}]}}}"""),
                        List.of(invalid("spec.replicas", "-1: must be greater than or equal to 0"),
                                notSupported("spec.template.spec.restartPolicy", "\"Never\": supported values: \"Always\""))),
                new Case("a template whose pod spec is invalid", deployment("""
                        {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}"""),
                        List.of(required("spec.template.spec.containers[0].image", ""))),
                new Case("a rolling update that can make no progress", deployment(
                        "{selector: {matchLabels: {app: web}}, strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.strategy.rollingUpdate.maxUnavailable",
                                "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"))),
                new Case("percentages that are not", deployment(
                        "{selector: {matchLabels: {app: web}}, strategy: {rollingUpdate: {maxSurge: '10', maxUnavailable: 120%}}, " + TEMPLATE + "}"),
                        List.of(invalid("spec.strategy.rollingUpdate.maxSurge", "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"10\"}: a valid "
                                        + "percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex "
                                        + "used for validation is '[0-9]+%')"),
                                invalid("spec.strategy.rollingUpdate.maxUnavailable",
                                        "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%"))),
                new Case("Recreate with rolling-update parameters", deployment(
                        "{selector: {matchLabels: {app: web}}, strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}, " + TEMPLATE + "}"),
                        List.of(forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"))),
                new Case("a progress deadline no longer than minReadySeconds", deployment(
                        "{selector: {matchLabels: {app: web}}, minReadySeconds: 600, " + TEMPLATE + "}"),
                        List.of(invalid("spec.progressDeadlineSeconds", "600: must be greater than minReadySeconds"))),
                new Case("a ReplicaSet with an empty selector (upstream's message says deployment)", """
                        {apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: rs, namespace: default},
                         spec: {selector: {}, %s}}""".formatted(TEMPLATE),
                        List.of(invalid("spec.selector", EMPTY_SELECTOR + "empty selector is invalid for deployment"))),
                new Case("a valid StatefulSet", """
                        {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: default},
                         spec: {serviceName: db, selector: {matchLabels: {app: web}}, %s}}""".formatted(TEMPLATE), List.of()),
                new Case("a StatefulSet's pod spec is not checked here (upstream leaves it to the pods)", """
                        {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: default},
                         spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: Bad_Name}]}}}}""",
                        List.of()),
                new Case("a StatefulSet with an unknown pod management policy", """
                        {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: default},
                         spec: {podManagementPolicy: Random, selector: {matchLabels: {app: web}}, %s}}""".formatted(TEMPLATE),
                        List.of(invalid("spec.podManagementPolicy", "\"Random\": must be 'OrderedReady' or 'Parallel'"))),
                new Case("a DaemonSet that surges and takes nodes down at once", """
                        {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: default},
                         spec: {selector: {matchLabels: {app: web}}, updateStrategy: {rollingUpdate: {maxSurge: 1}}, %s}}""".formatted(TEMPLATE),
                        List.of(invalid("spec.updateStrategy.rollingUpdate.maxSurge",
                                "intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"))),
                new Case("a DaemonSet with an unknown update strategy", """
                        {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent, namespace: default},
                         spec: {selector: {matchLabels: {app: web}}, updateStrategy: {type: Sometimes}, %s}}""".formatted(TEMPLATE),
                        List.of(notSupported("spec.updateStrategy", "\"Sometimes\": supported values: \"RollingUpdate\", \"OnDelete\""))),
                new Case("a ReplicationController whose selector misses the template", """
                        {apiVersion: v1, kind: ReplicationController, metadata: {name: rc, namespace: default},
                         spec: {selector: {app: api}, %s}}""".formatted(TEMPLATE),
                        List.of(invalid("spec.template.metadata.labels", MISMATCH))),
                new Case("a PodTemplate's spec is checked under template", """
                        {apiVersion: v1, kind: PodTemplate, metadata: {name: pt, namespace: default},
                         template: {metadata: {labels: {"a/b/c": x}}, spec: {containers: [{name: c, image: x}]}}}""",
                        List.of(invalid("template.labels", "\"a/b/c\": a qualified name must consist of alphanumeric characters, '-', "
                                + "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                                + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional "
                                + "DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesNewWorkloads(Case c) {
        assertThat(create(c.yaml())).containsExactlyInAnyOrderElementsOf(c.want());
    }

    record Update(String name, String stored, Consumer<ObjectNode> change, List<FieldError> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String STORED = deployment("{selector: {matchLabels: {app: web}}, " + TEMPLATE + "}");
    static final String STORED_STS = """
            {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: default},
             spec: {serviceName: db, selector: {matchLabels: {app: web}}, %s}}""".formatted(TEMPLATE);

    static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.get("spec");
    }

    static Stream<Update> updates() {
        return Stream.of(
                new Update("scaling and a new image", STORED, d -> {
                    spec(d).put("replicas", 5);
                    ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("image", "nginx:1.27");
                }, List.of()),
                new Update("a new selector", STORED, d -> {
                    ((ObjectNode) d.at("/spec/selector/matchLabels")).put("app", "web2");
                    ((ObjectNode) d.at("/spec/template/metadata/labels")).put("app", "web2");
                }, List.of(invalid("spec.selector", "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, "
                        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"))),
                new Update("a StatefulSet scaled and re-imaged", STORED_STS, s -> {
                    spec(s).put("replicas", 3);
                    ((ObjectNode) s.at("/spec/template/spec/containers/0")).put("image", "nginx:1.27");
                }, List.of()),
                new Update("a StatefulSet with another service", STORED_STS, s -> spec(s).put("serviceName", "other"),
                        List.of(forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                                + "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' "
                                + "are forbidden"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesWorkloadUpdates(Update c) {
        assertThat(update(c.stored(), c.change())).containsExactlyInAnyOrderElementsOf(c.want());
    }
}
