package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.Trees;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manifests clusters actually run (kubeadm's CoreDNS, a kube-proxy-like DaemonSet, the docs'
 * examples) are accepted as they are: no validation errors, no unknown fields.
 */
class RealManifestsTest {

    record Manifest(String name, String yaml) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Manifest> manifests() {
        return Stream.of(
                new Manifest("CoreDNS Deployment", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: coredns
                          namespace: kube-system
                          labels: {k8s-app: kube-dns}
                        spec:
                          replicas: 2
                          strategy:
                            type: RollingUpdate
                            rollingUpdate: {maxUnavailable: 1}
                          selector:
                            matchLabels: {k8s-app: kube-dns}
                          template:
                            metadata:
                              labels: {k8s-app: kube-dns}
                            spec:
                              priorityClassName: system-cluster-critical
                              serviceAccountName: coredns
                              affinity:
                                podAntiAffinity:
                                  preferredDuringSchedulingIgnoredDuringExecution:
                                  - weight: 100
                                    podAffinityTerm:
                                      labelSelector:
                                        matchExpressions:
                                        - {key: k8s-app, operator: In, values: [kube-dns]}
                                      topologyKey: kubernetes.io/hostname
                              tolerations:
                              - {key: CriticalAddonsOnly, operator: Exists}
                              - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
                              nodeSelector: {kubernetes.io/os: linux}
                              containers:
                              - name: coredns
                                image: registry.k8s.io/coredns/coredns:v1.11.3
                                imagePullPolicy: IfNotPresent
                                resources:
                                  limits: {memory: 170Mi}
                                  requests: {cpu: 100m, memory: 70Mi}
                                args: [-conf, /etc/coredns/Corefile]
                                volumeMounts:
                                - {name: config-volume, mountPath: /etc/coredns, readOnly: true}
                                ports:
                                - {containerPort: 53, name: dns, protocol: UDP}
                                - {containerPort: 53, name: dns-tcp, protocol: TCP}
                                - {containerPort: 9153, name: metrics, protocol: TCP}
                                securityContext:
                                  allowPrivilegeEscalation: false
                                  capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}
                                  readOnlyRootFilesystem: true
                                livenessProbe:
                                  httpGet: {path: /health, port: 8080, scheme: HTTP}
                                  initialDelaySeconds: 60
                                  timeoutSeconds: 5
                                  successThreshold: 1
                                  failureThreshold: 5
                                readinessProbe:
                                  httpGet: {path: /ready, port: 8181, scheme: HTTP}
                              dnsPolicy: Default
                              volumes:
                              - name: config-volume
                                configMap:
                                  name: coredns
                                  items: [{key: Corefile, path: Corefile}]
                        """),
                new Manifest("kube-dns Service", """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: kube-dns
                          namespace: kube-system
                          annotations: {prometheus.io/port: "9153", prometheus.io/scrape: "true"}
                          labels: {k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS}
                        spec:
                          selector: {k8s-app: kube-dns}
                          clusterIP: 10.96.0.10
                          ports:
                          - {name: dns, port: 53, protocol: UDP}
                          - {name: dns-tcp, port: 53, protocol: TCP}
                          - {name: metrics, port: 9153, protocol: TCP}
                        """),
                new Manifest("CoreDNS ClusterRole", """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: ClusterRole
                        metadata: {name: "system:coredns"}
                        rules:
                        - apiGroups: [""]
                          resources: [endpoints, services, pods, namespaces]
                          verbs: [list, watch]
                        - apiGroups: [discovery.k8s.io]
                          resources: [endpointslices]
                          verbs: [list, watch]
                        - nonResourceURLs: [/metrics]
                          verbs: [get]
                        """),
                new Manifest("CoreDNS ClusterRoleBinding", """
                        apiVersion: rbac.authorization.k8s.io/v1
                        kind: ClusterRoleBinding
                        metadata: {name: "system:coredns"}
                        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
                        subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
                        """),
                new Manifest("a kube-proxy-like DaemonSet", """
                        apiVersion: apps/v1
                        kind: DaemonSet
                        metadata: {name: kube-proxy, namespace: kube-system, labels: {k8s-app: kube-proxy}}
                        spec:
                          selector: {matchLabels: {k8s-app: kube-proxy}}
                          updateStrategy: {type: RollingUpdate}
                          template:
                            metadata: {labels: {k8s-app: kube-proxy}}
                            spec:
                              hostNetwork: true
                              priorityClassName: system-node-critical
                              serviceAccountName: kube-proxy
                              tolerations: [{operator: Exists}]
                              containers:
                              - name: kube-proxy
                                image: registry.k8s.io/kube-proxy:v1.32.0
                                command: [/usr/local/bin/kube-proxy, --config=/var/lib/kube-proxy/config.conf, --hostname-override=$(NODE_NAME)]
                                env:
                                - name: NODE_NAME
                                  valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                                securityContext: {privileged: true}
                                volumeMounts:
                                - {mountPath: /var/lib/kube-proxy, name: kube-proxy}
                                - {mountPath: /run/xtables.lock, name: xtables-lock}
                                - {mountPath: /lib/modules, name: lib-modules, readOnly: true}
                              volumes:
                              - {name: kube-proxy, configMap: {name: kube-proxy}}
                              - {name: xtables-lock, hostPath: {path: /run/xtables.lock, type: FileOrCreate}}
                              - {name: lib-modules, hostPath: {path: /lib/modules}}
                        """),
                new Manifest("a pod with init and sidecar containers, downward API and projected volumes", """
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: app, namespace: default, annotations: {kubectl.kubernetes.io/default-container: app}}
                        spec:
                          serviceAccountName: app
                          initContainers:
                          - {name: migrate, image: "app:1", command: [migrate]}
                          - name: proxy
                            image: "envoy:1.30"
                            restartPolicy: Always
                            readinessProbe: {tcpSocket: {port: 15000}}
                          containers:
                          - name: app
                            image: "app:1"
                            envFrom: [{configMapRef: {name: app-env}}, {prefix: DB_, secretRef: {name: db}}]
                            env:
                            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                            - {name: LIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory}}}
                            - {name: TEAM, valueFrom: {fieldRef: {fieldPath: "metadata.labels['team']"}}}
                            lifecycle: {preStop: {sleep: {seconds: 5}}}
                            startupProbe: {exec: {command: [cat, /ready]}, failureThreshold: 30}
                            volumeMounts:
                            - {name: info, mountPath: /etc/podinfo}
                            - {name: token, mountPath: /var/run/secrets/tokens}
                          volumes:
                          - name: info
                            downwardAPI:
                              items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
                          - name: token
                            projected:
                              sources:
                              - serviceAccountToken: {path: token, expirationSeconds: 3607, audience: vault}
                              - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
                          topologySpreadConstraints:
                          - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway,
                             labelSelector: {matchLabels: {app: app}}}
                        """),
                new Manifest("a namespace's quota and limits", """
                        apiVersion: v1
                        kind: ResourceQuota
                        metadata: {name: compute, namespace: team}
                        spec:
                          hard: {requests.cpu: "4", requests.memory: 8Gi, limits.cpu: "8", pods: "20", count/deployments.apps: "5"}
                        """),
                new Manifest("a node as a kubelet registers it", """
                        apiVersion: v1
                        kind: Node
                        metadata:
                          name: worker-1
                          labels: {kubernetes.io/hostname: worker-1, kubernetes.io/os: linux, node.kubernetes.io/instance-type: j8s}
                          annotations: {node.alpha.kubernetes.io/ttl: "0"}
                        spec:
                          podCIDR: 10.244.1.0/24
                          podCIDRs: [10.244.1.0/24]
                          taints: [{key: node.kubernetes.io/not-ready, effect: NoSchedule}]
                        status:
                          capacity: {cpu: "4", memory: 8Gi, pods: "110"}
                          addresses: [{type: InternalIP, address: 10.0.0.11}, {type: Hostname, address: worker-1}]
                          conditions: [{type: Ready, status: "False", reason: KubeletNotReady, message: starting,
                                        lastHeartbeatTime: "2024-01-01T00:00:00Z", lastTransitionTime: "2024-01-01T00:00:00Z"}]
                          nodeInfo: {architecture: amd64, kubeletVersion: v1.32.0, operatingSystem: linux, osImage: j8s,
                                     kernelVersion: "6.8", containerRuntimeVersion: "j8s://0.1", kubeProxyVersion: v1.32.0,
                                     machineID: m, systemUUID: s, bootID: b}
                        """),
                new Manifest("a kubelet's lease", """
                        apiVersion: coordination.k8s.io/v1
                        kind: Lease
                        metadata: {name: worker-1, namespace: kube-node-lease}
                        spec: {holderIdentity: worker-1, leaseDurationSeconds: 40, renewTime: "2024-01-01T00:00:00.000000Z"}
                        """),
                new Manifest("a scheduler's binding", """
                        apiVersion: v1
                        kind: Binding
                        metadata: {name: web-0, namespace: default}
                        target: {apiVersion: v1, kind: Node, name: worker-1}
                        """),
                new Manifest("a controller's event", """
                        apiVersion: events.k8s.io/v1
                        kind: Event
                        metadata: {name: web-0.17a1b2c3d4e5f6, namespace: default}
                        eventTime: "2024-01-01T00:00:00.000000Z"
                        reportingController: default-scheduler
                        reportingInstance: default-scheduler-control-plane
                        action: Binding
                        reason: Scheduled
                        type: Normal
                        note: Successfully assigned default/web-0 to worker-1
                        regarding: {apiVersion: v1, kind: Pod, name: web-0, namespace: default, uid: u1}
                        """),
                new Manifest("a kubelet's core event", """
                        apiVersion: v1
                        kind: Event
                        metadata: {name: web-0.17a1b2c3d4e5f6, namespace: default}
                        involvedObject: {apiVersion: v1, kind: Pod, name: web-0, namespace: default, uid: u1, fieldPath: "spec.containers{web}"}
                        reason: Pulled
                        message: Container image "nginx" already present on machine
                        source: {component: kubelet, host: worker-1}
                        firstTimestamp: "2024-01-01T00:00:00Z"
                        lastTimestamp: "2024-01-01T00:00:00Z"
                        count: 1
                        type: Normal
                        """),
                new Manifest("an EndpointSlice as the controller writes it", """
                        apiVersion: discovery.k8s.io/v1
                        kind: EndpointSlice
                        metadata:
                          name: kube-dns-abcde
                          namespace: kube-system
                          labels: {kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io}
                        addressType: IPv4
                        endpoints:
                        - addresses: [10.244.0.2]
                          conditions: {ready: true, serving: true, terminating: false}
                          nodeName: control-plane
                          targetRef: {kind: Pod, name: coredns-1, namespace: kube-system, uid: u}
                        ports:
                        - {name: dns, port: 53, protocol: UDP}
                        - {name: dns-tcp, port: 53, protocol: TCP}
                        """),
                new Manifest("a PDB", """
                        apiVersion: policy/v1
                        kind: PodDisruptionBudget
                        metadata: {name: coredns, namespace: kube-system}
                        spec: {maxUnavailable: 1, selector: {matchLabels: {k8s-app: kube-dns}}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void areValid(Manifest m) {
        ObjectNode obj = Fixtures.defaulted(m.yaml());
        assertThat(Validation.validateCreate(Fixtures.typeOf(obj), obj)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void haveOnlyKnownFields(Manifest m) {
        ObjectNode obj = Trees.yaml(m.yaml());
        assertThat(Validation.unknownFields(Fixtures.typeOf(obj), obj)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void remainValidWhenUpdatedUnchanged(Manifest m) {
        ObjectNode obj = Fixtures.defaulted(m.yaml());
        assertThat(Validation.validateUpdate(Fixtures.typeOf(obj), obj.deepCopy(), obj)).isEmpty();
    }
}
