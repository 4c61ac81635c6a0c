package io.j8s.api.defaults;

import static io.j8s.api.Trees.assertSameTree;
import static io.j8s.api.Trees.type;
import static io.j8s.api.Trees.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pods after defaulting and pod admission, compared with what kube-apiserver (1.32) returns for
 * {@code kubectl run --dry-run=server -o yaml}, less what the server itself fills in (uid,
 * timestamps, the service-account token volume).
 */
class PodDefaultsTest {

    record Case(String name, String apiVersion, String kind, String input, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String TOLERATIONS = """
              tolerations:
              - effect: NoExecute
                key: node.kubernetes.io/not-ready
                operator: Exists
                tolerationSeconds: 300
              - effect: NoExecute
                key: node.kubernetes.io/unreachable
                operator: Exists
                tolerationSeconds: 300
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("kubectl run nginx --image=nginx", "v1", "Pod", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: nginx, namespace: default, labels: {run: nginx}}
                        spec:
                          containers:
                          - {name: nginx, image: nginx, resources: {}}
                          dnsPolicy: ClusterFirst
                          restartPolicy: Always
                        status: {}
                        """, """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: nginx, namespace: default, labels: {run: nginx}}
                        spec:
                          containers:
                          - image: nginx
                            imagePullPolicy: Always
                            name: nginx
                            resources: {}
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          preemptionPolicy: PreemptLowerPriority
                          priority: 0
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                          serviceAccount: default
                          serviceAccountName: default
                          terminationGracePeriodSeconds: 30
                        """ + TOLERATIONS + """
                        status: {phase: Pending, qosClass: BestEffort}
                        """),
                new Case("pod with limits, probes, volumes and a critical class", "v1", "Pod", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web, namespace: default}
                        spec:
                          priorityClassName: system-node-critical
                          serviceAccountName: builder
                          containers:
                          - name: web
                            image: registry.k8s.io/nginx:1.27@sha256:abc
                            ports: [{containerPort: 80, name: http}]
                            resources: {limits: {cpu: "0.5", memory: 1024Mi}}
                            env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
                            livenessProbe: {httpGet: {port: 80}}
                            readinessProbe: {tcpSocket: {port: http}, periodSeconds: 5}
                            volumeMounts: [{name: cfg, mountPath: /etc/cfg}, {name: scratch, mountPath: /tmp}]
                          volumes:
                          - {name: cfg, configMap: {name: web-config}}
                          - {name: scratch}
                          - {name: host, hostPath: {path: /var/log}}
                          - {name: token, secret: {secretName: t, defaultMode: 256}}
                        """, """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: web, namespace: default}
                        spec:
                          containers:
                          - name: web
                            image: registry.k8s.io/nginx:1.27@sha256:abc
                            imagePullPolicy: IfNotPresent
                            ports: [{containerPort: 80, name: http, protocol: TCP}]
                            resources:
                              limits: {cpu: 500m, memory: 1Gi}
                              requests: {cpu: 500m, memory: 1Gi}
                            env: [{name: NODE, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: spec.nodeName}}}]
                            livenessProbe:
                              httpGet: {path: /, port: 80, scheme: HTTP}
                              failureThreshold: 3
                              periodSeconds: 10
                              successThreshold: 1
                              timeoutSeconds: 1
                            readinessProbe:
                              tcpSocket: {port: http}
                              failureThreshold: 3
                              periodSeconds: 5
                              successThreshold: 1
                              timeoutSeconds: 1
                            terminationMessagePath: /dev/termination-log
                            terminationMessagePolicy: File
                            volumeMounts: [{name: cfg, mountPath: /etc/cfg}, {name: scratch, mountPath: /tmp}]
                          volumes:
                          - {name: cfg, configMap: {name: web-config, defaultMode: 420}}
                          - {name: scratch, emptyDir: {}}
                          - {name: host, hostPath: {path: /var/log, type: ""}}
                          - {name: token, secret: {secretName: t, defaultMode: 256}}
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          preemptionPolicy: PreemptLowerPriority
                          priority: 2000001000
                          priorityClassName: system-node-critical
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                          serviceAccount: builder
                          serviceAccountName: builder
                          terminationGracePeriodSeconds: 30
                        """ + TOLERATIONS + """
                        status: {phase: Pending, qosClass: Guaranteed}
                        """),
                new Case("a gated pod starts Pending and unscheduled, whatever status it was sent with", "v1", "Pod", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: gated, namespace: default}
                        spec:
                          schedulingGates: [{name: example.com/quota}]
                          tolerations: [{operator: Exists}]
                          containers: [{name: c, image: "busybox:1.36", resources: {requests: {cpu: 100m}}}]
                        status: {phase: Running, podIP: 10.244.1.7}
                        """, """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: gated, namespace: default}
                        spec:
                          schedulingGates: [{name: example.com/quota}]
                          tolerations: [{operator: Exists}]
                          containers:
                          - {name: c, image: "busybox:1.36", imagePullPolicy: IfNotPresent, resources: {requests: {cpu: 100m}},
                             terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File}
                          dnsPolicy: ClusterFirst
                          enableServiceLinks: true
                          preemptionPolicy: PreemptLowerPriority
                          priority: 0
                          restartPolicy: Always
                          schedulerName: default-scheduler
                          securityContext: {}
                          serviceAccount: default
                          serviceAccountName: default
                          terminationGracePeriodSeconds: 30
                        status:
                          phase: Pending
                          qosClass: Burstable
                          conditions:
                          - {type: PodScheduled, status: "False", reason: SchedulingGated,
                             message: Scheduling is blocked due to non-empty scheduling gates}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void defaultsLikeKubeApiserver(Case c) {
        ObjectNode obj = yaml(c.input());
        new Defaults(DefaultsConfig.UPSTREAM).apply(type(c.apiVersion(), c.kind()), obj);
        assertSameTree(obj, yaml(c.want()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void defaultingTwiceChangesNothing(Case c) {
        Defaults defaults = new Defaults(DefaultsConfig.UPSTREAM);
        ObjectNode once = yaml(c.input());
        defaults.apply(type(c.apiVersion(), c.kind()), once);
        ObjectNode twice = once.deepCopy();
        defaults.apply(type(c.apiVersion(), c.kind()), twice);
        assertSameTree(twice, once);
    }

    record Image(String image, String policy) {}

    static Stream<Image> images() {
        return Stream.of(new Image("nginx", "Always"), new Image("nginx:latest", "Always"), new Image("nginx:1.27", "IfNotPresent"),
                new Image("localhost:5000/nginx", "Always"), new Image("localhost:5000/nginx:1.2", "IfNotPresent"),
                new Image("nginx@sha256:0123", "IfNotPresent"), new Image("nginx:latest@sha256:0123", "Always"),
                new Image("Nginx", "IfNotPresent"), new Image("", "IfNotPresent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void pullsLatestAlwaysAndTaggedImagesIfNotPresent(Image c) {
        ObjectNode pod = yaml("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c}]}}");
        ((ObjectNode) pod.get("spec").get("containers").get(0)).put("image", c.image());
        new Defaults(DefaultsConfig.UPSTREAM).apply(type("v1", "Pod"), pod);
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo(c.policy());
    }

    record Tolerations(String name, DefaultsConfig config, String given, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Tolerations> tolerations() {
        return Stream.of(
                new Tolerations("the configured seconds", new DefaultsConfig(60, 120), "[]", """
                        [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 60},
                         {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 120}]"""),
                new Tolerations("a pod's own not-ready toleration is kept", DefaultsConfig.UPSTREAM,
                        "[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}]", """
                        [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute},
                         {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]"""),
                new Tolerations("tolerating everything needs nothing more", DefaultsConfig.UPSTREAM,
                        "[{operator: Exists}]", "[{operator: Exists}]"),
                new Tolerations("a NoSchedule toleration does not count", DefaultsConfig.UPSTREAM,
                        "[{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoSchedule}]", """
                        [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoSchedule},
                         {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300},
                         {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerations")
    void addsTheDefaultTolerationsToPods(Tolerations c) {
        ObjectNode pod = yaml("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: i}], tolerations: "
                + c.given() + "}}");
        new Defaults(c.config()).apply(type("v1", "Pod"), pod);
        assertSameTree(pod.get("spec").get("tolerations"), yaml("{t: " + c.want() + "}").get("t"));
    }

    record QosCase(String resources, String qos) {}

    static List<QosCase> qos() {
        return List.of(new QosCase("{}", "BestEffort"),
                new QosCase("{requests: {cpu: 100m}}", "Burstable"),
                new QosCase("{limits: {cpu: 100m, memory: 64Mi}}", "Guaranteed"),
                new QosCase("{limits: {cpu: 100m, memory: 64Mi}, requests: {cpu: 50m}}", "Burstable"),
                new QosCase("{limits: {cpu: 100m}}", "Burstable"),
                new QosCase("{requests: {ephemeral-storage: 1Gi}}", "BestEffort"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qos")
    void computesTheQosClass(QosCase c) {
        ObjectNode pod = yaml("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: i, resources: "
                + c.resources() + "}]}}");
        new Defaults(DefaultsConfig.UPSTREAM).apply(type("v1", "Pod"), pod);
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo(c.qos());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anUpdateGetsNoServiceAccountPriorityOrStatus(Case c) {
        ObjectNode obj = yaml(c.input());
        obj.remove("status");
        ((ObjectNode) obj.get("spec")).remove(List.of("serviceAccountName", "priority", "preemptionPolicy"));
        new Defaults(DefaultsConfig.UPSTREAM).applyOnUpdate(type(c.apiVersion(), c.kind()), obj, yaml(c.input()));
        assertThat(obj.has("status")).isFalse();
        assertThat(obj.get("spec").has("serviceAccountName")).isFalse();
        assertThat(obj.get("spec").has("priority")).isFalse();
        assertThat(obj.at("/spec/tolerations").isArray()).isTrue();
    }

    @Test
    void aPodUpdateGetsTheDefaultsOnly() {
        ObjectNode pod = yaml("{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: 'i:1'}], "
                + "tolerations: [{operator: Exists}]}}");
        new Defaults(DefaultsConfig.UPSTREAM).applyOnUpdate(type("v1", "Pod"), pod, pod.deepCopy());
        assertSameTree(pod, yaml("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - {name: c, image: 'i:1', imagePullPolicy: IfNotPresent, resources: {},
                     terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File}
                  tolerations: [{operator: Exists}]
                  dnsPolicy: ClusterFirst
                  enableServiceLinks: true
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
                """));
    }
}
