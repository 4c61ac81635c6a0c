package io.j8s.scheduler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.j8s.scheduler.framework.ClusterLister;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's view of the cluster: one fabric8 SharedIndexInformer per kind it reads (pods,
 * nodes, and what plugins need), and the {@link ClusterLister} reading their stores. Nothing here
 * calls the API after the informers have listed.
 */
final class Informers implements ClusterLister, AutoCloseable {

    final SharedIndexInformer<Pod> pods;
    final SharedIndexInformer<Node> nodes;
    final SharedIndexInformer<Namespace> namespaces;
    final SharedIndexInformer<PersistentVolume> pvs;
    final SharedIndexInformer<PersistentVolumeClaim> pvcs;
    final SharedIndexInformer<StorageClass> storageClasses;
    final SharedIndexInformer<Service> services;
    final SharedIndexInformer<ReplicaSet> replicaSets;
    final SharedIndexInformer<StatefulSet> statefulSets;
    final SharedIndexInformer<ReplicationController> replicationControllers;
    final SharedIndexInformer<PriorityClass> priorityClasses;
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();

    Informers(KubernetesClient client) {
        priorityClasses = add(client.resources(PriorityClass.class).runnableInformer(0));
        namespaces = add(client.namespaces().runnableInformer(0));
        nodes = add(client.nodes().runnableInformer(0));
        pvs = add(client.persistentVolumes().runnableInformer(0));
        pvcs = add(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
        // Not every API server serves StorageClasses (j8s does not yet): without them, no claim waits for a consumer.
        storageClasses = client.supports(StorageClass.class) ? add(client.storage().v1().storageClasses().runnableInformer(0)) : null;
        services = add(client.services().inAnyNamespace().runnableInformer(0));
        replicaSets = add(client.apps().replicaSets().inAnyNamespace().runnableInformer(0));
        statefulSets = add(client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
        replicationControllers = add(client.replicationControllers().inAnyNamespace().runnableInformer(0));
        pods = add(client.pods().inAnyNamespace().runnableInformer(0));
    }

    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> i) {
        // client-go's reflector retries a failed list or watch forever; fabric8's informer stops
        // for good when its first list fails (a busy API server at start), so always retry.
        i.exceptionHandler((started, e) -> {
            LoggerFactory.getLogger(Informers.class).warn("{} an informer failed, retrying: {}", started ? "Watching" : "Listing",
                    e.toString());
            return true;
        });
        all.add(i);
        return i;
    }

    /**
     * Starts every informer and waits until each has listed. Priority classes first: pod events
     * resolve a class's priority from them.
     */
    void startAndSync(long timeoutMillis) throws Exception {
        priorityClasses.start().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (SharedIndexInformer<?> i : all) {
            if (i != priorityClasses) started.add(i.start().toCompletableFuture());
        }
        CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    boolean synced() {
        return all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    @Override
    public Map<String, String> namespaceLabels(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        return ns == null || ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    }

    @Override
    public PersistentVolumeClaim persistentVolumeClaim(String namespace, String name) {
        return pvcs.getStore().getByKey(key(namespace, name));
    }

    @Override
    public PersistentVolume persistentVolume(String name) {
        return pvs.getStore().getByKey(name);
    }

    @Override
    public StorageClass storageClass(String name) {
        return storageClasses == null ? null : storageClasses.getStore().getByKey(name);
    }

    @Override
    public Pod pod(String namespace, String name) {
        return pods.getStore().getByKey(key(namespace, name));
    }

    @Override
    public List<Service> services(String namespace) {
        return services.getIndexer().byIndex(io.fabric8.kubernetes.client.informers.cache.Cache.NAMESPACE_INDEX, namespace);
    }

    @Override
    public ReplicaSet replicaSet(String namespace, String name) {
        return replicaSets.getStore().getByKey(key(namespace, name));
    }

    @Override
    public StatefulSet statefulSet(String namespace, String name) {
        return statefulSets.getStore().getByKey(key(namespace, name));
    }

    @Override
    public ReplicationController replicationController(String namespace, String name) {
        return replicationControllers.getStore().getByKey(key(namespace, name));
    }

    /** The value of a PriorityClass, or null if there is none by that name. */
    Integer priorityOf(String className) {
        PriorityClass pc = priorityClasses.getStore().getByKey(className);
        return pc == null ? null : pc.getValue();
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> i : all) i.close();
    }
}
