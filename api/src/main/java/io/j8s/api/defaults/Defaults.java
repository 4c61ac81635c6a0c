package io.j8s.api.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.ResourceType;
import java.util.Objects;

/**
 * Upstream's defaulting of the built-in kinds ({@code SetDefaults_*} in
 * {@code pkg/apis/*}{@code /v1/defaults.go}), together with the mutations upstream makes on the way
 * to storage that a client sees as defaults: the ServiceAccount, Priority and
 * DefaultTolerationSeconds admission plugins for pods, and the strategies' create-time fields (a
 * pod's initial status, a namespace's finalizer, a job's generated selector).
 *
 * <p>Objects are changed in place. They are expected to carry their kind and, for Jobs, the uid
 * the server assigned (the generated selector is made of it).
 */
public final class Defaults {

    private final DefaultsConfig config;

    public Defaults(DefaultsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Everything a new object gets before it is validated and stored: defaults, admission, create strategy. */
    public void apply(ResourceType type, ObjectNode obj) {
        apply(type, obj, null, true);
    }

    /**
     * What the new version of {@code old} gets on update or patch: the defaults, which upstream
     * applies on every decode, the DefaultTolerationSeconds admission, which runs on update too,
     * and for Services the allocated values (cluster IPs, node ports) the body left out. Create-only
     * mutations (a pod's service account and priority, initial status, a namespace's finalizer, a
     * job's selector) are not made: upstream's strategies carry those over from {@code old}, as the
     * server must (status, uid, creationTimestamp, generation too).
     */
    public void applyOnUpdate(ResourceType type, ObjectNode obj, ObjectNode old) {
        apply(type, obj, Objects.requireNonNull(old, "old"), false);
    }

    private void apply(ResourceType type, ObjectNode obj, ObjectNode old, boolean create) {
        switch (type.apiVersion() + "/" + type.kind()) {
            case "v1/Pod" -> {
                PodDefaults.podOnly(obj);
                ObjectNode spec = Nodes.object(obj, "spec");
                if (spec != null) PodDefaults.spec(spec);
                if (create) PodDefaults.onCreate(obj);
                PodDefaults.defaultTolerations(obj, config);
            }
            case "v1/PodTemplate" -> WorkloadDefaults.podTemplate(obj);
            case "v1/ReplicationController" -> WorkloadDefaults.replicationController(obj);
            case "v1/Service" -> CoreDefaults.service(obj, old);
            case "v1/Namespace" -> CoreDefaults.namespace(obj, create);
            case "v1/Secret" -> CoreDefaults.secret(obj);
            case "v1/PersistentVolumeClaim" -> CoreDefaults.persistentVolumeClaim(obj);
            case "v1/PersistentVolume" -> CoreDefaults.persistentVolume(obj);
            case "v1/Endpoints" -> CoreDefaults.endpoints(obj);
            case "v1/LimitRange" -> CoreDefaults.limitRange(obj);
            case "v1/Node" -> CoreDefaults.node(obj);
            case "apps/v1/Deployment" -> WorkloadDefaults.deployment(obj);
            case "apps/v1/ReplicaSet" -> WorkloadDefaults.replicaSet(obj);
            case "apps/v1/StatefulSet" -> WorkloadDefaults.statefulSet(obj);
            case "apps/v1/DaemonSet" -> WorkloadDefaults.daemonSet(obj);
            case "batch/v1/Job" -> WorkloadDefaults.job(obj, create);
            case "batch/v1/CronJob" -> WorkloadDefaults.cronJob(obj);
            case "discovery.k8s.io/v1/EndpointSlice" -> CoreDefaults.endpointSlice(obj);
            case "scheduling.k8s.io/v1/PriorityClass" -> CoreDefaults.priorityClass(obj);
            case "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding" -> CoreDefaults.roleBinding(obj);
            default -> { } // no defaults upstream (ConfigMap, ServiceAccount, Lease, Event, Role, ...)
        }
    }
}
