package io.j8s.kubelet.config;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirror pods (upstream's {@code mirrorClient}): the API's view of a static pod, same name and
 * spec, annotated {@code kubernetes.io/config.mirror} with the static pod's hash and owned by the
 * Node, so {@code kubectl get pods} shows it. The kubelet makes it, remakes it when the manifest
 * changed, and deletes it when the manifest is gone.
 */
public final class MirrorPods {

    private static final Logger log = LoggerFactory.getLogger(MirrorPods.class);

    private final KubernetesClient client;
    private final Supplier<Node> node;

    public MirrorPods(KubernetesClient client, Supplier<Node> node) {
        this.client = client;
        this.node = node;
    }

    /** Makes sure the mirror of {@code staticPod} exists and is of this version of it; answers the mirror. */
    public Pod ensure(Pod staticPod) {
        var m = staticPod.getMetadata();
        String hash = m.getAnnotations().get(StaticPods.CONFIG_HASH);
        var resource = client.pods().inNamespace(m.getNamespace()).withName(m.getName());
        try {
            Pod existing = resource.get();
            if (existing != null) {
                String has = existing.getMetadata().getAnnotations() == null ? null
                        : existing.getMetadata().getAnnotations().get(StaticPods.CONFIG_MIRROR);
                if (hash.equals(has) && existing.getMetadata().getDeletionTimestamp() == null) return existing;
                log.info("Deleting the mirror pod {}/{}: it is of another version of the static pod", m.getNamespace(), m.getName());
                resource.withGracePeriod(0).delete();
            }
            Map<String, String> annotations = new HashMap<>(m.getAnnotations());
            annotations.put(StaticPods.CONFIG_MIRROR, hash);
            ObjectMeta meta = new ObjectMeta();
            meta.setName(m.getName());
            meta.setNamespace(m.getNamespace());
            meta.setLabels(m.getLabels());
            meta.setAnnotations(annotations);
            Node n = node.get();
            if (n != null && n.getMetadata().getUid() != null) {
                meta.setOwnerReferences(List.of(new OwnerReference("v1", false, true, "Node", n.getMetadata().getName(),
                        n.getMetadata().getUid())));
            }
            Pod mirror = new PodBuilder().withMetadata(meta).withSpec(staticPod.getSpec()).build();
            Pod created = client.pods().inNamespace(m.getNamespace()).resource(mirror).create();
            log.info("Created mirror pod {}/{} for the static pod", m.getNamespace(), m.getName());
            return created;
        } catch (KubernetesClientException e) {
            log.info("Could not make the mirror pod {}/{}: {}", m.getNamespace(), m.getName(), e.getMessage());
            return null;
        }
    }

    /** Deletes the mirror of a static pod that is gone. */
    public void delete(Pod staticPod) {
        var m = staticPod.getMetadata();
        try {
            client.pods().inNamespace(m.getNamespace()).withName(m.getName()).withGracePeriod(0).delete();
            log.info("Deleted mirror pod {}/{}", m.getNamespace(), m.getName());
        } catch (KubernetesClientException e) {
            log.info("Could not delete the mirror pod {}/{}: {}", m.getNamespace(), m.getName(), e.getMessage());
        }
    }
}
