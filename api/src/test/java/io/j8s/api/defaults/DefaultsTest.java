package io.j8s.api.defaults;

import static io.j8s.api.Trees.assertSameTree;
import static io.j8s.api.Trees.type;
import static io.j8s.api.Trees.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a new workload, service or other non-pod object looks like after defaulting, compared with what a real kube-apiserver (1.32)
 * returns for {@code kubectl create --dry-run=server -o yaml}, less the fields the server itself
 * fills in (uid, timestamps, resourceVersion, generation, allocated cluster IPs and the
 * service-account token volume).
 */
class DefaultsTest {

    record Case(String name, String apiVersion, String kind, String input, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String TEMPLATE_SPEC_DEFAULTS = """
                  dnsPolicy: ClusterFirst
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  securityContext: {}
                  terminationGracePeriodSeconds: 30
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("kubectl create deployment nginx --image=nginx:1.27 --replicas=3", "apps/v1", "Deployment", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: nginx, namespace: default, labels: {app: nginx}}
                        spec:
                          replicas: 3
                          selector: {matchLabels: {app: nginx}}
                          strategy: {}
                          template:
                            metadata: {labels: {app: nginx}}
                            spec:
                              containers: [{name: nginx, image: "nginx:1.27", resources: {}}]
                        status: {}
                        """, """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: nginx, namespace: default, labels: {app: nginx}}
                        spec:
                          progressDeadlineSeconds: 600
                          replicas: 3
                          revisionHistoryLimit: 10
                          selector: {matchLabels: {app: nginx}}
                          strategy:
                            rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
                            type: RollingUpdate
                          template:
                            metadata: {labels: {app: nginx}}
                            spec:
                              containers:
                              - image: "nginx:1.27"
                                imagePullPolicy: IfNotPresent
                                name: nginx
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                        """ + TEMPLATE_SPEC_DEFAULTS + """
                        status: {}
                        """),
                new Case("a Job from the docs (pi)", "batch/v1", "Job", """
                        apiVersion: batch/v1
                        kind: Job
                        metadata: {name: pi, namespace: default, uid: 863452e6-270d-420e-9b94-53a54146c223}
                        spec:
                          backoffLimit: 4
                          template:
                            spec:
                              containers:
                              - name: pi
                                image: perl:5.34.0
                                command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
                              restartPolicy: Never
                        """, """
                        apiVersion: batch/v1
                        kind: Job
                        metadata:
                          name: pi
                          namespace: default
                          uid: 863452e6-270d-420e-9b94-53a54146c223
                          labels:
                            batch.kubernetes.io/controller-uid: 863452e6-270d-420e-9b94-53a54146c223
                            batch.kubernetes.io/job-name: pi
                            controller-uid: 863452e6-270d-420e-9b94-53a54146c223
                            job-name: pi
                        spec:
                          backoffLimit: 4
                          completionMode: NonIndexed
                          completions: 1
                          manualSelector: false
                          parallelism: 1
                          podReplacementPolicy: TerminatingOrFailed
                          selector:
                            matchLabels: {batch.kubernetes.io/controller-uid: 863452e6-270d-420e-9b94-53a54146c223}
                          suspend: false
                          template:
                            metadata:
                              labels:
                                batch.kubernetes.io/controller-uid: 863452e6-270d-420e-9b94-53a54146c223
                                batch.kubernetes.io/job-name: pi
                                controller-uid: 863452e6-270d-420e-9b94-53a54146c223
                                job-name: pi
                            spec:
                              containers:
                              - command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
                                image: perl:5.34.0
                                imagePullPolicy: IfNotPresent
                                name: pi
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                              dnsPolicy: ClusterFirst
                              restartPolicy: Never
                              schedulerName: default-scheduler
                              securityContext: {}
                              terminationGracePeriodSeconds: 30
                        """),
                new Case("kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *'", "batch/v1", "CronJob", """
                        apiVersion: batch/v1
                        kind: CronJob
                        metadata: {name: hello, namespace: default}
                        spec:
                          schedule: "*/1 * * * *"
                          jobTemplate:
                            metadata: {name: hello}
                            spec:
                              template:
                                spec:
                                  containers: [{name: hello, image: busybox, resources: {}}]
                                  restartPolicy: OnFailure
                        """, """
                        apiVersion: batch/v1
                        kind: CronJob
                        metadata: {name: hello, namespace: default}
                        spec:
                          concurrencyPolicy: Allow
                          failedJobsHistoryLimit: 1
                          schedule: "*/1 * * * *"
                          successfulJobsHistoryLimit: 3
                          suspend: false
                          jobTemplate:
                            metadata: {name: hello}
                            spec:
                              template:
                                spec:
                                  containers:
                                  - image: busybox
                                    imagePullPolicy: Always
                                    name: hello
                                    resources: {}
                                    terminationMessagePath: /dev/termination-log
                                    terminationMessagePolicy: File
                                  dnsPolicy: ClusterFirst
                                  restartPolicy: OnFailure
                                  schedulerName: default-scheduler
                                  securityContext: {}
                                  terminationGracePeriodSeconds: 30
                        """),
                new Case("the StatefulSet from the docs (web)", "apps/v1", "StatefulSet", """
                        apiVersion: apps/v1
                        kind: StatefulSet
                        metadata: {name: web, namespace: default}
                        spec:
                          serviceName: nginx
                          replicas: 2
                          selector: {matchLabels: {app: nginx}}
                          template:
                            metadata: {labels: {app: nginx}}
                            spec:
                              containers:
                              - name: nginx
                                image: registry.k8s.io/nginx-slim:0.21
                                ports: [{containerPort: 80, name: web}]
                                volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
                          volumeClaimTemplates:
                          - metadata: {name: www}
                            spec:
                              accessModes: [ReadWriteOnce]
                              resources: {requests: {storage: 1Gi}}
                        """, """
                        apiVersion: apps/v1
                        kind: StatefulSet
                        metadata: {name: web, namespace: default}
                        spec:
                          persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}
                          podManagementPolicy: OrderedReady
                          replicas: 2
                          revisionHistoryLimit: 10
                          selector: {matchLabels: {app: nginx}}
                          serviceName: nginx
                          template:
                            metadata: {labels: {app: nginx}}
                            spec:
                              containers:
                              - image: registry.k8s.io/nginx-slim:0.21
                                imagePullPolicy: IfNotPresent
                                name: nginx
                                ports: [{containerPort: 80, name: web, protocol: TCP}]
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                                volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
                        """ + TEMPLATE_SPEC_DEFAULTS + """
                          updateStrategy:
                            rollingUpdate: {partition: 0}
                            type: RollingUpdate
                          volumeClaimTemplates:
                          - apiVersion: v1
                            kind: PersistentVolumeClaim
                            metadata: {name: www}
                            spec:
                              accessModes: [ReadWriteOnce]
                              resources: {requests: {storage: 1Gi}}
                              volumeMode: Filesystem
                            status: {phase: Pending}
                        """),
                new Case("a DaemonSet", "apps/v1", "DaemonSet", """
                        apiVersion: apps/v1
                        kind: DaemonSet
                        metadata: {name: agent, namespace: kube-system}
                        spec:
                          selector: {matchLabels: {app: agent}}
                          template:
                            metadata: {labels: {app: agent}}
                            spec:
                              hostNetwork: true
                              containers: [{name: agent, image: "agent:2", ports: [{containerPort: 9100}]}]
                        """, """
                        apiVersion: apps/v1
                        kind: DaemonSet
                        metadata: {name: agent, namespace: kube-system}
                        spec:
                          revisionHistoryLimit: 10
                          selector: {matchLabels: {app: agent}}
                          template:
                            metadata: {labels: {app: agent}}
                            spec:
                              hostNetwork: true
                              containers:
                              - image: "agent:2"
                                imagePullPolicy: IfNotPresent
                                name: agent
                                ports: [{containerPort: 9100, protocol: TCP}]
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                        """ + TEMPLATE_SPEC_DEFAULTS + """
                          updateStrategy:
                            rollingUpdate: {maxSurge: 0, maxUnavailable: 1}
                            type: RollingUpdate
                        """),
                new Case("a ReplicationController takes selector and labels from its template", "v1", "ReplicationController", """
                        apiVersion: v1
                        kind: ReplicationController
                        metadata: {name: rc, namespace: default}
                        spec:
                          template:
                            metadata: {labels: {app: rc}}
                            spec:
                              containers: [{name: c, image: "busybox:1.36"}]
                        """, """
                        apiVersion: v1
                        kind: ReplicationController
                        metadata: {name: rc, namespace: default, labels: {app: rc}}
                        spec:
                          replicas: 1
                          selector: {app: rc}
                          template:
                            metadata: {labels: {app: rc}}
                            spec:
                              containers:
                              - image: "busybox:1.36"
                                imagePullPolicy: IfNotPresent
                                name: c
                                resources: {}
                                terminationMessagePath: /dev/termination-log
                                terminationMessagePolicy: File
                        """ + TEMPLATE_SPEC_DEFAULTS),
                new Case("kubectl create service clusterip my-svc --tcp=5678:8080", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: my-svc, namespace: default, labels: {app: my-svc}}
                        spec:
                          ports: [{name: 5678-8080, port: 5678, protocol: TCP, targetPort: 8080}]
                          selector: {app: my-svc}
                          type: ClusterIP
                        status: {loadBalancer: {}}
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: my-svc, namespace: default, labels: {app: my-svc}}
                        spec:
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{name: 5678-8080, port: 5678, protocol: TCP, targetPort: 8080}]
                          selector: {app: my-svc}
                          sessionAffinity: None
                          type: ClusterIP
                        status: {loadBalancer: {}}
                        """),
                new Case("a NodePort service with no targetPort", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          type: NodePort
                          selector: {app: web}
                          ports: [{port: 80}]
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{port: 80, protocol: TCP, targetPort: 80}]
                          selector: {app: web}
                          sessionAffinity: None
                          type: NodePort
                        status: {loadBalancer: {}}
                        """),
                new Case("a headless service", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: nginx, namespace: default}
                        spec:
                          clusterIP: None
                          selector: {app: nginx}
                          ports: [{port: 80, name: web}]
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: nginx, namespace: default}
                        spec:
                          clusterIP: None
                          clusterIPs: [None]
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{name: web, port: 80, protocol: TCP, targetPort: 80}]
                          selector: {app: nginx}
                          sessionAffinity: None
                          type: ClusterIP
                        status: {loadBalancer: {}}
                        """),
                new Case("a headless service without selector asks for both families", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: external-db, namespace: default}
                        spec: {clusterIP: None, ports: [{port: 5432}]}
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: external-db, namespace: default}
                        spec:
                          clusterIP: None
                          clusterIPs: [None]
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4, IPv6]
                          ipFamilyPolicy: RequireDualStack
                          ports: [{port: 5432, protocol: TCP, targetPort: 5432}]
                          sessionAffinity: None
                          type: ClusterIP
                        status: {loadBalancer: {}}
                        """),
                new Case("an ExternalName service gets no address fields", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: db, namespace: default}
                        spec: {type: ExternalName, externalName: db.example.com}
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: db, namespace: default}
                        spec: {externalName: db.example.com, sessionAffinity: None, type: ExternalName}
                        status: {loadBalancer: {}}
                        """),
                new Case("kubectl create namespace dev", "v1", "Namespace", """
                        apiVersion: v1
                        kind: Namespace
                        metadata: {name: dev}
                        spec: {}
                        status: {}
                        """, """
                        apiVersion: v1
                        kind: Namespace
                        metadata: {name: dev, labels: {kubernetes.io/metadata.name: dev}}
                        spec: {finalizers: [kubernetes]}
                        status: {phase: Active}
                        """),
                new Case("a Secret with stringData", "v1", "Secret", """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: s, namespace: default}
                        data: {a: YQ==}
                        stringData: {b: hello}
                        """, """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: s, namespace: default}
                        data: {a: YQ==, b: aGVsbG8=}
                        type: Opaque
                        """),
                new Case("a PersistentVolumeClaim", "v1", "PersistentVolumeClaim", """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data, namespace: default}
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1000Mi}}}
                        """, """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data, namespace: default}
                        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1000Mi}}, volumeMode: Filesystem}
                        status: {phase: Pending}
                        """),
                new Case("Endpoints and their port protocol", "v1", "Endpoints", """
                        apiVersion: v1
                        kind: Endpoints
                        metadata: {name: ep, namespace: default}
                        subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]
                        """, """
                        apiVersion: v1
                        kind: Endpoints
                        metadata: {name: ep, namespace: default}
                        subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80, protocol: TCP}]}]
                        """),
                new Case("an EndpointSlice port gets a name and a protocol", "discovery.k8s.io/v1", "EndpointSlice", """
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: es, namespace: default}
                        addressType: IPv4
                        endpoints: [{addresses: [10.0.0.1]}]
                        ports: [{port: 80}]
                        """, """
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata: {name: es, namespace: default}
                        addressType: IPv4
                        endpoints: [{addresses: [10.0.0.1]}]
                        ports: [{name: "", port: 80, protocol: TCP}]
                        """),
                new Case("a PriorityClass preempts by default", "scheduling.k8s.io/v1", "PriorityClass", """
                        apiVersion: scheduling.k8s.io/v1
                        kind: PriorityClass
                        metadata: {name: high}
                        value: 1000
                        """, """
                        apiVersion: scheduling.k8s.io/v1
                        kind: PriorityClass
                        metadata: {name: high}
                        preemptionPolicy: PreemptLowerPriority
                        value: 1000
                        """),
                new Case("a RoleBinding's refs get the RBAC group", "rbac.authorization.k8s.io/v1", "RoleBinding", """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: RoleBinding
                        metadata: {name: rb, namespace: default}
                        roleRef: {kind: Role, name: r}
                        subjects: [{kind: User, name: jane}, {kind: ServiceAccount, name: sa, namespace: default}]
                        """, """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: RoleBinding
                        metadata: {name: rb, namespace: default}
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
                        subjects:
                        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}
                        - {kind: ServiceAccount, name: sa, namespace: default}
                        """),
                new Case("a LimitRange fills container defaults from max and min", "v1", "LimitRange", """
                        apiVersion: v1
                        kind: LimitRange
                        metadata: {name: lr, namespace: default}
                        spec:
                          limits: [{type: Container, max: {cpu: "2"}, min: {memory: 64Mi}}]
                        """, """
                        apiVersion: v1
                        kind: LimitRange
                        metadata: {name: lr, namespace: default}
                        spec:
                          limits:
                          - type: Container
                            max: {cpu: "2"}
                            min: {memory: 64Mi}
                            default: {cpu: "2"}
                            defaultRequest: {cpu: "2", memory: 64Mi}
                        """),
                new Case("a ConfigMap has no defaults", "v1", "ConfigMap", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: cm, namespace: default}
                        data: {a: b}
                        """, """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: cm, namespace: default}
                        data: {a: b}
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

    record Update(String name, String apiVersion, String kind, String stored, String input, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Update> updates() {
        return Stream.of(
                new Update("a namespace update keeps its finalizers as sent", "v1", "Namespace", "{}",
                        "{apiVersion: v1, kind: Namespace, metadata: {name: dev}, spec: {finalizers: []}}",
                        "{apiVersion: v1, kind: Namespace, metadata: {name: dev, labels: {kubernetes.io/metadata.name: dev}}, "
                                + "spec: {finalizers: []}, status: {phase: Active}}"),
                new Update("a service replaced without its addresses keeps them", "v1", "Service", """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          clusterIP: 10.96.0.20
                          clusterIPs: [10.96.0.20]
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{port: 80, protocol: TCP, targetPort: 80, nodePort: 31080}, {port: 443, protocol: TCP, targetPort: 443, nodePort: 31443}]
                          selector: {app: web}
                          sessionAffinity: None
                          type: NodePort
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, name: http}, {port: 443, name: https, nodePort: 30443}]}
                        """, """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          clusterIP: 10.96.0.20
                          clusterIPs: [10.96.0.20]
                          externalTrafficPolicy: Cluster
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{name: http, port: 80, protocol: TCP, targetPort: 80, nodePort: 31080},
                                  {name: https, port: 443, protocol: TCP, targetPort: 443, nodePort: 30443}]
                          selector: {app: web}
                          sessionAffinity: None
                          type: NodePort
                        status: {loadBalancer: {}}
                        """),
                new Update("NodePort to ClusterIP drops the node ports and the external policy it left as they were", "v1", "Service",
                        NODE_PORT_SERVICE, NODE_PORT_SERVICE.replace("type: NodePort", "type: ClusterIP"), """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          clusterIP: 10.96.0.20
                          clusterIPs: [10.96.0.20]
                          internalTrafficPolicy: Cluster
                          ipFamilies: [IPv4]
                          ipFamilyPolicy: SingleStack
                          ports: [{port: 80, protocol: TCP, targetPort: 80}]
                          selector: {app: web}
                          sessionAffinity: None
                          type: ClusterIP
                        status: {loadBalancer: {}}
                        """),
                new Update("NodePort to ClusterIP keeps a node port the update changed, for validation to refuse", "v1", "Service",
                        NODE_PORT_SERVICE, NODE_PORT_SERVICE.replace("type: NodePort", "type: ClusterIP").replace("31080", "31081"),
                        NODE_PORT_SERVICE.replace("type: NodePort", "type: ClusterIP").replace("31080", "31081")
                                .replace("  externalTrafficPolicy: Cluster\n", "") + "status: {loadBalancer: {}}\n"),
                new Update("ClusterIP to ExternalName drops the addresses and families", "v1", "Service",
                        NODE_PORT_SERVICE.replace("type: NodePort", "type: ClusterIP").replace(", nodePort: 31080", "")
                                .replace("  externalTrafficPolicy: Cluster\n", ""),
                        NODE_PORT_SERVICE.replace("type: NodePort", "type: ExternalName\n  externalName: example.com")
                                .replace(", nodePort: 31080", "").replace("  externalTrafficPolicy: Cluster\n", ""), """
                        apiVersion: v1
                        kind: Service
                        metadata: {name: web, namespace: default}
                        spec:
                          externalName: example.com
                          internalTrafficPolicy: Cluster
                          ports: [{port: 80, protocol: TCP, targetPort: 80}]
                          selector: {app: web}
                          sessionAffinity: None
                          type: ExternalName
                        status: {loadBalancer: {}}
                        """));
    }

    private static final String NODE_PORT_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: default}
            spec:
              clusterIP: 10.96.0.20
              clusterIPs: [10.96.0.20]
              externalTrafficPolicy: Cluster
              internalTrafficPolicy: Cluster
              ipFamilies: [IPv4]
              ipFamilyPolicy: SingleStack
              ports: [{port: 80, protocol: TCP, targetPort: 80, nodePort: 31080}]
              selector: {app: web}
              sessionAffinity: None
              type: NodePort
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updatesGetOnlyTheDefaults(Update c) {
        ObjectNode obj = yaml(c.input());
        new Defaults(DefaultsConfig.UPSTREAM).applyOnUpdate(type(c.apiVersion(), c.kind()), obj, yaml(c.stored()));
        assertSameTree(obj, yaml(c.want()));
    }
}
