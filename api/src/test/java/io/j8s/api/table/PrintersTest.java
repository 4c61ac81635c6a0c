package io.j8s.api.table;

import static io.j8s.api.table.Tables.ago;
import static io.j8s.api.table.Tables.cells;
import static io.j8s.api.table.Tables.type;
import static io.j8s.api.table.Tables.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.ResourceType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind other than pods: the exact cells upstream's printers put in a row. */
class PrintersTest {

    record Case(String name, ResourceType type, String yaml, List<Object> want) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** metadata with a name and a creation time {@code age} before now. */
    private static String meta(String name, String age) {
        return "metadata: {name: " + name + ", namespace: default, creationTimestamp: \"" + ago(age) + "\"}\n";
    }

    static List<Case> cases() {
        return List.of(
                // core/v1
                new Case("control-plane node", type("", "nodes"), """
                        metadata:
                          name: cp-1
                          creationTimestamp: "%s"
                          labels: {node-role.kubernetes.io/control-plane: "", node-role.kubernetes.io/etcd: "", kubernetes.io/hostname: cp-1}
                        status:
                          conditions:
                          - {type: MemoryPressure, status: "False"}
                          - {type: Ready, status: "True"}
                          addresses:
                          - {type: InternalIP, address: 192.168.1.10}
                          - {type: Hostname, address: cp-1}
                          nodeInfo: {kubeletVersion: v1.32.0, osImage: Debian GNU/Linux 12 (bookworm), kernelVersion: 6.1.0-18-amd64, containerRuntimeVersion: "containerd://1.7.13"}
                        """.formatted(ago("76h")),
                        List.of("cp-1", "Ready", "control-plane,etcd", "3d4h", "v1.32.0", "192.168.1.10", "<none>",
                                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.7.13")),
                new Case("NotReady cordoned node", type("", "nodes"), """
                        metadata: {name: w-2, creationTimestamp: "%s", labels: {kubernetes.io/role: worker}}
                        spec: {unschedulable: true}
                        status:
                          conditions:
                          - {type: Ready, status: "False", reason: KubeletNotReady}
                          addresses:
                          - {type: ExternalIP, address: 203.0.113.7}
                        """.formatted(ago("400d")),
                        List.of("w-2", "NotReady,SchedulingDisabled", "worker", "400d", "", "<none>", "203.0.113.7",
                                "<unknown>", "<unknown>", "<unknown>")),
                new Case("node whose kubelet stopped posting status", type("", "nodes"), """
                        metadata: {name: w-3, creationTimestamp: "%s"}
                        status:
                          conditions:
                          - {type: Ready, status: Unknown, reason: NodeStatusUnknown}
                        """.formatted(ago("2h")),
                        List.of("w-3", "NotReady", "<none>", "120m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>")),
                new Case("node that never reported", type("", "nodes"), "metadata: {name: w-4, creationTimestamp: \"" + ago("5s") + "\"}",
                        List.of("w-4", "Unknown", "<none>", "5s", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>")),
                new Case("ClusterIP service", type("", "services"), meta("kube-dns", "2d") + """
                        spec:
                          type: ClusterIP
                          clusterIP: 10.96.0.10
                          clusterIPs: [10.96.0.10]
                          selector: {k8s-app: kube-dns}
                          ports:
                          - {name: dns, port: 53, protocol: UDP, targetPort: 53}
                          - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
                        """,
                        List.of("kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP", "2d", "k8s-app=kube-dns")),
                new Case("NodePort service", type("", "services"), meta("web", "3m") + """
                        spec:
                          type: NodePort
                          clusterIP: 10.96.12.34
                          clusterIPs: [10.96.12.34]
                          selector: {tier: frontend, app: web}
                          ports:
                          - {port: 80, nodePort: 30080, protocol: TCP, targetPort: 8080}
                        """,
                        List.of("web", "NodePort", "10.96.12.34", "<none>", "80:30080/TCP", "3m", "app=web,tier=frontend")),
                new Case("LoadBalancer waiting for an address", type("", "services"), meta("lb", "1m") + """
                        spec:
                          type: LoadBalancer
                          clusterIPs: [10.96.7.7]
                          ports:
                          - {port: 443, nodePort: 31443, protocol: TCP}
                        """,
                        List.of("lb", "LoadBalancer", "10.96.7.7", "<pending>", "443:31443/TCP", "60s", "<none>")),
                new Case("LoadBalancer with ingress and external IPs", type("", "services"), meta("lb2", "1m") + """
                        spec:
                          type: LoadBalancer
                          clusterIPs: [10.96.7.8]
                          externalIPs: [198.51.100.1]
                          ports:
                          - {port: 443, nodePort: 31444, protocol: TCP}
                        status:
                          loadBalancer:
                            ingress:
                            - {ip: 203.0.113.9}
                            - {hostname: lb.example.com}
                        """,
                        List.of("lb2", "LoadBalancer", "10.96.7.8", "203.0.113.9,lb.example.com,198.51.100.1", "443:31444/TCP", "60s", "<none>")),
                new Case("ExternalName service", type("", "services"), meta("db", "1m") + """
                        spec: {type: ExternalName, externalName: db.example.com}
                        """,
                        List.of("db", "ExternalName", "<none>", "db.example.com", "<none>", "60s", "<none>")),
                new Case("headless service", type("", "services"), meta("pg", "1m") + """
                        spec: {clusterIP: None, clusterIPs: [None], selector: {app: pg}, ports: [{port: 5432, protocol: TCP}]}
                        """,
                        List.of("pg", "ClusterIP", "None", "<none>", "5432/TCP", "60s", "app=pg")),
                new Case("endpoints beyond three", type("", "endpoints"), meta("web", "1m") + """
                        subsets:
                        - addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
                          ports: [{port: 8080, protocol: TCP}]
                        - addresses: [{ip: 10.0.0.3}, {ip: "fd00::4"}]
                          ports: [{port: 8080, protocol: TCP}]
                        """,
                        List.of("web", "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...", "60s")),
                new Case("endpoints of a headless service without ports", type("", "endpoints"), meta("pg", "1m") + """
                        subsets:
                        - addresses: [{ip: 10.0.0.1}, {ip: "fd00::4"}]
                        """,
                        List.of("pg", "10.0.0.1,fd00::4", "60s")),
                new Case("endpoints with an IPv6 address", type("", "endpoints"), meta("v6", "1m") + """
                        subsets:
                        - addresses: [{ip: "fd00::4"}]
                          ports: [{port: 80}]
                        """,
                        List.of("v6", "[fd00::4]:80", "60s")),
                new Case("endpoints without subsets", type("", "endpoints"), meta("none", "1m"),
                        List.of("none", "<none>", "60s")),
                new Case("namespace", type("", "namespaces"), meta("team-a", "30d") + "status: {phase: Active}",
                        List.of("team-a", "Active", "30d")),
                new Case("configmap counts data and binaryData", type("", "configmaps"), meta("cfg", "90s") + """
                        data: {a: "1", b: "2"}
                        binaryData: {c: AAEC}
                        """,
                        List.of("cfg", 3L, "90s")),
                new Case("secret", type("", "secrets"), meta("tls", "303m") + """
                        type: kubernetes.io/tls
                        data: {tls.crt: Y3J0, tls.key: a2V5}
                        """,
                        List.of("tls", "kubernetes.io/tls", 2L, "5h3m")),
                new Case("serviceaccount", type("", "serviceaccounts"), meta("default", "10d") + "secrets: [{name: default-token}]",
                        List.of("default", 1L, "10d")),
                new Case("bound persistent volume", type("", "persistentvolumes"), """
                        metadata: {name: pv-1, creationTimestamp: "%s"}
                        spec:
                          capacity: {storage: 10Gi}
                          accessModes: [ReadWriteMany, ReadWriteOnce]
                          persistentVolumeReclaimPolicy: Retain
                          storageClassName: standard
                          volumeMode: Filesystem
                          claimRef: {namespace: default, name: data}
                        status: {phase: Bound}
                        """.formatted(ago("2d")),
                        List.of("pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "2d", "Filesystem")),
                new Case("released volume being deleted, class from the beta annotation", type("", "persistentvolumes"), """
                        metadata:
                          name: pv-2
                          creationTimestamp: "%s"
                          deletionTimestamp: "%s"
                          annotations: {volume.beta.kubernetes.io/storage-class: slow}
                        spec: {capacity: {storage: 1Gi}, persistentVolumeReclaimPolicy: Delete, storageClassName: fast}
                        status: {phase: Released, reason: Failed}
                        """.formatted(ago("2d"), ago("1s")),
                        List.of("pv-2", "1Gi", "", "Delete", "Terminating", "", "slow", "<unset>", "Failed", "2d", "<unset>")),
                new Case("bound claim", type("", "persistentvolumeclaims"), meta("data", "2d") + """
                        spec: {volumeName: pv-1, storageClassName: standard, volumeMode: Filesystem, resources: {requests: {storage: 5Gi}}}
                        status: {phase: Bound, accessModes: [ReadWriteOnce], capacity: {storage: 10Gi}}
                        """,
                        List.of("data", "Bound", "pv-1", "10Gi", "RWO", "standard", "<unset>", "2d", "Filesystem")),
                new Case("pending claim shows no capacity", type("", "persistentvolumeclaims"), meta("data2", "2d") + """
                        spec: {storageClassName: standard, accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
                        status: {phase: Pending}
                        """,
                        List.of("data2", "Pending", "", "", "", "standard", "<unset>", "2d", "<unset>")),
                new Case("resource quota splits requests and limits", type("", "resourcequotas"), meta("compute", "1h") + """
                        status:
                          hard: {requests.cpu: "2", limits.memory: 4Gi, pods: "10", limits.cpu: "4"}
                          used: {requests.cpu: 500m, pods: "3", limits.cpu: "1"}
                        """,
                        List.of("compute", "pods: 3/10, requests.cpu: 500m/2", "limits.cpu: 1/4, limits.memory: 0/4Gi", "60m")),
                new Case("pod template", type("", "podtemplates"), meta("tpl", "1h") + """
                        template:
                          metadata: {labels: {app: web, tier: fe}}
                          spec: {containers: [{name: app, image: "nginx:1.27"}, {name: log, image: busybox}]}
                        """,
                        List.of("tpl", "app,log", "nginx:1.27,busybox", "app=web,tier=fe")),
                new Case("replication controller", type("", "replicationcontrollers"), meta("rc", "1h") + """
                        spec:
                          replicas: 3
                          selector: {app: web}
                          template: {spec: {containers: [{name: app, image: nginx}]}}
                        status: {replicas: 3, readyReplicas: 2}
                        """,
                        List.of("rc", 3L, 3L, 2L, "60m", "app", "nginx", "app=web")),
                new Case("event repeated", type("", "events"), meta("web-abc.17a2b3c4", "10m") + """
                        involvedObject: {kind: Pod, name: web-abc, namespace: default, fieldPath: "spec.containers{app}"}
                        reason: BackOff
                        message: "Back-off restarting failed container app in pod web-abc_default\\n"
                        source: {component: kubelet, host: node-1}
                        firstTimestamp: "%s"
                        lastTimestamp: "%s"
                        count: 5
                        type: Warning
                        """.formatted(ago("10m"), ago("2m")),
                        List.of("2m", "Warning", "BackOff", "pod/web-abc", "spec.containers{app}", "kubelet, node-1",
                                "Back-off restarting failed container app in pod web-abc_default", "10m", 5L, "web-abc.17a2b3c4")),
                new Case("event series", type("", "events"), meta("web.17a", "10m") + """
                        involvedObject: {kind: Deployment, name: web}
                        reason: ScalingReplicaSet
                        message: Scaled up replica set web-5d4f8c7b9 to 3
                        eventTime: "2025-01-01T11:50:00.000000Z"
                        series: {count: 12, lastObservedTime: "%s"}
                        reportingComponent: deployment-controller
                        type: Normal
                        """.formatted(ago("45s")),
                        List.of("45s", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
                                "Scaled up replica set web-5d4f8c7b9 to 3", "10m", 12L, "web.17a")),
                // events.k8s.io/v1: the same table, read through the conversion to core fields
                new Case("events.k8s.io event", type("events.k8s.io", "events"), meta("web-abc.17a", "30s") + """
                        eventTime: "2025-01-01T11:59:30.123456Z"
                        reportingController: default-scheduler
                        reportingInstance: default-scheduler-cp-1
                        action: Binding
                        reason: Scheduled
                        regarding: {kind: Pod, name: web-abc, namespace: default}
                        note: Successfully assigned default/web-abc to node-1
                        type: Normal
                        """,
                        List.of("29s", "Normal", "Scheduled", "pod/web-abc", "", "default-scheduler, default-scheduler-cp-1",
                                "Successfully assigned default/web-abc to node-1", "29s", 1L, "web-abc.17a")),
                new Case("events.k8s.io event with the deprecated fields", type("events.k8s.io", "events"), meta("old.17b", "1h") + """
                        eventTime: null
                        reason: Killing
                        regarding: {kind: Pod, name: old}
                        note: Stopping container app
                        type: Normal
                        deprecatedSource: {component: kubelet, host: node-1}
                        deprecatedFirstTimestamp: "%s"
                        deprecatedLastTimestamp: "%s"
                        deprecatedCount: 2
                        """.formatted(ago("1h"), ago("3m")),
                        List.of("3m", "Normal", "Killing", "pod/old", "", "kubelet, node-1", "Stopping container app", "60m", 2L, "old.17b")),
                // apps/v1
                new Case("deployment mid-rollout", type("apps", "deployments"), meta("web", "26h") + """
                        spec:
                          replicas: 3
                          selector: {matchLabels: {app: web}}
                          template: {spec: {containers: [{name: web, image: "nginx:1.27"}, {name: sidecar, image: "envoy:1.31"}]}}
                        status: {replicas: 4, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2}
                        """,
                        List.of("web", "2/3", 2L, 2L, "26h", "web,sidecar", "nginx:1.27,envoy:1.31", "app=web")),
                new Case("deployment without a selector prints an empty one", type("apps", "deployments"), meta("bare", "1m") + """
                        spec: {template: {spec: {containers: [{name: c, image: i}]}}}
                        """,
                        List.of("bare", "0/1", 0L, 0L, "60s", "c", "i", "")),
                new Case("replicaset", type("apps", "replicasets"), meta("web-5d4f8c7b9", "26h") + """
                        spec:
                          replicas: 3
                          selector: {matchLabels: {pod-template-hash: 5d4f8c7b9, app: web}}
                          template: {spec: {containers: [{name: web, image: "nginx:1.27"}]}}
                        status: {replicas: 3, readyReplicas: 2}
                        """,
                        List.of("web-5d4f8c7b9", 3L, 3L, 2L, "26h", "web", "nginx:1.27", "app=web,pod-template-hash=5d4f8c7b9")),
                new Case("statefulset", type("apps", "statefulsets"), meta("db", "8d") + """
                        spec:
                          replicas: 3
                          serviceName: db
                          selector: {matchLabels: {app: db}}
                          template: {spec: {containers: [{name: postgres, image: "postgres:16"}]}}
                        status: {replicas: 2, readyReplicas: 1}
                        """,
                        List.of("db", "1/3", "8d", "postgres", "postgres:16")),
                new Case("daemonset with a set-based selector", type("apps", "daemonsets"), meta("logs", "3d") + """
                        spec:
                          selector:
                            matchExpressions:
                            - {key: name, operator: In, values: [fluentd, fluent-bit]}
                            - {key: disabled, operator: DoesNotExist}
                          template:
                            spec:
                              nodeSelector: {kubernetes.io/os: linux}
                              containers: [{name: fluent-bit, image: "fluent-bit:3.1"}]
                        status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2}
                        """,
                        List.of("logs", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "3d", "fluent-bit", "fluent-bit:3.1",
                                "!disabled,name in (fluent-bit,fluentd)")),
                new Case("daemonset with an invalid selector", type("apps", "daemonsets"), meta("bad", "3d") + """
                        spec:
                          selector: {matchExpressions: [{key: a, operator: Near, values: [b]}]}
                        """,
                        List.of("bad", 0L, 0L, 0L, 0L, 0L, "<none>", "3d", "", "", "<error>")),
                new Case("controller revision", type("apps", "controllerrevisions"), """
                        metadata:
                          name: logs-6f8d9c
                          creationTimestamp: "%s"
                          ownerReferences:
                          - {apiVersion: apps/v1, kind: DaemonSet, name: logs, uid: u1, controller: true}
                        revision: 2
                        """.formatted(ago("3d")),
                        List.of("logs-6f8d9c", "daemonset.apps/logs", 2L, "3d")),
                // batch/v1
                new Case("complete job", type("batch", "jobs"), meta("pi", "10m") + """
                        spec:
                          completions: 1
                          parallelism: 1
                          selector: {matchLabels: {batch.kubernetes.io/controller-uid: 7f3c}}
                          template: {spec: {containers: [{name: pi, image: "perl:5.34"}]}}
                        status:
                          succeeded: 1
                          startTime: "%s"
                          completionTime: "%s"
                          conditions:
                          - {type: SuccessCriteriaMet, status: "True"}
                          - {type: Complete, status: "True"}
                        """.formatted(ago("600s"), ago("558s")),
                        List.of("pi", "Complete", "1/1", "42s", "10m", "pi", "perl:5.34", "batch.kubernetes.io/controller-uid=7f3c")),
                new Case("running work-queue job", type("batch", "jobs"), meta("queue", "5m") + """
                        spec: {parallelism: 3, template: {spec: {containers: [{name: w, image: worker}]}}}
                        status: {active: 3, startTime: "%s"}
                        """.formatted(ago("192s")),
                        List.of("queue", "Running", "0/1 of 3", "3m12s", "5m", "w", "worker", "<none>")),
                new Case("suspended job", type("batch", "jobs"), meta("later", "5m") + """
                        spec: {completions: 5, suspend: true, template: {spec: {containers: [{name: w, image: worker}]}}}
                        status:
                          conditions:
                          - {type: Suspended, status: "True"}
                        """,
                        List.of("later", "Suspended", "0/5", "", "5m", "w", "worker", "<none>")),
                new Case("failed job", type("batch", "jobs"), meta("oops", "5m") + """
                        spec: {completions: 1, template: {spec: {containers: [{name: w, image: worker}]}}}
                        status:
                          failed: 6
                          startTime: "%s"
                          conditions:
                          - {type: FailureTarget, status: "True"}
                          - {type: Failed, status: "True", reason: BackoffLimitExceeded}
                        """.formatted(ago("4m")),
                        List.of("oops", "Failed", "0/1", "4m", "5m", "w", "worker", "<none>")),
                new Case("cronjob", type("batch", "cronjobs"), meta("backup", "40d") + """
                        spec:
                          schedule: "*/5 * * * *"
                          suspend: false
                          jobTemplate: {spec: {template: {spec: {containers: [{name: b, image: restic}]}}}}
                        status:
                          active: [{kind: Job, name: backup-28934}]
                          lastScheduleTime: "%s"
                        """.formatted(ago("120s")),
                        List.of("backup", "*/5 * * * *", "<none>", "False", 1L, "2m", "40d", "b", "restic", "<none>")),
                new Case("cronjob never scheduled", type("batch", "cronjobs"), meta("nightly", "1m") + """
                        spec: {schedule: "0 3 * * *", timeZone: Europe/Paris, jobTemplate: {spec: {template: {spec: {containers: []}}}}}
                        """,
                        List.of("nightly", "0 3 * * *", "Europe/Paris", "<unset>", 0L, "<none>", "60s", "", "", "<none>")),
                // the smaller groups
                new Case("rolebinding", type("rbac.authorization.k8s.io", "rolebindings"), meta("edit-binding", "1h") + """
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
                        subjects:
                        - {kind: User, name: alice}
                        - {kind: Group, name: devs}
                        - {kind: ServiceAccount, name: ci, namespace: build}
                        - {kind: User, name: bob}
                        """,
                        List.of("edit-binding", "ClusterRole/edit", "60m", "alice, bob", "devs", "build/ci")),
                new Case("clusterrolebinding", type("rbac.authorization.k8s.io", "clusterrolebindings"), meta("admins", "1h") + """
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                        subjects: [{kind: Group, name: "system:masters"}]
                        """,
                        List.of("admins", "ClusterRole/cluster-admin", "60m", "", "system:masters", "")),
                new Case("approved and issued CSR", type("certificates.k8s.io", "certificatesigningrequests"), meta("alice", "5m") + """
                        spec: {signerName: kubernetes.io/kube-apiserver-client, username: alice, expirationSeconds: 86400, request: LS0t}
                        status:
                          certificate: LS0tLS1CRUdJTg==
                          conditions: [{type: Approved, status: "True"}]
                        """,
                        List.of("alice", "5m", "kubernetes.io/kube-apiserver-client", "alice", "24h", "Approved,Issued")),
                new Case("denied CSR", type("certificates.k8s.io", "certificatesigningrequests"), meta("mallory", "5m") + """
                        spec: {username: mallory, request: LS0t}
                        status:
                          conditions: [{type: Approved, status: "True"}, {type: Denied, status: "True"}, {type: Failed, status: "True"}]
                        """,
                        List.of("mallory", "5m", "<none>", "mallory", "<none>", "Denied,Failed")),
                new Case("lease", type("coordination.k8s.io", "leases"), meta("node-1", "400d") + "spec: {holderIdentity: node-1, leaseDurationSeconds: 40}",
                        List.of("node-1", "node-1", "400d")),
                new Case("endpointslice", type("discovery.k8s.io", "endpointslices"), meta("web-x7k2p", "1h") + """
                        addressType: IPv4
                        ports: [{name: http, port: 8080, protocol: TCP}, {name: metrics}]
                        endpoints:
                        - {addresses: [10.244.1.5], conditions: {ready: true}}
                        - {addresses: [10.244.2.7]}
                        """,
                        List.of("web-x7k2p", "IPv4", "8080,metrics", "10.244.1.5,10.244.2.7", "60m")),
                new Case("empty endpointslice", type("discovery.k8s.io", "endpointslices"), meta("web-empty", "1h") + "addressType: IPv4",
                        List.of("web-empty", "IPv4", "<unset>", "<unset>", "60m")),
                new Case("pod disruption budget", type("policy", "poddisruptionbudgets"), meta("web", "1h") + """
                        spec: {maxUnavailable: 25%, selector: {matchLabels: {app: web}}}
                        status: {disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, expectedPods: 4}
                        """,
                        List.of("web", "N/A", "25%", 1L, "60m")),
                new Case("priority class", type("scheduling.k8s.io", "priorityclasses"), meta("high", "1h") + """
                        value: 1000000
                        globalDefault: false
                        preemptionPolicy: PreemptLowerPriority
                        """,
                        List.of("high", 1000000L, false, "60m", "PreemptLowerPriority")),
                // kinds upstream has no printer for: its default convertor
                new Case("clusterrole", type("rbac.authorization.k8s.io", "clusterroles"), meta("view", "1h") + "rules: []",
                        List.of("view", "2025-01-01T11:00:00Z")),
                new Case("role", type("rbac.authorization.k8s.io", "roles"), meta("reader", "90s") + "rules: []",
                        List.of("reader", "2025-01-01T11:58:30Z")),
                new Case("limitrange", type("", "limitranges"), meta("limits", "2d") + "spec: {limits: []}",
                        List.of("limits", "2024-12-30T12:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsUpstreamCells(Case c) {
        assertThat(cells(c.type(), yaml(c.yaml()))).containsExactlyElementsOf(c.want());
    }
}
