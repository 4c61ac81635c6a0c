package io.j8s.api;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.List;
import java.util.Set;

/**
 * The kinds j8s serves, with the names, scopes, short names, categories and subresources that
 * upstream's discovery reports for them (Kubernetes 1.32).
 */
public final class BuiltinResources {

    private static final List<String> CREATE_ONLY = List.of("create");

    private BuiltinResources() {}

    public static List<ResourceType> all() {
        return ALL;
    }

    private static final List<ResourceType> ALL = List.of(
            // core/v1
            ns("", "v1", "Binding", "bindings", List.of(), List.of(), Set.of(), CREATE_ONLY, Binding.class),
            ns("", "v1", "ConfigMap", "configmaps", List.of("cm"), List.of(), Set.of(), ResourceType.ALL_VERBS, ConfigMap.class),
            ns("", "v1", "Endpoints", "endpoints", List.of("ep"), List.of(), Set.of(), ResourceType.ALL_VERBS, Endpoints.class),
            ns("", "v1", "Event", "events", List.of("ev"), List.of(), Set.of(), ResourceType.ALL_VERBS,
                    io.fabric8.kubernetes.api.model.Event.class),
            ns("", "v1", "LimitRange", "limitranges", List.of("limits"), List.of(), Set.of(), ResourceType.ALL_VERBS, LimitRange.class),
            cluster("", "v1", "Namespace", "namespaces", List.of("ns"), List.of(), Set.of("status", "finalize"),
                    List.of("create", "delete", "get", "list", "patch", "update", "watch"), Namespace.class),
            cluster("", "v1", "Node", "nodes", List.of("no"), List.of(), Set.of("status", "proxy"), ResourceType.ALL_VERBS, Node.class),
            ns("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"), List.of(), Set.of("status"),
                    ResourceType.ALL_VERBS, PersistentVolumeClaim.class),
            cluster("", "v1", "PersistentVolume", "persistentvolumes", List.of("pv"), List.of(), Set.of("status"),
                    ResourceType.ALL_VERBS, PersistentVolume.class),
            ns("", "v1", "Pod", "pods", List.of("po"), List.of("all"),
                    Set.of("status", "log", "exec", "attach", "binding", "eviction", "portforward", "proxy", "ephemeralcontainers"),
                    ResourceType.ALL_VERBS, Pod.class),
            ns("", "v1", "PodTemplate", "podtemplates", List.of(), List.of(), Set.of(), ResourceType.ALL_VERBS, PodTemplate.class),
            ns("", "v1", "ReplicationController", "replicationcontrollers", List.of("rc"), List.of("all"), Set.of("status", "scale"),
                    ResourceType.ALL_VERBS, ReplicationController.class),
            ns("", "v1", "ResourceQuota", "resourcequotas", List.of("quota"), List.of(), Set.of("status"),
                    ResourceType.ALL_VERBS, ResourceQuota.class),
            ns("", "v1", "Secret", "secrets", List.of(), List.of(), Set.of(), ResourceType.ALL_VERBS, Secret.class),
            ns("", "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), List.of(), Set.of("token"),
                    ResourceType.ALL_VERBS, ServiceAccount.class),
            ns("", "v1", "Service", "services", List.of("svc"), List.of("all"), Set.of("status", "proxy"),
                    List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"), Service.class),
            // apps/v1
            ns("apps", "v1", "ControllerRevision", "controllerrevisions", List.of(), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, ControllerRevision.class),
            ns("apps", "v1", "DaemonSet", "daemonsets", List.of("ds"), List.of("all"), Set.of("status"),
                    ResourceType.ALL_VERBS, DaemonSet.class),
            ns("apps", "v1", "Deployment", "deployments", List.of("deploy"), List.of("all"), Set.of("status", "scale"),
                    ResourceType.ALL_VERBS, Deployment.class),
            ns("apps", "v1", "ReplicaSet", "replicasets", List.of("rs"), List.of("all"), Set.of("status", "scale"),
                    ResourceType.ALL_VERBS, ReplicaSet.class),
            ns("apps", "v1", "StatefulSet", "statefulsets", List.of("sts"), List.of("all"), Set.of("status", "scale"),
                    ResourceType.ALL_VERBS, StatefulSet.class),
            // batch/v1
            ns("batch", "v1", "CronJob", "cronjobs", List.of("cj"), List.of("all"), Set.of("status"), ResourceType.ALL_VERBS, CronJob.class),
            ns("batch", "v1", "Job", "jobs", List.of(), List.of("all"), Set.of("status"), ResourceType.ALL_VERBS, Job.class),
            // certificates.k8s.io/v1
            cluster("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", List.of("csr"), List.of(),
                    Set.of("status", "approval"), ResourceType.ALL_VERBS, CertificateSigningRequest.class),
            // coordination.k8s.io/v1
            ns("coordination.k8s.io", "v1", "Lease", "leases", List.of(), List.of(), Set.of(), ResourceType.ALL_VERBS, Lease.class),
            // discovery.k8s.io/v1
            ns("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", List.of(), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, EndpointSlice.class),
            // events.k8s.io/v1
            ns("events.k8s.io", "v1", "Event", "events", List.of("ev"), List.of(), Set.of(), ResourceType.ALL_VERBS,
                    io.fabric8.kubernetes.api.model.events.v1.Event.class),
            // policy/v1
            ns("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", List.of("pdb"), List.of(), Set.of("status"),
                    ResourceType.ALL_VERBS, PodDisruptionBudget.class),
            // rbac.authorization.k8s.io/v1
            cluster("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", List.of(), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, ClusterRoleBinding.class),
            cluster("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", List.of(), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, ClusterRole.class),
            ns("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", List.of(), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, RoleBinding.class),
            ns("rbac.authorization.k8s.io", "v1", "Role", "roles", List.of(), List.of(), Set.of(), ResourceType.ALL_VERBS, Role.class),
            // scheduling.k8s.io/v1
            cluster("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", List.of("pc"), List.of(), Set.of(),
                    ResourceType.ALL_VERBS, PriorityClass.class));

    private static ResourceType ns(String group, String version, String kind, String plural, List<String> shortNames,
                                   List<String> categories, Set<String> sub, List<String> verbs, Class<? extends HasMetadata> type) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), true, shortNames, categories, sub, verbs, type);
    }

    private static ResourceType cluster(String group, String version, String kind, String plural, List<String> shortNames,
                                        List<String> categories, Set<String> sub, List<String> verbs, Class<? extends HasMetadata> type) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), false, shortNames, categories, sub, verbs, type);
    }
}
